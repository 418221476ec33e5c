package io.rapport.commerce.recommendations;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * The association-rule SQL: pair rules X→Y with support, confidence and lift, mined from "baskets" (an order, or a
 * customer's whole purchase history). Plain JDBC on a caller's connection, so the app's builder and the benchmark and
 * evaluation programs in bench/ run exactly the same statements.
 *
 * <p>Maths, for N baskets, n(X) baskets holding X and n(XY) holding both: support = n(XY)/N, confidence = n(XY)/n(X),
 * lift = confidence / (n(Y)/N). Baskets with more than {@code maxBasketProducts} distinct products are left out of
 * every count (a wholesaler's order of 500 lines says little about what goes together and costs 125,000 pairs).
 */
public final class AssociationRules {

    /** What a basket is. */
    public enum Basket {
        /** One order: "bought in the same order as". */
        ORDER("o.id"),
        /** Everything one customer (contact, else account) ever bought: "customers who bought X also bought Y". */
        CUSTOMER("case when o.contact_id is not null then o.contact_id * 2 else o.account_id * 2 + 1 end");

        private final String key;

        Basket(String key) {
            this.key = key;
        }

        /** Distinct (basket, product_id) pairs from the orders that count (not cancelled or refunded). */
        public String source() {
            return "select " + key + " as basket, l.product_id from orders o join order_lines l on l.order_id = o.id "
                    + "where o.status not in ('CANCELLED','REFUNDED')";
        }
    }

    /**
     * Thresholds. A pair must reach both {@code minSupport} (a share of baskets) and {@code minPairCount} (baskets);
     * {@code rulesPerProduct} keeps the best rules per antecedent, which bounds the per-contact lookup.
     */
    public record Thresholds(double minSupport, int minPairCount, double minConfidence, double minLift,
                             int maxBasketProducts, int rulesPerProduct) {
        public long minCount(long baskets) {
            return Math.max(minPairCount, (long) Math.ceil(minSupport * baskets));
        }
    }

    /** What a build produced. */
    public record Outcome(long baskets, long minCount, long rules) {}

    public static final String TABLE = "product_associations";
    public static final String STAGING = "product_associations_next";

    /** Steps, for progress reporting; the index is what {@code progress} hears. */
    public static final List<String> STEPS = List.of("collecting baskets", "counting products", "counting pairs",
            "writing rules", "indexing");

    private AssociationRules() {}

    /** Same columns as V19's product_associations. {@code %s} is the table name. */
    static String ddl(String table, boolean temporary) {
        return "create " + (temporary ? "temp " : "") + "table " + table + " ("
                + "antecedent_id bigint not null, consequent_id bigint not null, pair_count int not null, "
                + "antecedent_count int not null, consequent_count int not null, support double precision not null, "
                + "confidence double precision not null, lift double precision not null, score double precision not null)"
                + (temporary ? " on commit drop" : "");
    }

    /**
     * Computes the rules from {@code basketSource} (a query yielding {@code basket, product_id}) into {@code target}, a
     * new table this creates (temporary if asked, then dropped at commit). Runs in the caller's transaction: the caller
     * must have auto-commit off. Sets work_mem and turns parallel workers off for this transaction only.
     */
    public static Outcome compute(Connection c, String basketSource, Thresholds t, String target, boolean temporary,
                                  IntConsumer progress) throws SQLException {
        if (c.getAutoCommit()) throw new IllegalStateException("compute needs a transaction (auto-commit off)");
        try (Statement s = c.createStatement()) {
            // one big hash aggregate at a time fits in memory; two cores shared with the app: no parallel workers
            s.execute("set local work_mem = '256MB'");
            s.execute("set local max_parallel_workers_per_gather = 0");
            s.execute("set local synchronous_commit = off");

            progress.accept(0);
            // distinct products per basket, baskets over the cap dropped whole (N counts the baskets kept)
            s.execute("create temp table rec_lines on commit drop as select basket, product_id, "
                    + "count(*) over (partition by basket) as size from (select distinct basket, product_id from ("
                    + basketSource + ") src) d");
            s.execute("delete from rec_lines where size > " + t.maxBasketProducts());
            s.execute("analyze rec_lines");
            long baskets = single(s, "select count(distinct basket) from rec_lines");
            long minCount = t.minCount(baskets);

            progress.accept(1);
            // prune early: a product in fewer than minCount baskets can be in no pair that reaches minCount
            s.execute("create temp table rec_items on commit drop as select product_id, count(*)::int as n from rec_lines "
                    + "group by product_id having count(*) >= " + minCount);
            s.execute("create temp table rec_kept on commit drop as select l.basket, l.product_id from rec_lines l "
                    + "join rec_items i using (product_id) where l.size > 1");
            s.execute("drop table rec_lines");
            s.execute("analyze rec_items");
            s.execute("analyze rec_kept");

            progress.accept(2);
            // each unordered pair once (x < y), both rule directions come from it
            s.execute("create temp table rec_pairs on commit drop as select a.product_id as x, b.product_id as y, "
                    + "count(*)::int as n from rec_kept a join rec_kept b on a.basket = b.basket and a.product_id < b.product_id "
                    + "group by 1, 2 having count(*) >= " + minCount);
            s.execute("drop table rec_kept");

            progress.accept(3);
            s.execute(ddl(target, temporary));
            String n = baskets + "::double precision";
            long rules = s.executeUpdate("insert into " + target + " select antecedent_id, consequent_id, pair_count, "
                    + "antecedent_count, consequent_count, support, confidence, lift, score from ("
                    + "select r.*, row_number() over (partition by antecedent_id order by score desc, consequent_id) as rank from ("
                    + "select d.a as antecedent_id, d.c as consequent_id, d.n as pair_count, ia.n as antecedent_count, "
                    + "ic.n as consequent_count, d.n / " + n + " as support, d.n::double precision / ia.n as confidence, "
                    + "d.n * " + n + " / (ia.n::double precision * ic.n) as lift, "
                    + "(d.n::double precision / ia.n) * (d.n * " + n + " / (ia.n::double precision * ic.n)) as score "
                    + "from (select x as a, y as c, n from rec_pairs union all select y, x, n from rec_pairs) d "
                    + "join rec_items ia on ia.product_id = d.a join rec_items ic on ic.product_id = d.c) r "
                    + "where r.confidence >= " + num(t.minConfidence()) + " and r.lift >= " + num(t.minLift()) + ") ranked "
                    + "where rank <= " + t.rulesPerProduct());

            progress.accept(4);
            s.execute("alter table " + target + " add constraint " + target + "_pkey primary key (antecedent_id, consequent_id)");
            s.execute("create index " + target + "_rank_idx on " + target + " (antecedent_id, score desc) include (consequent_id)");
            // a new table has no statistics: without them the lookup plans a scan of every rule instead of the index
            s.execute("analyze " + target);
            return new Outcome(baskets, minCount, rules);
        }
    }

    /**
     * Swaps the staged rules in: readers of {@link #TABLE} see the old set until this commits, then the new one. Runs in
     * the caller's transaction; the drop waits (at most {@code lock_timeout}) for running readers.
     */
    public static void swap(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("set local lock_timeout = '10s'");
            s.execute("drop table " + TABLE);
            s.execute("alter table " + STAGING + " rename to " + TABLE);
            s.execute("alter index " + STAGING + "_pkey rename to " + TABLE + "_pkey");
            s.execute("alter index " + STAGING + "_rank_idx rename to " + TABLE + "_rank_idx");
        }
    }

    /** Drops what an earlier, interrupted build left staged. */
    public static void dropStaging(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("drop table if exists " + STAGING);
        }
    }

    private static long single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String num(double d) {
        if (!Double.isFinite(d)) throw new IllegalArgumentException("not a number: " + d);
        return String.format(Locale.ROOT, "%.10f", d);
    }
}
