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
 * Quality of the recommender on real data: the UCI Online Retail transactions. Loads them into products / contacts /
 * orders / order_lines (plain COPY for now: cancellations, negative quantities and rows without CustomerID skipped,
 * one contact per CustomerID, one order per invoice), holds out each customer's last invoice (customers with at least
 * two invoices), builds the rules from the rest with the product's SQL ({@link AssociationRules}), recommends 5
 * products per customer with the product's lookup ({@link RecommendationLookup#QUERY}) and reports hit rate at 5
 * (a customer counts when at least one of the 5 is in their held-out invoice) against the 5 most popular products
 * the customer has not bought.
 *
 * <pre>
 * java -cp "$CP" bench/OnlineRetailEval.java JDBC_URL [CSV=/work/shared/data/online_retail/online_retail.csv]
 * </pre>
 *
 * The database must be empty (it is migrated here with Flyway); bench/online-retail.sh creates one. Results: printed,
 * and bench/results/online-retail.json.
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
        Flyway.configure().dataSource(url, user, System.getenv("PGPASSWORD")).locations("classpath:db/migration").load().migrate();
        try (Connection c = DriverManager.getConnection(url, user, System.getenv("PGPASSWORD"))) {
            load(c, csv);
            Thresholds product = productThresholds();
            List<String> json = new ArrayList<>();
            Map<String, Object> facts = facts(c);
            System.out.println(facts);
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

    static Map<String, Object> facts(Connection c) throws Exception {
        Map<String, Object> f = new java.util.LinkedHashMap<>();
        try (Statement s = c.createStatement()) {
            f.put("cleanLines", single(s, "select count(*) from eval_raw"));
            f.put("customers", single(s, "select count(*) from eval_contacts"));
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
