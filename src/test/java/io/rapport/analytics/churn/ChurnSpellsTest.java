package io.rapport.analytics.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rapport.analytics.rfm.RfmSegment;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.security.Role;
import io.rapport.support.Api;
import io.rapport.support.IntegrationTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The V35 churn spells (ADR 0035) against the live computation from the orders they replace: randomized order
 * histories in 1955–1964 (this class's years), changed by out-of-order and bulk inserts, status changes, date moves,
 * deletes, contact merges and contact deletions, then churn and retention per month and quarter compared period by
 * period over the whole base, one owner's book and an RFM segment, for the configured N and for a new N built by the
 * rebuild job.
 */
@IntegrationTest
class ChurnSpellsTest {

    private static final CurrentUser ADMIN = new CurrentUser(0, "spells@rapport.local", "Spells test", Role.ADMIN, null);
    private static final Instant BASE = LocalDate.of(1955, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ChurnRates rates;
    @Autowired
    ChurnSettings settings;
    @Autowired
    ChurnSpells spells;

    Random random;
    long seed;
    int days;
    final List<Long> contacts = new ArrayList<>();

    @Test
    void spellsGiveTheSameRatesAsTheLiveQueryOnRandomHistories() {
        seed = System.nanoTime();
        random = new Random(seed);
        jdbc.sql("delete from orders where ordered_at >= '1955-01-01' and ordered_at < '1965-01-01'").update();
        long owner = jdbc.sql("select min(id) from users").query(Long.class).single();
        ChurnDefinition before = settings.current();
        days = before.inactivityDays();
        await().atMost(Duration.ofMinutes(2)).until(() -> spells.ready(days));
        for (int i = 0; i < 40; i++) {
            contacts.add(jdbc.sql("insert into contacts (first_name, last_name, owner_id) values ('Spell', :n, :o) returning id")
                    .param("n", Api.unique("spells")).param("o", i % 3 == 0 ? owner : null).query(Long.class).single());
        }
        CurrentUser ownBook = new CurrentUser(owner, "owner@rapport.local", "Owner", Role.SALES, null);

        bulkInsert(300);
        compare(ADMIN, ownBook);
        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < 15; i++) insertOne();
            bulkInsert(40);                 // older and newer than what is there: out of order
            changeStatuses();
            moveDates();
            deleteSome();
            compare(ADMIN, ownBook);
        }
        mergeContacts();
        deleteContact();
        compare(ADMIN, ownBook);

        // a new inactivity length: the job builds its spells while the rates are computed live, then they agree
        int other = days == 30 ? 45 : 30;
        api().patch("/api/v1/analytics/churn/settings", api().adminToken(), "{\"inactivityDays\":" + other + "}");
        try {
            await().atMost(Duration.ofMinutes(2)).until(() -> spells.ready(other));
            assertThat(spells.set(other).orElseThrow().progress()).isEqualTo(1.0);
            days = other;
            bulkInsert(30);
            changeStatuses();
            compare(ADMIN, ownBook);
        } finally {
            api().patch("/api/v1/analytics/churn/settings", api().adminToken(), "{\"inactivityDays\":" + before.inactivityDays() + "}");
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> spells.ready(before.inactivityDays()));
        days = before.inactivityDays();
        compare(ADMIN, ownBook);
        assertThat(spells.set(other)).as("the set of an inactivity length no longer configured is dropped").isEmpty();
    }

    Api api() {
        return new Api(port);
    }

    /** A time in 1955–1964: often a midnight, sometimes exactly N days (± a second) after an existing order. */
    Instant time() {
        int kind = random.nextInt(10);
        if (kind < 2) {
            Instant other = jdbc.sql("select ordered_at from orders where ordered_at >= '1955-01-01' and ordered_at < '1965-01-01' "
                    + "order by random() limit 1").query(Timestamp.class).optional().map(Timestamp::toInstant).orElse(BASE);
            Instant t = other.plus(Duration.ofDays(days)).plusSeconds(random.nextInt(3) - 1);
            return t.isBefore(LocalDate.of(1965, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant()) ? t : BASE;
        }
        Instant day = BASE.plus(Duration.ofDays(random.nextInt(3650)));
        return kind < 5 ? day : day.plusSeconds(random.nextInt(86400));
    }

    String status() {
        int s = random.nextInt(10);
        return s == 0 ? "CANCELLED" : s == 1 ? "REFUNDED" : s == 2 ? "PAID" : "COMPLETED";
    }

    long someContact() {
        return contacts.get(random.nextInt(contacts.size()));
    }

    void insertOne() {
        jdbc.sql("insert into orders (number, contact_id, ordered_at, status, currency, total) values (:n, :c, :t, :s, 'EUR', 10)")
                .param("n", Api.unique("spo")).param("c", someContact()).param("t", Timestamp.from(time())).param("s", status()).update();
    }

    /** One statement of many orders for many contacts, some on the same instant as others. */
    void bulkInsert(int n) {
        StringJoiner values = new StringJoiner(", ");
        Instant shared = time();
        for (int i = 0; i < n; i++) {
            Instant t = random.nextInt(8) == 0 ? shared : time();
            values.add("('" + Api.unique("spb") + "', " + someContact() + ", timestamptz '" + t + "', '" + status() + "', 'EUR', 10)");
        }
        jdbc.sql("insert into orders (number, contact_id, ordered_at, status, currency, total) values " + values).update();
    }

    List<Long> someOrders(int n) {
        return jdbc.sql("select id from orders where contact_id = any(cast(:c as bigint[])) order by random() limit :n")
                .param("c", contacts.toArray(Long[]::new)).param("n", n).query(Long.class).list();
    }

    void changeStatuses() {
        for (Long id : someOrders(12)) {
            jdbc.sql("update orders set status = :s where id = :id").param("s", status()).param("id", id).update();
        }
        // one statement over many contacts: cancel some, revive others
        jdbc.sql("update orders set status = case when status = 'CANCELLED' then 'COMPLETED' else 'CANCELLED' end where id = any(cast(:ids as bigint[]))")
                .param("ids", someOrders(10).toArray(Long[]::new)).update();
    }

    void moveDates() {
        for (Long id : someOrders(8)) {
            jdbc.sql("update orders set ordered_at = :t where id = :id").param("t", Timestamp.from(time())).param("id", id).update();
        }
        jdbc.sql("update orders set contact_id = :c where id = any(cast(:ids as bigint[]))")
                .param("c", someContact()).param("ids", someOrders(3).toArray(Long[]::new)).update();
    }

    void deleteSome() {
        jdbc.sql("delete from orders where id = any(cast(:ids as bigint[]))").param("ids", someOrders(10).toArray(Long[]::new)).update();
    }

    /** A merge moves the loser's orders to the winner and deletes the loser. */
    void mergeContacts() {
        long loser = contacts.remove(0), winner = contacts.get(0);
        jdbc.sql("update orders set contact_id = :w where contact_id = :l").param("w", winner).param("l", loser).update();
        jdbc.sql("delete from contacts where id = :l").param("l", loser).update();
    }

    /** A deleted contact's orders lose their contact (FK SET NULL): the contact's spells go. */
    void deleteContact() {
        long gone = contacts.remove(contacts.size() - 1);
        jdbc.sql("delete from contacts where id = :id").param("id", gone).update();
        assertThat(jdbc.sql("select count(*) from churn_spells where contact_id = :id").param("id", gone).query(Long.class).single()).isZero();
    }

    void compare(CurrentUser... users) {
        assertThat(spells.ready(days)).isTrue();
        ChurnDefinition def = new ChurnDefinition(ChurnDefinition.Kind.INACTIVITY, days, 0.3, 90, Instant.now());
        List<List<Periods.Period>> ranges = List.of(
                Periods.between(LocalDate.of(1955, 1, 1), LocalDate.of(1964, 12, 31), Periods.Unit.MONTH),
                Periods.between(LocalDate.of(1955, 1, 1), LocalDate.of(1966, 12, 31), Periods.Unit.QUARTER),
                Periods.between(LocalDate.of(1964, 6, 1), LocalDate.of(1965, 9, 30), Periods.Unit.MONTH));
        long activeSeen = 0;
        for (CurrentUser user : users) {
            String filter = RecordVisibility.condition(user, "c");
            for (int r = 0; r < ranges.size(); r++) {
                List<Periods.Period> periods = ranges.get(r);
                Periods.Unit unit = r == 1 ? Periods.Unit.QUARTER : Periods.Unit.MONTH;
                List<long[]> expected = rates.live(user, def, periods, unit, filter, null);
                List<long[]> actual = rates.fromSpells(user, def, periods, filter, null);
                assertSame(expected, actual, periods, user.role() + " " + unit);
                activeSeen += expected.stream().mapToLong(x -> x[0]).sum();
            }
        }
        // an RFM segment goes through the scoped spells query too
        RfmSegment segment = RfmSegment.parse("segment", "at-risk");
        String filter = "true and " + io.rapport.analytics.rfm.Rfm.inSegment("c");
        List<Periods.Period> periods = ranges.get(0);
        assertSame(rates.live(ADMIN, def, periods, Periods.Unit.MONTH, filter, segment),
                rates.fromSpells(ADMIN, def, periods, filter, segment), periods, "segment at-risk");
        assertThat(activeSeen).as("the histories give customers to count").isPositive();
        String fromSpells = """
                select day, sum(s) s, sum(c) c from (
                    select (started_at at time zone 'UTC')::date as day, 1 s, 0 c from churn_spells where inactivity_days = :d
                    union all select (churn_at at time zone 'UTC')::date, 0, 1 from churn_spells where inactivity_days = :d) x group by day""";
        String kept = "select day, starts, churns from churn_spell_days where inactivity_days = :d and (starts <> 0 or churns <> 0)";
        long daysDiff = jdbc.sql("select (select count(*) from ((" + fromSpells + ") except (" + kept + ")) a) + "
                        + "(select count(*) from ((" + kept + ") except (" + fromSpells + ")) b)")
                .param("d", days).query(Long.class).single();
        assertThat(daysDiff).as("churn_spell_days sums churn_spells").isZero();
    }

    void assertSame(List<long[]> expected, List<long[]> actual, List<Periods.Period> periods, String what) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("%s, N = %d, period %s, seed %d: [active at start, churned]", what, days, periods.get(i).start(), seed)
                    .containsExactly(expected.get(i));
        }
    }
}
