package io.rapport.analytics.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The scoring write (ADR 0034): customer_values is rebuilt as a new table and swapped in by rename. Readers see the old
 * values until the swap, two scorings run one after the other, and a deleted contact's values disappear, also when the
 * contact is deleted while a scoring runs. Fit ids here are negative, so they name no real fit.
 */
@IntegrationTest
class ScoringWriteTest {

    static final Scoring.Model MODEL = new Scoring.Model(new BgNbd.Params(0.243, 4.414, 0.793, 2.426),
            new GammaGamma.Params(6.25, 3.74, 15.44), TimeUnit.WEEKS, 12, 0.01, 30);

    @LocalServerPort
    int port;
    @Autowired
    Scoring scoring;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    Api api;
    ApiFixtures fx;
    String admin;
    String tag;
    // the common pool may have a single thread, and the scorings block in the database
    static final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeEach
    void setUp() {
        api = new Api(port);
        admin = api.adminToken();
        fx = new ApiFixtures(api, admin);
        tag = "clvw-" + UUID.randomUUID().toString().substring(0, 8);
    }

    long contact(String name) {
        return fx.contact(name, tag, null).get("id").asLong();
    }

    /** A summary of the contacts: customer i has i + 1 repeat purchases over a year, orders at 10 + i each. */
    static Summaries.Data summary(long... contacts) {
        Summaries.Data d = new Summaries.Data();
        for (int i = 0; i < contacts.length; i++) {
            d.contact[i] = contacts[i];
            d.x[i] = i + 1;
            d.txDays[i] = 200 + i;
            d.ageDays[i] = 365;
            d.tx[i] = d.txDays[i] / 7.0;
            d.age[i] = 365 / 7.0;
            d.mean[i] = 10 + i;
            d.orders[i] = i + 2;
            d.revenue[i] = (10 + i) * (i + 2);
            d.first[i] = Timestamp.from(Instant.parse("1952-01-01T00:00:00Z"));
            d.last[i] = Timestamp.from(Instant.parse("1952-07-20T00:00:00Z"));
            d.currency[i] = "EUR";
        }
        d.n = contacts.length;
        return d;
    }

    int score(long fitId, long... contacts) {
        return scoring.score(fitId, MODEL, summary(contacts), new HashMap<>());
    }

    List<Long> fitIds() {
        return jdbc.sql("select distinct fit_id from customer_values order by 1").query(Long.class).list();
    }

    long rows(long fitId) {
        return jdbc.sql("select count(*) from customer_values where fit_id = :f").param("f", fitId).query(Long.class).single();
    }

    List<String> indexes() {
        return jdbc.sql("select indexname || ': ' || indexdef from pg_indexes where tablename = 'customer_values' order by 1")
                .query(String.class).list();
    }

    @Test
    void readersSeeTheOldValuesUntilTheSwapThenTheNewOnes() throws Exception {
        long a = contact("SwapA"), b = contact("SwapB"), c = contact("SwapC");
        assertThat(score(-3401, a, b)).isEqualTo(2);
        List<String> indexes = indexes();
        try (Connection reader = dataSource.getConnection()) {
            reader.setAutoCommit(false);
            assertThat(fitsSeenBy(reader)).containsExactly(-3401L);  // the reader now holds the table
            CompletableFuture<Integer> rescore = CompletableFuture.supplyAsync(() -> score(-3402, a, b, c), threads);
            // the new table is built and the scoring waits for the reader to let go of the old one
            await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql("""
                    select count(*) from pg_locks where relation = 'customer_values'::regclass and mode = 'AccessExclusiveLock'
                    and not granted and database = (select oid from pg_database where datname = current_database())""").query(Long.class).single() == 1);
            assertThat(fitsSeenBy(reader)).containsExactly(-3401L);
            reader.commit();
            assertThat(rescore.get()).isEqualTo(3);
        }
        assertThat(fitIds()).containsExactly(-3402L);
        assertThat(jdbc.sql("select predicted_clv > 0 and p_alive between 0 and 1 from customer_values where contact_id = :c")
                .param("c", c).query(Boolean.class).single()).isTrue();
        // the swapped-in table has the indexes of the migrations (V26) under their names, and no foreign keys
        assertThat(indexes()).isEqualTo(indexes).containsExactly(
                "customer_values_clv_idx: CREATE INDEX customer_values_clv_idx ON public.customer_values USING btree (predicted_clv DESC NULLS LAST)",
                "customer_values_pkey: CREATE UNIQUE INDEX customer_values_pkey ON public.customer_values USING btree (contact_id)");
        assertThat(jdbc.sql("select count(*) from pg_constraint where conrelid = 'customer_values'::regclass and contype = 'f'")
                .query(Long.class).single()).isZero();
    }

    private static List<Long> fitsSeenBy(Connection reader) throws Exception {
        try (Statement s = reader.createStatement(); ResultSet rs = s.executeQuery("select distinct fit_id from customer_values")) {
            List<Long> ids = new java.util.ArrayList<>();
            while (rs.next()) ids.add(rs.getLong(1));
            return ids;
        }
    }

    @Test
    void aSecondScoringWaitsForTheFirstAndThenReplacesItsValues() throws Exception {
        long a = contact("SerialA"), b = contact("SerialB");
        score(-3403, a);
        try (Connection otherNode = dataSource.getConnection()) {
            // another node is scoring: it holds the scoring lock
            otherNode.setAutoCommit(false);
            try (Statement s = otherNode.createStatement()) {
                s.execute("select pg_advisory_xact_lock(hashtext('rapport-clv-scoring'))");
            }
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> score(-3404, a, b), threads);
            CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> score(-3405, b), threads);
            await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(
                    "select count(*) from pg_locks where locktype = 'advisory' and not granted"
                    + " and database = (select oid from pg_database where datname = current_database())").query(Long.class).single() == 2);
            assertThat(fitIds()).containsExactly(-3403L);
            otherNode.commit();
            assertThat(first.get()).isEqualTo(2);
            assertThat(second.get()).isEqualTo(1);
        }
        // one scoring's rows, whole: never a mix of the two
        List<Long> fits = fitIds();
        assertThat(fits).hasSize(1);
        assertThat(rows(fits.get(0))).isEqualTo(fits.get(0) == -3404L ? 2 : 1);
    }

    @Test
    void aDeletedContactLosesItsValues() {
        long kept = contact("DeleteKept"), gone = contact("DeleteGone"), goneWhileScoring = contact("DeleteWhileScoring");
        score(-3406, kept, gone);
        assertThat(api.delete("/api/v1/contacts/" + gone, admin).status()).isEqualTo(204);
        assertThat(rows(-3406)).isEqualTo(1);
        // deleted after the summary was read and before the swap: the summary still has it, the table must not
        Summaries.Data d = summary(kept, goneWhileScoring);
        assertThat(api.delete("/api/v1/contacts/" + goneWhileScoring, admin).status()).isEqualTo(204);
        assertThat(scoring.score(-3407, MODEL, d, new HashMap<>())).isEqualTo(1);
        assertThat(jdbc.sql("select contact_id from customer_values").query(Long.class).list()).containsExactly(kept);
    }
}
