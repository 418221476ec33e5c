import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import io.rapport.customers.search.GlobalSearch;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * The database's share of the HTTP scenarios in bench/Load.java: the same three queries through plain
 * JDBC, one connection per client thread, same concurrency and durations. Comparing the two shows
 * what the application adds on top of PostgreSQL.
 *
 * <pre>
 * java -cp &lt;postgresql.jar&gt; bench/RawJdbc.java jdbc:postgresql://127.0.0.1:5432/rapport_bench [options]
 * </pre>
 *
 * Writes bench/results/raw-&lt;scenario&gt;.json and appends a line to bench/results/summary.txt.
 */
public class RawJdbc {

    /**
     * The app's own SQL, for a user who sees every record (the ADMIN the benchmark signs in as): search takes
     * its statements from io.rapport.customers.search.GlobalSearch itself; the two below are
     * ContactRepository's select (KEEP IN SYNC) as Contacts#get and Contacts#list run it.
     */
    static final String CONTACT_SELECT = """
            select c.*, a.name as account_name, u.name as owner_name
              from contacts c left join accounts a on a.id = c.account_id left join users u on u.id = c.owner_id
            """;
    static final String BY_ID = CONTACT_SELECT + " where c.id = ? and true";
    static final String NAME = "lower(c.last_name || ' ' || c.first_name)";
    static final String LIST_FIRST = CONTACT_SELECT.replace("select c.*,", "select c.*, cast(" + NAME + " as text) as sort_value,")
            + " where true and c.lifecycle_stage = any(?) order by " + NAME + ", c.id limit 51";
    static final String LIST_NEXT = CONTACT_SELECT.replace("select c.*,", "select c.*, cast(" + NAME + " as text) as sort_value,")
            + " where true and c.lifecycle_stage = any(?) and (" + NAME + ", c.id) > (cast(? as text), ?) order by "
            + NAME + ", c.id limit 51";

    static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");
    static final int MAX_SAMPLES_PER_CLIENT = 2_000_000;

