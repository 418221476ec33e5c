import io.rapport.commerce.recommendations.AssociationRules;
import io.rapport.commerce.recommendations.AssociationRules.Basket;
import io.rapport.commerce.recommendations.AssociationRules.Thresholds;
import io.rapport.commerce.recommendations.RecommendationLookup;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recommendation benchmark: 5,000,000 order lines with planted co-purchase structure, the rule build (the product's
 * SQL, {@link AssociationRules}) beside the bare self-join count of the same pairs, and the per-contact lookup over
 * HTTP and as raw SQL.
 *
 * <pre>
 * java -cp "$CP" bench/Recommendations.java generate JDBC_URL [orders=1000000] [contacts=200000] [products=2000]
 * java -cp "$CP" bench/Recommendations.java build JDBC_URL [CUSTOMER|ORDER]...
 * java -cp "$CP" bench/Recommendations.java http BASE_URL MIN_CONTACT MAX_CONTACT [requests=3000] [clients=1]
 * java -cp "$CP" bench/Recommendations.java raw JDBC_URL MIN_CONTACT MAX_CONTACT [requests=3000] [clients=1]
 * </pre>
 *
 * Every order has 5 lines: two from its "theme" family (a tier product, an accessory), one from the theme's companion
 * family (60 %; else any product), two of any product. Themes are skewed (a few families are popular) and 70 % of a
 * customer's orders follow the customer's own theme. Results go to bench/results/recs-*.json.
 * Environment: BENCH_EMAIL / BENCH_PASSWORD (API sign-in), PGUSER / PGPASSWORD, MIN_SUPPORT (build with another
 * minimum support than application.properties).
 */
public class Recommendations {

