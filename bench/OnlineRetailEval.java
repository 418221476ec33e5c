import io.rapport.commerce.recommendations.AssociationRules;
import io.rapport.commerce.recommendations.AssociationRules.Basket;
import io.rapport.commerce.recommendations.AssociationRules.Thresholds;
import io.rapport.commerce.recommendations.RecommendationLookup;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;

/**
 * Quality of the recommender on real data: the UCI Online Retail transactions. By default they come in through the
 * product's order import (bench/online-retail.sh starts the app on a fresh database, posts the file with
 * {@code bench/OrdersImportBench.java import} — create missing products, one "Customer 12345" contact per CustomerID —
 * and stops the app again); this program then reads what the import wrote (orders, order_lines, contacts,
 * customer_refs, and the job's counts in imports), holds out each customer's last order (by ordered_at, then number;
 * customers with at least two orders) by recording its (contact, product) pairs in eval_holdout and deleting the order,
 * builds the rules from the rest with the product's SQL ({@link AssociationRules}), recommends 5 products per customer
 * with the product's lookup ({@link RecommendationLookup#QUERY}) and reports hit rate at 5 (a customer counts when at
 * least one of the 5 is in their held-out order) against the 5 most popular products the customer has not bought.
 *
 * <pre>
 * java -cp "$CP" bench/OnlineRetailEval.java JDBC_URL                 # after the import (LOAD=import, the default)
 * LOAD=copy java -cp "$CP" bench/OnlineRetailEval.java JDBC_URL [CSV]  # empty database: plain COPY, no import
 * </pre>
 *
 * LOAD=copy is the old path: the database must be empty (it is migrated here with Flyway) and the CSV is COPYed and
 * turned into products / contacts / orders / order_lines with plain SQL (cancellations, quantities &le; 0 and rows
 * without CustomerID skipped). Results: printed, and bench/results/online-retail.json.
 */
public class OnlineRetailEval {

