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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Timeline benchmark: the first page of one contact's timeline when that contact has 10,000 entries and the
 * table holds a million more on other contacts — through the API, and as the same SQL straight to PostgreSQL.
 *
 * <pre>
 * java -cp "$CP" bench/Timeline.java generate JDBC_URL [entries=10000] [background=1000000] [contacts=50000]
 * java bench/Timeline.java http BASE_URL CONTACT_ID [limit=50] [requests=3000] [clients=1]
 * java -cp "$CP" bench/Timeline.java raw JDBC_URL CONTACT_ID [limit=50] [requests=3000] [clients=1]
 * </pre>
 *
 * {@code generate} prints the contact id; results are printed and written to bench/results/timeline-*.json.
 * Environment: BENCH_EMAIL / BENCH_PASSWORD (API sign-in), PGUSER / PGPASSWORD.
 */
public class Timeline {

    static final Path RESULTS = Path.of("bench/results");
    /** The API's query (ActivityRepository.page) for the first page of a contact's timeline, limit + 1 rows. */
    static final String FIRST_PAGE = """
            select a.*, u.name as author_name from activities a left join users u on u.id = a.author_id
             where a.contact_id = ? order by a.occurred_at desc, a.id desc limit ?""";

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: generate JDBC_URL [entries] [background] [contacts] | http BASE CONTACT [limit] [requests] [clients]"
                    + " | raw JDBC_URL CONTACT [limit] [requests] [clients]");
            System.exit(2);
        }
        switch (args[0]) {
            case "generate" -> generate(args[1], arg(args, 2, 10_000), arg(args, 3, 1_000_000), arg(args, 4, 50_000));
            case "http" -> http(args[1], Long.parseLong(args[2]), arg(args, 3, 50), arg(args, 4, 3000), arg(args, 5, 1));
            case "raw" -> raw(args[1], Long.parseLong(args[2]), arg(args, 3, 50), arg(args, 4, 3000), arg(args, 5, 1));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }

    // ---------------------------------------------------------------------------------------------- data

    static void generate(String url, int entries, int background, int contacts) throws Exception {
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            long started = System.nanoTime();
            long author;
            try (ResultSet rs = s.executeQuery("select id from users order by id limit 1")) {
                rs.next();
                author = rs.getLong(1);
            }
            // other contacts carry the background volume, so the index has to pick one contact out of many
            s.execute("insert into contacts (first_name, last_name) select 'Background', 'Contact ' || g from generate_series(1, "
                    + contacts + ") g");
            long first;
            try (ResultSet rs = s.executeQuery("select min(id) from contacts where first_name = 'Background'")) {
                rs.next();
                first = rs.getLong(1);
            }
            s.execute("""
                    insert into activities (kind, channel, occurred_at, author_id, contact_id, subject, body, direction, duration_seconds)
                    select (array['NOTE','CALL','MEETING','EMAIL'])[1 + g %% 4], (array['NOTE','PHONE','MEETING','EMAIL'])[1 + g %% 4],
                           now() - (random() * interval '1095 days'), %d, %d + (g %% %d),
                           'Background entry ' || g, repeat('Lorem ipsum dolor sit amet. ', 1 + g %% 8),
                           case when g %% 4 = 1 then 'OUTBOUND' end, case when g %% 4 = 1 then 60 + g %% 900 end
                      from generate_series(1, %d) g""".formatted(author, first, contacts, background));
            long target;
            try (ResultSet rs = s.executeQuery("insert into contacts (first_name, last_name) values ('Timeline', 'Benchmark') returning id")) {
                rs.next();
                target = rs.getLong(1);
            }
            s.execute("""
                    insert into activities (kind, channel, occurred_at, author_id, contact_id, subject, body, direction, duration_seconds,
                                            location, attendees)
                    select (array['NOTE','CALL','MEETING','EMAIL'])[1 + g %% 4], (array['NOTE','PHONE','MEETING','EMAIL'])[1 + g %% 4],
                           now() - (g * interval '47 minutes'), %d, %d, 'Entry ' || g,
                           repeat('Talked about the renewal and next steps. ', 1 + g %% 6),
                           case when g %% 4 = 1 then 'INBOUND' end, case when g %% 4 = 1 then 120 end,
                           case when g %% 4 = 2 then 'Head office' end,
                           case when g %% 4 = 2 then array['ann@example.com','bob@example.com'] else '{}' end
                      from generate_series(1, %d) g""".formatted(author, target, entries));
            s.execute("vacuum analyze activities");
            s.execute("vacuum analyze contacts");
            System.out.printf(Locale.ROOT, "generated %,d timeline entries on contact %d and %,d on %,d other contacts in %.1f s%n",
                    entries, target, background, contacts, (System.nanoTime() - started) / 1e9);
            System.out.println("CONTACT_ID=" + target);
        }
    }

    // ---------------------------------------------------------------------------------------------- measuring

    static void http(String base, long contact, int limit, int requests, int clients) throws Exception {
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
        HttpRequest page = HttpRequest.newBuilder(uri.resolve("/api/v1/activities?contact=" + contact + "&limit=" + limit))
                .header("Authorization", "Bearer " + token.group(1)).GET().build();
        report("http", limit, clients, measure(requests, clients, () -> {
            HttpResponse<String> r = client.send(page, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200 || !r.body().contains("\"nextCursor\":\"")) throw new IllegalStateException(r.statusCode() + " " + r.body());
        }));
    }

    static void raw(String url, long contact, int limit, int requests, int clients) throws Exception {
        try (Connection c = connect(url); Statement s = c.createStatement();
             ResultSet plan = s.executeQuery("explain (analyze, buffers) " + FIRST_PAGE.replaceFirst("\\?", String.valueOf(contact))
                     .replaceFirst("\\?", String.valueOf(limit + 1)))) {
            StringBuilder text = new StringBuilder();
            while (plan.next()) text.append(plan.getString(1)).append('\n');
            System.out.print(text);
            Files.createDirectories(RESULTS);
            Files.writeString(RESULTS.resolve("timeline-explain.txt"), text);
        }
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < clients; i++) connections.add(connect(url));
        ThreadLocal<PreparedStatement> statements = new ThreadLocal<>();
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        report("raw", limit, clients, measure(requests, clients, () -> {
            PreparedStatement ps = statements.get();
            if (ps == null) {
                ps = connections.get(next.getAndIncrement()).prepareStatement(FIRST_PAGE);
                statements.set(ps);
            }
            ps.setLong(1, contact);
            ps.setInt(2, limit + 1);
            int rows = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rs.getString("body");
                    rs.getArray("attendees").getArray();
                    rows++;
                }
            }
            if (rows != limit + 1) throw new IllegalStateException("expected " + (limit + 1) + " rows, got " + rows);
        }));
        for (Connection c : connections) c.close();
    }

    interface Call {
        void run() throws Exception;
    }

    /** Each client sends requests one after the other; as many again before them warm up and are not counted. */
    static long[] measure(int requests, int clients, Call call) throws Exception {
        int perClient = requests / clients;
        int warmup = Math.max(200, perClient);  // JIT and caches: as many unmeasured calls as measured ones
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

    static void report(String kind, int limit, int clients, long[] sorted) throws Exception {
        double mean = Arrays.stream(sorted).average().orElse(0) / 1e6;
        String json = String.format(Locale.ROOT,
                "{\"scenario\":\"timeline-first-page\",\"path\":\"%s\",\"limit\":%d,\"clients\":%d,\"requests\":%d,"
                        + "\"meanMs\":%.2f,\"p50Ms\":%.2f,\"p95Ms\":%.2f,\"p99Ms\":%.2f,\"maxMs\":%.2f}",
                kind, limit, clients, sorted.length, mean, pct(sorted, 50), pct(sorted, 95), pct(sorted, 99), sorted[sorted.length - 1] / 1e6);
        System.out.println(json);
        Files.createDirectories(RESULTS);
        Files.writeString(RESULTS.resolve("timeline-" + kind + "-limit" + limit + "-c" + clients + ".json"), json + "\n");
    }

    static double pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    static Connection connect(String url) throws Exception {
        return DriverManager.getConnection(url, env("PGUSER", "postgres"), System.getenv("PGPASSWORD"));
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