    static final Path RESULTS = Path.of("bench/results");

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: generate JDBC_URL [orders] [contacts] [products] | build JDBC_URL [CUSTOMER|ORDER]..."
                    + " | http BASE MIN_CONTACT MAX_CONTACT [requests] [clients] | raw JDBC_URL MIN_CONTACT MAX_CONTACT [requests] [clients]");
            System.exit(2);
        }
        switch (args[0]) {
            case "generate" -> generate(args[1], arg(args, 2, 1_000_000), arg(args, 3, 200_000), arg(args, 4, 2_000));
            case "build" -> build(args[1], args.length > 2 ? Arrays.asList(args).subList(2, args.length) : List.of("CUSTOMER", "ORDER"));
            case "http" -> http(args[1], Long.parseLong(args[2]), Long.parseLong(args[3]), arg(args, 4, 3000), arg(args, 5, 1));
            case "raw" -> raw(args[1], Long.parseLong(args[2]), Long.parseLong(args[3]), arg(args, 4, 3000), arg(args, 5, 1));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }

    static void generate(String url, int orders, int contacts, int products) throws Exception {
        int families = products / 10;
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            long t0 = System.nanoTime();
            long owner = single(s, "select min(id) from users");
            s.execute("select setseed(0.42)");
            s.execute("insert into products (sku, name, family, tier) select 'SKU-' || lpad(i::text, 6, '0'), "
                    + "'Product ' || i || case when (i - 1) % 10 < 3 then ' tier ' || ((i - 1) % 10 + 1) else ' accessory' end, "
                    + "'Family ' || ((i - 1) / 10), case when (i - 1) % 10 < 3 then (i - 1) % 10 + 1 end from generate_series(1, " + products + ") i");
            long p0 = single(s, "select min(id) from products where sku like 'SKU-%'");
            s.execute("insert into contacts (first_name, last_name, owner_id, lifecycle_stage) select 'Bench', 'Buyer ' || i, "
                    + owner + ", 'CUSTOMER' from generate_series(1, " + contacts + ") i");
            long c0 = single(s, "select min(id) from contacts where last_name like 'Buyer %'");
            long c1 = single(s, "select max(id) from contacts where last_name like 'Buyer %'");
            System.out.printf("products %d, contacts %d..%d (%.1f s)%n", products, c0, c1, (System.nanoTime() - t0) / 1e9);

            s.execute("create temp table gen_taste as select id as contact_id, floor(" + families + " * power(random(), 2))::int as theme "
                    + "from contacts where id between " + c0 + " and " + c1);
            s.execute("create temp table gen_orders as select i, t.contact_id, case when random() < 0.7 then t.theme "
                    + "else floor(" + families + " * power(random(), 2))::int end as theme from generate_series(1, " + orders + ") i "
                    + "join gen_taste t on t.contact_id = " + c0 + " + (i::bigint * 7919) % " + contacts);
            long o0 = single(s, "select coalesce(max(id), 0) + 1 from orders");
            // the generator's rows are consistent by construction: skip the foreign-key triggers for the bulk load
            s.execute("set session_replication_role = replica");
            s.execute("insert into orders (id, number, contact_id, ordered_at, status, currency, total) select " + o0 + " + i, "
                    + "'BENCH-' || i, contact_id, now() - random() * interval '730 days', "
                    + "case when random() < 0.03 then 'CANCELLED' else 'COMPLETED' end, 'EUR', 50 from gen_orders");
            s.execute("select setval('orders_id_seq', (select max(id) from orders))");
            System.out.printf("orders %d (%.1f s)%n", orders, (System.nanoTime() - t0) / 1e9);
            s.execute("insert into order_lines (order_id, product_id, quantity, unit_price) select " + o0 + " + g.i, " + p0 + " + case k "
                    + "when 1 then g.theme * 10 + floor(random() * 3)::int "
                    + "when 2 then g.theme * 10 + 3 + floor(random() * 7)::int "
                    + "when 3 then case when random() < 0.6 then ((g.theme * 7 + 3) % " + families + ") * 10 + 3 + floor(random() * 3)::int "
                    + "else floor(random() * " + products + ")::int end "
                    + "else floor(random() * " + products + ")::int end, 1 + floor(random() * 3)::int, 9.99 "
                    + "from gen_orders g cross join generate_series(1, 5) k");
            s.execute("set session_replication_role = origin");
            System.out.printf("order lines %d (%.1f s)%n", single(s, "select count(*) from order_lines"), (System.nanoTime() - t0) / 1e9);
            s.execute("vacuum analyze products");
            s.execute("vacuum analyze contacts");
            s.execute("vacuum analyze orders");
            s.execute("vacuum analyze order_lines");
            System.out.printf("MIN_CONTACT=%d%nMAX_CONTACT=%d%ngenerated in %.1f s%n", c0, c1, (System.nanoTime() - t0) / 1e9);
        }
    }

    /** The product's build (staging + swap), then the bare self-join count of the same pairs, per basket kind. */
    static void build(String url, List<String> kinds) throws Exception {
        Thresholds t = productThresholds();
        List<String> lines = new ArrayList<>();
        try (Connection c = connect(url)) {
            for (String kind : kinds) {
                Basket basket = Basket.valueOf(kind);
                c.setAutoCommit(false);
                long[] stepAt = new long[AssociationRules.STEPS.size()];
                long t0 = System.nanoTime();
                AssociationRules.dropStaging(c);
                AssociationRules.Outcome o = AssociationRules.compute(c, basket.source(), t, AssociationRules.STAGING, false,
                        step -> stepAt[step] = System.nanoTime());
                c.commit();
                long staged = System.nanoTime();
                AssociationRules.swap(c);
                c.commit();
                long done = System.nanoTime();
                c.setAutoCommit(true);
                StringBuilder steps = new StringBuilder();
                for (int i = 0; i < stepAt.length; i++) {
                    long end = i + 1 < stepAt.length ? stepAt[i + 1] : staged;
                    steps.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "\"%s\":%.2f", AssociationRules.STEPS.get(i), (end - stepAt[i]) / 1e9));
                }
                String build = String.format(Locale.ROOT, "{\"scenario\":\"recs-build\",\"basket\":\"%s\",\"baskets\":%d,\"minCount\":%d,"
                                + "\"rules\":%d,\"buildS\":%.2f,\"swapMs\":%.1f,\"stepsS\":{%s}}", kind, o.baskets(), o.minCount(),
                        o.rules(), (done - t0) / 1e9, (done - staged) / 1e6, steps);
                System.out.println(build);
                lines.add(build);

                String pairs = "select a.product_id as x, b.product_id as y, count(*) from %1$s a join %1$s b on a.basket = b.basket "
                        + "and a.product_id < b.product_id group by 1, 2";
                String raw = "with d as (select distinct basket, product_id from (" + basket.source() + ") s) select count(*) from ("
                        + pairs.formatted("d") + ") p";
                if (basket == Basket.ORDER) {  // the barest form: order lines joined to themselves, no status, no distinct
                    raw = "select count(*) from (select a.product_id, b.product_id, count(*) from order_lines a join order_lines b "
                            + "on a.order_id = b.order_id and a.product_id < b.product_id group by 1, 2) p";
                }
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.execute("set local work_mem = '256MB'");
                    s.execute("set local max_parallel_workers_per_gather = 0");
                    long r0 = System.nanoTime();
                    long groups = single(s, raw);
                    String rawJson = String.format(Locale.ROOT, "{\"scenario\":\"recs-raw-pair-count\",\"basket\":\"%s\",\"pairs\":%d,"
                            + "\"rawS\":%.2f}", kind, groups, (System.nanoTime() - r0) / 1e9);
                    System.out.println(rawJson);
                    lines.add(rawJson);
                }
                c.rollback();
                c.setAutoCommit(true);
            }
        }
        Files.createDirectories(RESULTS);
        Files.writeString(RESULTS.resolve("recs-build.json"), String.join("\n", lines) + "\n");
    }

    /** The thresholds of src/main/resources/application.properties, so the benchmark builds what the app builds. */
    static Thresholds productThresholds() throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            p.load(r);
        }
        String k = "rapport.recommendations.";
        // MIN_SUPPORT overrides the configured share, e.g. to measure lookups against a much larger rule set
        return new Thresholds(Double.parseDouble(env("MIN_SUPPORT", p.getProperty(k + "min-support"))), Integer.parseInt(p.getProperty(k + "min-pair-count")),
                Double.parseDouble(p.getProperty(k + "min-confidence")), Double.parseDouble(p.getProperty(k + "min-lift")),
                Integer.parseInt(p.getProperty(k + "max-basket-products")), Integer.parseInt(p.getProperty(k + "rules-per-product")));
    }

    static void http(String base, long min, long max, int requests, int clients) throws Exception {
        URI uri = URI.create(base);
        if (!List.of("localhost", "127.0.0.1", "[::1]").contains(uri.getHost())) throw new IllegalArgumentException("localhost only");
        HttpClient client = HttpClient.newHttpClient();
        String body = "{\"email\":\"%s\",\"password\":\"%s\"}".formatted(env("BENCH_EMAIL", "bench@rapport.local"),
                env("BENCH_PASSWORD", "bench-password-1"));
        HttpResponse<String> login = client.send(HttpRequest.newBuilder(uri.resolve("/api/v1/auth/token"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher token = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"").matcher(login.body());
        if (!token.find()) throw new IllegalStateException("sign-in failed: " + login.statusCode() + " " + login.body());
        String auth = "Bearer " + token.group(1);
        int[] empty = new int[1];
        report("http", clients, measure(requests, clients, () -> {
            long id = ThreadLocalRandom.current().nextLong(min, max + 1);
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri.resolve("/api/v1/contacts/" + id + "/recommendations?limit=5"))
                    .header("Authorization", auth).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) throw new IllegalStateException(r.statusCode() + " " + r.body());
            if (r.body().equals("[]")) empty[0]++;
        }), empty[0]);
    }

    static void raw(String url, long min, long max, int requests, int clients) throws Exception {
        String sql = RecommendationLookup.QUERY.formatted(RecommendationLookup.CONTACT_OWNED)
                .replace(":id", "?").replace(":limit", "?");
        try (Connection c = connect(url); Statement s = c.createStatement();
             ResultSet plan = s.executeQuery("explain (analyze, buffers) " + sql.replaceFirst("\\?", String.valueOf((min + max) / 2))
                     .replaceFirst("\\?", "5"))) {
            StringBuilder text = new StringBuilder();
            while (plan.next()) text.append(plan.getString(1)).append('\n');
            Files.createDirectories(RESULTS);
            Files.writeString(RESULTS.resolve("recs-lookup-explain.txt"), text);
        }
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < clients; i++) connections.add(connect(url));
        ThreadLocal<PreparedStatement> statements = new ThreadLocal<>();
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        int[] empty = new int[1];
        report("raw", clients, measure(requests, clients, () -> {
            PreparedStatement ps = statements.get();
            if (ps == null) {
                ps = connections.get(next.getAndIncrement()).prepareStatement(sql);
                statements.set(ps);
            }
            ps.setLong(1, ThreadLocalRandom.current().nextLong(min, max + 1));
            ps.setInt(2, 5);
            int rows = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rs.getString("name");
                    rows++;
                }
            }
            if (rows == 0) empty[0]++;
        }), empty[0]);
        for (Connection c : connections) c.close();
    }

    interface Call {
        void run() throws Exception;
    }

    /** Each client sends requests one after the other; as many again before them warm up and are not counted. */
    static long[] measure(int requests, int clients, Call call) throws Exception {
        int perClient = requests / clients;
        int warmup = Math.max(200, perClient);
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                futures.add(pool.submit(() -> {
                    for (int w = 0; w < warmup; w++) call.run();
                    long[] nanos = new long[perClient];
                    for (int n = 0; n < perClient; n++) {
                        long t = System.nanoTime();
                        call.run();
                        nanos[n] = System.nanoTime() - t;
                    }
                    return nanos;
                }));
            }
            List<long[]> all = new ArrayList<>();
            for (Future<long[]> f : futures) all.add(f.get());
            return all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        }
    }

    static void report(String kind, int clients, long[] sorted, int empty) throws Exception {
        double mean = Arrays.stream(sorted).average().orElse(0) / 1e6;
        String json = String.format(Locale.ROOT,
                "{\"scenario\":\"recs-lookup\",\"path\":\"%s\",\"clients\":%d,\"requests\":%d,\"emptyAnswers\":%d,"
                        + "\"meanMs\":%.2f,\"p50Ms\":%.2f,\"p95Ms\":%.2f,\"p99Ms\":%.2f,\"maxMs\":%.2f}",
                kind, clients, sorted.length, empty, mean, pct(sorted, 50), pct(sorted, 95), pct(sorted, 99), sorted[sorted.length - 1] / 1e6);
        System.out.println(json);
        Files.createDirectories(RESULTS);
        Files.writeString(RESULTS.resolve("recs-lookup-" + kind + "-c" + clients + ".json"), json + "\n");
    }

    static double pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    static long single(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static Connection connect(String url) throws Exception {
        return DriverManager.getConnection(url, env("PGUSER", "postgres"), System.getenv("PGPASSWORD"));
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