    static final Path RESULTS = Path.of("bench/results");

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: JDBC_URL [online_retail.csv]");
            System.exit(2);
        }
        String url = args[0];
        Path csv = Path.of(args.length > 1 ? args[1] : "/work/shared/data/online_retail/online_retail.csv");
        String user = env("PGUSER", "postgres");
        boolean copy = env("LOAD", "import").equals("copy");
        if (copy) {
            Flyway.configure().dataSource(url, user, System.getenv("PGPASSWORD")).locations("classpath:db/migration").load().migrate();
        }
        try (Connection c = DriverManager.getConnection(url, user, System.getenv("PGPASSWORD"))) {
            List<String> json = new ArrayList<>();
            if (copy) {
                load(c, csv);
                json.add("{\"load\":\"copy\"}");
            } else {
                json.add(imported(c));
                holdOut(c);
            }
            Thresholds product = productThresholds();
            Map<String, Object> facts = facts(c, copy);
            System.out.println(facts);
            json.add(facts.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                    .collect(java.util.stream.Collectors.joining(",", "{\"facts\":{", "}}")));
            double popular = popularBaseline(c);
            json.add(String.format(Locale.ROOT, "{\"method\":\"most-popular\",\"hitRate\":%.4f}", popular));
            System.out.printf(Locale.ROOT, "most popular not yet bought: hit rate@5 %.1f %%%n", popular * 100);
            // the product's thresholds for both basket kinds, then the support grid the choice rests on
            List<Object[]> runs = new ArrayList<>();
            // the grid: EVAL_BASKETS (CUSTOMER,ORDER), EVAL_SUPPORTS, EVAL_CONFIDENCES (comma-separated)
            for (String b : env("EVAL_BASKETS", "CUSTOMER,ORDER").split(",")) {
                for (String minSupport : env("EVAL_SUPPORTS", "0.0005,0.001,0.002,0.005,0.01,0.02,0.05").split(",")) {
                    for (String minConfidence : env("EVAL_CONFIDENCES", "0.05,0.2").split(",")) {
                        runs.add(new Object[] {Basket.valueOf(b), new Thresholds(Double.parseDouble(minSupport), product.minPairCount(),
                                Double.parseDouble(minConfidence), product.minLift(),
                                product.maxBasketProducts(), product.rulesPerProduct())});
                    }
                }
            }
            for (Object[] run : runs) {
                Basket basket = (Basket) run[0];
                Thresholds t = (Thresholds) run[1];
                long t0 = System.nanoTime();
                c.setAutoCommit(false);
                AssociationRules.dropStaging(c);
                AssociationRules.Outcome o = AssociationRules.compute(c, basket.source(), t, AssociationRules.STAGING, false, s -> {});
                AssociationRules.swap(c);
                c.commit();
                c.setAutoCommit(true);
                double buildS = (System.nanoTime() - t0) / 1e9;
                double[] eval = rules(c);
                boolean isProduct = t.equals(product) && basket.name().equals(productBasket());
                String line = String.format(Locale.ROOT, "{\"method\":\"rules\",\"basket\":\"%s\",\"minSupport\":%s,\"minPairCount\":%d,"
                                + "\"minConfidence\":%s,\"minCount\":%d,\"rules\":%d,\"buildS\":%.2f,\"hitRate\":%.4f,\"coverage\":%.4f,"
                                + "\"product\":%s}", basket, t.minSupport(), t.minPairCount(), t.minConfidence(), o.minCount(),
                        o.rules(), buildS, eval[0], eval[1], isProduct);
                System.out.println(line);
                json.add(line);
            }
            Files.createDirectories(RESULTS);
            Files.writeString(RESULTS.resolve("online-retail.json"), "[\n" + String.join(",\n", json) + "\n]\n");
        }
    }

    static void load(Connection c, Path csv) throws Exception {
        long t0 = System.nanoTime();
        try (Statement s = c.createStatement()) {
            s.execute("create table if not exists eval_raw (invoice_no text, stock_code text, description text, quantity int, "
                    + "invoice_date timestamp, unit_price numeric, customer_id text, country text)");
            s.execute("truncate eval_raw");
            try (Reader r = Files.newBufferedReader(csv)) {
                long rows = c.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("copy eval_raw from stdin with (format csv, header true)", r);
                System.out.printf("read %d rows%n", rows);
            }
            s.execute("delete from eval_raw where customer_id is null or customer_id = '' or invoice_no like 'C%' or quantity <= 0");
            s.execute("alter table eval_raw add column contact_key bigint");
            s.execute("update eval_raw set contact_key = customer_id::numeric::bigint");
            s.execute("analyze eval_raw");
            // one product per stock code, named by its most frequent description
            s.execute("insert into products (sku, name) select stock_code, left(coalesce(nullif(trim(d), ''), stock_code), 300) from ("
                    + "select distinct on (stock_code) stock_code, description as d from eval_raw "
                    + "group by stock_code, description order by stock_code, count(*) desc, description) p");
            s.execute("create table eval_contacts as select contact_key, nextval('contacts_id_seq') as contact_id "
                    + "from (select distinct contact_key from eval_raw) k");
            s.execute("insert into contacts (id, last_name, lifecycle_stage) select contact_id, 'Customer ' || contact_key, 'CUSTOMER' "
                    + "from eval_contacts");
            // each invoice once; the last one of a customer with two or more is held out
            s.execute("create table eval_invoices as select invoice_no, contact_key, min(invoice_date) as at, "
                    + "row_number() over (partition by contact_key order by min(invoice_date) desc, invoice_no desc) as recency, "
                    + "count(*) over (partition by contact_key) as invoices from eval_raw group by invoice_no, contact_key");
            s.execute("create table eval_holdout as select distinct ec.contact_id, p.id as product_id from eval_invoices i "
                    + "join eval_raw r on r.invoice_no = i.invoice_no join eval_contacts ec on ec.contact_key = i.contact_key "
                    + "join products p on p.sku = r.stock_code where i.recency = 1 and i.invoices >= 2");
            s.execute("insert into orders (number, contact_id, ordered_at, status, channel, currency, total) "
                    + "select i.invoice_no, ec.contact_id, i.at, 'COMPLETED', 'WEB', 'GBP', 0 from eval_invoices i "
                    + "join eval_contacts ec on ec.contact_key = i.contact_key where not (i.recency = 1 and i.invoices >= 2)");
            s.execute("insert into order_lines (order_id, product_id, quantity, unit_price) select o.id, p.id, r.quantity, "
                    + "greatest(r.unit_price, 0) from eval_raw r join orders o on o.number = r.invoice_no join products p on p.sku = r.stock_code");
            s.execute("vacuum analyze products");
            s.execute("vacuum analyze contacts");
            s.execute("vacuum analyze orders");
            s.execute("vacuum analyze order_lines");
        }
        System.out.printf(Locale.ROOT, "loaded in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    /**
     * What the order import wrote, as the job counted it (imports) and as the tables hold it; returns the JSON entry.
     * Fails unless exactly one order import has completed on this database.
     */
    static String imported(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                select count(*) over () as imports, status, file_name, rows_read, created, updated, skipped, rejected,
                       extract(epoch from finished_at - started_at) as job_s
                  from imports where entity = 'ORDER' order by id desc limit 1""")) {
            if (!rs.next() || rs.getLong("imports") != 1 || !rs.getString("status").equals("COMPLETED")) {
                throw new IllegalStateException("expected exactly one completed order import in this database (run bench/online-retail.sh)");
            }
            long read = rs.getLong("rows_read");
            long rejected = rs.getLong("rejected");
            long skipped = rs.getLong("skipped");
            long accepted = read - rejected - skipped;
            double jobS = rs.getDouble("job_s");
            System.out.printf(Locale.ROOT, "order import of %s: %,d lines read, %,d accepted, %,d rejected, %,d skipped; "
                            + "%,d orders created; job %.1f s (%,.0f lines/s)%n", rs.getString("file_name"), read, accepted, rejected,
                    skipped, rs.getLong("created"), jobS, read / jobS);
            return String.format(Locale.ROOT, "{\"load\":\"import\",\"linesRead\":%d,\"accepted\":%d,\"rejected\":%d,"
                            + "\"skipped\":%d,\"ordersCreated\":%d,\"ordersUpdated\":%d,\"jobS\":%.2f}", read, accepted, rejected,
                    skipped, rs.getLong("created"), rs.getLong("updated"), jobS);
        }
    }

    /**
     * Holds out each customer's last order (by ordered_at, then number) when they have at least two: its (contact,
     * product) pairs go to eval_holdout and the order is deleted (its lines with it), so neither the rules nor the
     * lookup's "already bought" see it.
     */
    static void holdOut(Connection c) throws Exception {
        long t0 = System.nanoTime();
        try (Statement s = c.createStatement()) {
            s.execute("drop table if exists eval_orders, eval_holdout");
            s.execute("create table eval_orders as select id, contact_id, "
                    + "row_number() over (partition by contact_id order by ordered_at desc, number desc) as recency, "
                    + "count(*) over (partition by contact_id) as orders from orders "
                    + "where contact_id is not null and status not in ('CANCELLED','REFUNDED')");
            s.execute("create table eval_holdout as select distinct e.contact_id, l.product_id from eval_orders e "
                    + "join order_lines l on l.order_id = e.id where e.recency = 1 and e.orders >= 2");
            s.execute("alter table eval_holdout add primary key (contact_id, product_id)");
            long orders = single(s, "select count(*) from eval_orders where recency = 1 and orders >= 2");
            long lines = single(s, "select count(*) from order_lines where order_id in (select id from eval_orders where recency = 1 and orders >= 2)");
            s.execute("delete from orders where id in (select id from eval_orders where recency = 1 and orders >= 2)");
            s.execute("vacuum analyze orders");
            s.execute("vacuum analyze order_lines");
            s.execute("analyze eval_holdout");
            System.out.printf(Locale.ROOT, "held out %,d orders (%,d lines) in %.1f s%n", orders, lines, (System.nanoTime() - t0) / 1e9);
        }
    }

    static Map<String, Object> facts(Connection c, boolean copy) throws Exception {
        Map<String, Object> f = new java.util.LinkedHashMap<>();
        try (Statement s = c.createStatement()) {
            if (copy) {
                f.put("cleanLines", single(s, "select count(*) from eval_raw"));
                f.put("customers", single(s, "select count(*) from eval_contacts"));
            } else {
                f.put("contacts", single(s, "select count(*) from contacts"));
                f.put("customerRefs", single(s, "select count(*) from customer_refs"));
                f.put("customersWithOrders", single(s, "select count(distinct contact_id) from eval_orders"));
            }
            f.put("products", single(s, "select count(*) from products"));
            f.put("trainingOrders", single(s, "select count(*) from orders"));
            f.put("trainingLines", single(s, "select count(*) from order_lines"));
            f.put("heldOutCustomers", single(s, "select count(distinct contact_id) from eval_holdout"));
            // a recommender that never offers what was bought before can only hit customers whose last invoice has something new
            f.put("heldOutWithNewProduct", single(s, "select count(distinct h.contact_id) from eval_holdout h where not exists ("
                    + "select 1 from orders o join order_lines l on l.order_id = o.id where o.contact_id = h.contact_id and l.product_id = h.product_id)"));
        }
        return f;
    }

    /** Hit rate and coverage (share with at least one recommendation) of the product's lookup, over held-out customers. */
    static double[] rules(Connection c) throws Exception {
        Map<Long, Set<Long>> heldOut = heldOut(c);
        String sql = RecommendationLookup.QUERY.formatted(RecommendationLookup.CONTACT_OWNED).replace(":id", "?").replace(":limit", "?");
        int hits = 0;
        int covered = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Map.Entry<Long, Set<Long>> e : heldOut.entrySet()) {
                ps.setLong(1, e.getKey());
                ps.setInt(2, 5);
                boolean hit = false;
                boolean any = false;
                try (ResultSet rs = ps.executeQuery()) {
                    // the query gives up to 5 of each kind (this data has no families, so no upsells): the first 5 count
                    for (int n = 0; n < 5 && rs.next(); n++) {
                        any = true;
                        hit |= e.getValue().contains(rs.getLong("product_id"));
                    }
                }
                if (hit) hits++;
                if (any) covered++;
            }
        }
        return new double[] {hits / (double) heldOut.size(), covered / (double) heldOut.size()};
    }

    /** The 5 products bought by the most customers (in the training orders) that this customer has not bought. */
    static double popularBaseline(Connection c) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("create temp table eval_popular as select l.product_id, count(distinct o.contact_id) as buyers "
                    + "from orders o join order_lines l on l.order_id = o.id group by l.product_id");
            s.execute("create index on eval_popular (buyers desc, product_id)");
            return single(s, """
                    select count(*) filter (where hit) * 1000000 / count(*) from (
                      select exists (select 1 from eval_holdout h2 where h2.contact_id = h.contact_id and h2.product_id in (
                               select p.product_id from eval_popular p
                                where not exists (select 1 from orders o join order_lines l on l.order_id = o.id
                                                   where o.contact_id = h.contact_id and l.product_id = p.product_id)
                                order by p.buyers desc, p.product_id limit 5)) as hit
                        from (select distinct contact_id from eval_holdout) h) x""") / 1e6;
        }
    }

    static Map<Long, Set<Long>> heldOut(Connection c) throws Exception {
        Map<Long, Set<Long>> m = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select contact_id, product_id from eval_holdout")) {
            while (rs.next()) m.computeIfAbsent(rs.getLong(1), k -> new HashSet<>()).add(rs.getLong(2));
        }
        return m;
    }

    /** The thresholds of src/main/resources/application.properties. */
    static Thresholds productThresholds() throws Exception {
        java.util.Properties p = props();
        String k = "rapport.recommendations.";
        return new Thresholds(Double.parseDouble(p.getProperty(k + "min-support")), Integer.parseInt(p.getProperty(k + "min-pair-count")),
                Double.parseDouble(p.getProperty(k + "min-confidence")), Double.parseDouble(p.getProperty(k + "min-lift")),
                Integer.parseInt(p.getProperty(k + "max-basket-products")), Integer.parseInt(p.getProperty(k + "rules-per-product")));
    }

    static String productBasket() throws Exception {
        String v = props().getProperty("rapport.recommendations.basket");
        return v.replaceAll("^\\$\\{[^:]+:(.*)}$", "$1");
    }

    static java.util.Properties props() throws Exception {
        java.util.Properties p = new java.util.Properties();
        try (Reader r = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            p.load(r);
        }
        return p;
    }

    static long single(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