    record Options(String url, int clients, int durationSeconds, int warmupSeconds, List<String> scenarios,
                   Path queries, Path out, int listDepth, long seed) {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].startsWith("--")) {
            usage();
            System.exit(2);
        }
        Options o = parse(args);
        URI uri = URI.create(o.url().substring("jdbc:".length()));
        if (uri.getHost() == null || !LOCAL_HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
            System.err.println("refusing to benchmark " + o.url() + ": only a local database is allowed");
            System.exit(2);
        }
        List<String> queries = readQueries(o.queries());
        Files.createDirectories(o.out());

        long minId;
        long maxId;
        try (Connection c = connect(o); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select min(id), max(id), count(*) from contacts")) {
            rs.next();
            minId = rs.getLong(1);
            maxId = rs.getLong(2);
            System.out.printf("Raw JDBC against %s: %,d contacts (ids %d..%d), %d clients, %d s warm-up + %d s per scenario%n",
                    o.url(), rs.getLong(3), minId, maxId, o.clients(), o.warmupSeconds(), o.durationSeconds());
        }
        if (maxId <= 0) {
            System.err.println("no contacts: run bench/Generate.java first");
            System.exit(1);
        }

        for (String scenario : o.scenarios()) {
            Work work = switch (scenario) {
                case "search" -> new SearchWork(queries);
                case "contact" -> new ByIdWork(minId, maxId);
                case "list" -> new ListWork(o.listDepth());
                default -> throw new IllegalArgumentException("unknown scenario " + scenario);
            };
            Result r = run(scenario, work, o);
            System.out.println(r.summaryLine());
            if (!r.exceptions.isEmpty()) {
                System.out.println("    exceptions " + r.exceptions);
            }
            Files.writeString(o.out().resolve("raw-" + scenario + ".json"), r.json());
            Files.writeString(o.out().resolve("summary.txt"), r.summaryLine() + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Work per scenario
    // ------------------------------------------------------------------------------------------

    interface Work {
        Client open(Connection c, long seed) throws SQLException;
    }

    interface Client {
        /** One query, all rows read; returns the number of rows. */
        int once() throws SQLException;
    }

    /**
     * The app's statements: prefixes first; when they find almost nothing (GlobalSearch.FUZZY_BELOW), the
     * nearest dictionary words for the typed words (the app caches these per word; raw does not), then the records.
     */
    record SearchWork(List<String> queries) implements Work {
        public Client open(Connection c, long seed) throws SQLException {
            PreparedStatement prefix = c.prepareStatement(positional(GlobalSearch.prefixSql("true", "true")));
            PreparedStatement similar = c.prepareStatement(positional(GlobalSearch.SIMILAR_WORDS_SQL));
            PreparedStatement records = c.prepareStatement(positional(GlobalSearch.searchSql("true", "true")));
            SplittableRandom r = new SplittableRandom(seed);
            return () -> {
                String q = queries.get(r.nextInt(queries.size())).trim().toLowerCase(Locale.ROOT);
                List<String> words = GlobalSearch.words(q);
                if (words.isEmpty()) return 0;
                String typed = String.join(" ", words);
                for (int i = 1; i <= 18; i += 3) {
                    prefix.setString(i, typed);
                    prefix.setString(i + 1, GlobalSearch.upperBound(typed));
                    prefix.setInt(i + 2, 10);  // the API's default limit
                }
                Set<String> found = new java.util.HashSet<>();
                try (ResultSet rs = prefix.executeQuery()) {
                    while (rs.next()) found.add(rs.getString(1) + rs.getLong(2));
                }
                if (found.size() >= GlobalSearch.FUZZY_BELOW
                        || words.stream().anyMatch(GlobalSearch::looksLikeAddress)) {
                    return found.size();
                }
                Map<String, Set<String>> alternatives = new LinkedHashMap<>();
                List<String> lookups = GlobalSearch.typoCandidates(words);
                if (!lookups.isEmpty()) {
                    similar.setObject(1, c.createArrayOf("text", lookups.toArray()));
                    similar.setInt(2, GlobalSearch.SUGGESTIONS_PER_WORD);
                    try (ResultSet rs = similar.executeQuery()) {
                        while (rs.next()) alternatives.computeIfAbsent(rs.getString(1), k -> new LinkedHashSet<>()).add(rs.getString(2));
                    }
                }
                int rows = found.size() + records(records, q, GlobalSearch.tsQuery(words, GlobalSearch.closest(alternatives), false));
                if (rows < 10) {
                    rows += records(records, q, GlobalSearch.tsQuery(words, alternatives));
                }
                return rows;
            };
        }
    }

    /** GlobalSearch's typo-tolerant records query; parameters in order: q, tsq, candidates, per, twice. */
    static int records(PreparedStatement records, String q, String tsq) throws SQLException {
        int i = 1;
        for (int part = 0; part < 2; part++) {
            records.setString(i++, q);
            records.setString(i++, tsq);
            records.setInt(i++, GlobalSearch.CANDIDATES);
            records.setInt(i++, 10);  // the API's default limit
        }
        return drain(records);
    }

    /** Named parameters (:name) to JDBC's ?, in order of appearance. */
    static String positional(String named) {
        return named.replaceAll("(?<!:):[a-zA-Z]\\w*", "?");
    }

    record ByIdWork(long minId, long maxId) implements Work {
        public Client open(Connection c, long seed) throws SQLException {
            PreparedStatement ps = c.prepareStatement(BY_ID);
            SplittableRandom r = new SplittableRandom(seed);
            return () -> {
                ps.setLong(1, r.nextLong(minId, maxId + 1));
                return drain(ps);
            };
        }
    }

    /** Like the HTTP list walk: first page, then up to depth - 1 further pages by keyset, then over. */
    record ListWork(int depth) implements Work {
        public Client open(Connection c, long seed) throws SQLException {
            PreparedStatement first = c.prepareStatement(LIST_FIRST);
            PreparedStatement next = c.prepareStatement(LIST_NEXT);
            java.sql.Array customer = c.createArrayOf("text", new String[] {"CUSTOMER"});
            return new Client() {
                String afterValue;
                long afterId;
                int page;

                public int once() throws SQLException {
                    PreparedStatement ps = afterValue == null ? first : next;
                    ps.setArray(1, customer);
                    if (afterValue != null) {
                        ps.setString(2, afterValue);
                        ps.setLong(3, afterId);
                    }
                    int rows = 0;
                    String lastValue = null;
                    long lastId = 0;
                    try (ResultSet rs = ps.executeQuery()) {
                        int columns = rs.getMetaData().getColumnCount();
                        while (rs.next()) {
                            for (int i = 1; i <= columns; i++) {
                                rs.getObject(i);
                            }
                            if (rows < 50) {
                                lastValue = rs.getString("sort_value");
                                lastId = rs.getLong("id");
                            }
                            rows++;
                        }
                    }
                    page++;
                    if (rows > 50 && page < depth) {
                        afterValue = lastValue;
                        afterId = lastId;
                    } else {
                        afterValue = null;
                        page = 0;
                    }
                    return rows;
                }
            };
        }
    }

    /** Reads every column of every row, as a mapper would. */
    static int drain(PreparedStatement ps) throws SQLException {
        int rows = 0;
        try (ResultSet rs = ps.executeQuery()) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    rs.getObject(i);
                }
                rows++;
            }
        }
        return rows;
    }

    // ------------------------------------------------------------------------------------------
    // Running
    // ------------------------------------------------------------------------------------------

    static final class Samples {
        long[] nanos = new long[4096];
        int size;
        long errors;
        long dropped;
        final Map<String, Long> exceptions = new TreeMap<>();

        void add(long n) {
            if (size == nanos.length) {
                if (size >= MAX_SAMPLES_PER_CLIENT) {
                    dropped++;
                    return;
                }
                nanos = Arrays.copyOf(nanos, Math.min(MAX_SAMPLES_PER_CLIENT, size * 2));
            }
            nanos[size++] = n;
        }
    }

    static Connection connect(Options o) throws SQLException {
        Properties p = new Properties();
        if (!o.url().contains("user=")) {
            p.setProperty("user", env("RAPPORT_DB_USER", "postgres"));
            String password = System.getenv("RAPPORT_DB_PASSWORD");
            if (password != null && !password.isEmpty()) {
                p.setProperty("password", password);
            }
        }
        p.setProperty("ApplicationName", "rapport-bench-raw");
        return DriverManager.getConnection(o.url(), p);
    }

    static Result run(String name, Work work, Options o) throws Exception {
        Instant started = Instant.now();
        List<Connection> connections = new ArrayList<>();
        try {
            for (int i = 0; i < o.clients(); i++) {
                connections.add(connect(o));
            }
            List<Client> clients = new ArrayList<>();
            for (int i = 0; i < o.clients(); i++) {
                clients.add(work.open(connections.get(i), o.seed() * 1_000 + i));
            }
            long warmupEnd = System.nanoTime() + o.warmupSeconds() * 1_000_000_000L;
            long end = warmupEnd + o.durationSeconds() * 1_000_000_000L;
            List<Future<Samples>> futures = new ArrayList<>();
            // platform threads: each blocks on its own connection, like a pooled app thread would
            try (ExecutorService pool = Executors.newFixedThreadPool(o.clients())) {
                for (Client client : clients) {
                    futures.add(pool.submit(() -> loop(client, warmupEnd, end)));
                }
            }
            List<long[]> parts = new ArrayList<>();
            Samples all = new Samples();
            int total = 0;
            for (Future<Samples> f : futures) {
                Samples s = f.get();
                parts.add(Arrays.copyOf(s.nanos, s.size));
                total += s.size;
                all.errors += s.errors;
                all.dropped += s.dropped;
                s.exceptions.forEach((k, v) -> all.exceptions.merge(k, v, Long::sum));
            }
            long[] merged = new long[total];
            int at = 0;
            for (long[] p : parts) {
                System.arraycopy(p, 0, merged, at, p.length);
                at += p.length;
            }
            Arrays.sort(merged);
            return new Result(name, o, started, merged, all);
        } finally {
            for (Connection c : connections) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // closing anyway
                }
            }
        }
    }

    static Samples loop(Client client, long warmupEnd, long end) {
        Samples samples = new Samples();
        while (true) {
            long begin = System.nanoTime();
            if (begin >= end) {
                break;
            }
            try {
                client.once();
                if (begin >= warmupEnd) {
                    samples.add(System.nanoTime() - begin);
                }
            } catch (SQLException | RuntimeException e) {
                if (begin >= warmupEnd) {
                    samples.errors++;
                    String key = e instanceof SQLException s && s.getSQLState() != null
                            ? "SQLState " + s.getSQLState() : e.getClass().getSimpleName();
                    samples.exceptions.merge(key, 1L, Long::sum);
                }
                if (samples.errors == 1) {
                    System.err.println("first error: " + e);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return samples;
    }

    static final class Result {
        final String scenario;
        final Options o;
        final Instant started;
        final long requests;
        final long errors;
        final double throughput;
        final double p50;
        final double p95;
        final double p99;
        final double max;
        final double mean;
        final Map<String, Long> exceptions;

        Result(String scenario, Options o, Instant started, long[] sorted, Samples s) {
            this.scenario = scenario;
            this.o = o;
            this.started = started;
            this.requests = sorted.length + s.dropped;
            this.errors = s.errors;
            this.exceptions = s.exceptions;
            this.throughput = requests / (double) o.durationSeconds();
            this.p50 = percentile(sorted, 50);
            this.p95 = percentile(sorted, 95);
            this.p99 = percentile(sorted, 99);
            this.max = sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6;
            this.mean = sorted.length == 0 ? 0 : Arrays.stream(sorted).average().orElse(0) / 1e6;
        }

        String summaryLine() {
            return String.format(Locale.ROOT, "jdbc     %-8s %9.1f req/s  p50 %8.2f ms  p95 %8.2f ms  p99 %8.2f ms  errors %d",
                    scenario, throughput, p50, p95, p99, errors);
        }

        String json() {
            StringBuilder sb = new StringBuilder("{");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", "jdbc");
            m.put("scenario", scenario);
            m.put("startedAt", started.toString());
            m.put("clients", o.clients());
            m.put("warmupSeconds", o.warmupSeconds());
            m.put("durationSeconds", o.durationSeconds());
            m.put("requests", requests);
            m.put("errors", errors);
            m.put("throughputPerSecond", round(throughput));
            m.put("p50Ms", round(p50));
            m.put("p95Ms", round(p95));
            m.put("p99Ms", round(p99));
            m.put("maxMs", round(max));
            m.put("meanMs", round(mean));
            m.forEach((k, v) -> {
                if (sb.length() > 1) {
                    sb.append(", ");
                }
                sb.append('"').append(k).append("\": ");
                sb.append(v instanceof Number ? v.toString() : "\"" + v.toString().replace("\"", "\\\"") + "\"");
            });
            sb.append(", \"exceptions\": {");
            String ex = exceptions.entrySet().stream()
                    .map(e -> "\"" + e.getKey().replace("\"", "\\\"") + "\": " + e.getValue())
                    .collect(Collectors.joining(", "));
            return sb.append(ex).append("}}\n").toString();
        }
    }

    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    // ------------------------------------------------------------------------------------------
    // Options
    // ------------------------------------------------------------------------------------------

    static void usage() {
        System.err.println("""
            usage: java -cp <postgresql.jar> bench/RawJdbc.java <jdbcUrl> [options]
              jdbcUrl             e.g. jdbc:postgresql://127.0.0.1:5432/rapport_bench (local only);
                                  user/password from the URL or $RAPPORT_DB_USER/$RAPPORT_DB_PASSWORD (default postgres)
              --clients N         concurrent connections (default 16)
              --duration S        measured seconds per scenario (default 20)
              --warmup S          warm-up seconds per scenario, not measured (default 5)
              --scenarios LIST    comma-separated: search,contact,list (default all)
              --list-depth N      pages to follow per list walk (default 5)
              --queries FILE      search strings (default bench/queries.txt)
              --out DIR           results directory (default bench/results)
              --seed N            random seed (default 1)""");
    }

    static Options parse(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                usage();
                throw new IllegalArgumentException("bad argument " + args[i]);
            }
            a.put(args[i].substring(2), args[++i]);
        }
        Set<String> known = Set.of("clients", "duration", "warmup", "scenarios", "list-depth", "queries", "out", "seed");
        for (String k : a.keySet()) {
            if (!known.contains(k)) {
                usage();
                throw new IllegalArgumentException("unknown option --" + k);
            }
        }
        if (!args[0].startsWith("jdbc:postgresql://")) {
            usage();
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + args[0]);
        }
        int clients = Integer.parseInt(a.getOrDefault("clients", "16"));
        int duration = Integer.parseInt(a.getOrDefault("duration", "20"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "5"));
        if (clients < 1 || clients > 256 || duration < 1 || duration > 3600 || warmup < 0 || warmup > 600) {
            throw new IllegalArgumentException("clients 1..256, duration 1..3600 s, warmup 0..600 s");
        }
        return new Options(args[0], clients, duration, warmup,
                List.of(a.getOrDefault("scenarios", "search,contact,list").split(",")),
                Path.of(a.getOrDefault("queries", "bench/queries.txt")),
                Path.of(a.getOrDefault("out", "bench/results")),
                Integer.parseInt(a.getOrDefault("list-depth", "5")),
                Long.parseLong(a.getOrDefault("seed", "1")));
    }

    static List<String> readQueries(Path file) throws IOException {
        List<String> queries = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
        if (queries.isEmpty()) {
            throw new IllegalArgumentException("no queries in " + file);
        }
        return queries;
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
