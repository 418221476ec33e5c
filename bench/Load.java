import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP load test of a running Rapport on localhost: a fixed number of concurrent clients (virtual
 * threads), each sending one request after the other, for a fixed time after a warm-up.
 *
 * <pre>
 * java bench/Load.java --min-id 1 --max-id 1000000 [--base http://localhost:8080] [--duration 20] ...
 * </pre>
 *
 * Scenarios: {@code search} (GET /api/v1/search?q= with the strings in bench/queries.txt),
 * {@code contact} (GET /api/v1/contacts/{random id}), {@code list} (GET
 * /api/v1/contacts?stage=CUSTOMER&limit=50, following nextCursor for a few pages). Writes
 * bench/results/&lt;scenario&gt;.json and appends a line to bench/results/summary.txt.
 */
public class Load {

    static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");
    static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern NEXT_CURSOR = Pattern.compile("\"nextCursor\"\\s*:\\s*\"([^\"]+)\"");
    /** Keep at most this many latency samples per client (bounded memory whatever the duration). */
    static final int MAX_SAMPLES_PER_CLIENT = 2_000_000;

    record Options(URI base, String email, String password, int clients, int durationSeconds, int warmupSeconds,
                   long minId, long maxId, List<String> scenarios, Path queries, Path out, int listDepth, long seed) {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || Arrays.asList(args).contains("--help")) {
            usage();
            System.exit(args.length == 0 ? 2 : 0);
        }
        Options o = parse(args);
        String host = o.base().getHost();
        if (host == null || !LOCAL_HOSTS.contains(host.toLowerCase(Locale.ROOT))) {
            System.err.println("refusing to load-test " + o.base() + ": only localhost is allowed");
            System.exit(2);
        }
        List<String> queries = readQueries(o.queries());
        Files.createDirectories(o.out());

        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        Auth auth = new Auth(http, o);
        auth.refresh();
        System.out.printf("Load test of %s: %d clients, %d s warm-up + %d s per scenario%n",
                o.base(), o.clients(), o.warmupSeconds(), o.durationSeconds());

        boolean failed = false;
        for (String scenario : o.scenarios()) {
            Scenario s = switch (scenario) {
                case "search" -> new SearchScenario(queries);
                case "contact" -> {
                    if (o.minId() <= 0 || o.maxId() < o.minId()) {
                        System.err.println("contact scenario needs --min-id and --max-id (contact id range); skipped");
                        yield null;
                    }
                    yield new ContactScenario(o.minId(), o.maxId());
                }
                case "list" -> new ListScenario(o.listDepth());
                default -> throw new IllegalArgumentException("unknown scenario " + scenario);
            };
            if (s == null) {
                continue;
            }
            Result r = run(scenario, s, http, auth, o);
            r.print();
            Files.writeString(o.out().resolve(scenario + ".json"), r.json());
            Files.writeString(o.out().resolve("summary.txt"), r.summaryLine() + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            failed |= r.requests == 0 || r.errors > r.requests / 100;
        }
        if (failed) {
            System.err.println("WARNING: a scenario had no successful requests or more than 1% errors");
            System.exit(1);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Scenarios
    // ------------------------------------------------------------------------------------------

    /** Produces the next request path for one client; {@code body} of the previous response is given. */
    interface Scenario {
        ClientState newClient(long seed);
    }

    interface ClientState {
        String nextPath();

        default void observe(String body) {}

        default boolean needsBody() {
            return false;
        }
    }

    record SearchScenario(List<String> queries) implements Scenario {
        public ClientState newClient(long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            return () -> "/api/v1/search?q=" + encode(queries.get(r.nextInt(queries.size())));
        }
    }

    record ContactScenario(long minId, long maxId) implements Scenario {
        public ClientState newClient(long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            return () -> "/api/v1/contacts/" + r.nextLong(minId, maxId + 1);
        }
    }

    /** First page, then up to {@code depth - 1} further pages via nextCursor, then start over. */
    record ListScenario(int depth) implements Scenario {
        public ClientState newClient(long seed) {
            return new ClientState() {
                String cursor;
                int page;

                public String nextPath() {
                    String path = "/api/v1/contacts?stage=CUSTOMER&limit=50";
                    return cursor == null ? path : path + "&cursor=" + encode(cursor);
                }

                public void observe(String body) {
                    page++;
                    Matcher m = body == null ? null : NEXT_CURSOR.matcher(body);
                    if (m != null && m.find() && page < depth) {
                        cursor = m.group(1);
                    } else {
                        cursor = null;
                        page = 0;
                    }
                }

                public boolean needsBody() {
                    return true;
                }
            };
        }
    }

    // ------------------------------------------------------------------------------------------
    // Running
    // ------------------------------------------------------------------------------------------

    static final class Samples {
        long[] nanos = new long[4096];
        int size;
        long errors;
        long dropped;
        final Map<Integer, Long> statuses = new TreeMap<>();
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

    static Result run(String name, Scenario scenario, HttpClient http, Auth auth, Options o) throws Exception {
        Instant started = Instant.now();
        long warmupEnd = System.nanoTime() + o.warmupSeconds() * 1_000_000_000L;
        long end = warmupEnd + o.durationSeconds() * 1_000_000_000L;
        List<Future<Samples>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < o.clients(); i++) {
                ClientState client = scenario.newClient(o.seed() * 1_000 + i);
                futures.add(pool.submit(() -> client(http, auth, o, client, warmupEnd, end)));
            }
        }
        Samples all = new Samples();
        List<long[]> parts = new ArrayList<>();
        int total = 0;
        for (Future<Samples> f : futures) {
            Samples s = f.get();
            parts.add(Arrays.copyOf(s.nanos, s.size));
            total += s.size;
            all.errors += s.errors;
            all.dropped += s.dropped;
            s.statuses.forEach((k, v) -> all.statuses.merge(k, v, Long::sum));
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
    }

    static Samples client(HttpClient http, Auth auth, Options o, ClientState state, long warmupEnd, long end) {
        Samples samples = new Samples();
        while (true) {
            long begin = System.nanoTime();
            if (begin >= end) {
                break;
            }
            boolean measured = begin >= warmupEnd;
            String path = state.nextPath();
            try {
                HttpResponse<String> response = send(http, auth, o, path);
                if (response.statusCode() == 401) {
                    auth.refresh();
                    response = send(http, auth, o, path);
                }
                long elapsed = System.nanoTime() - begin;
                int status = response.statusCode();
                state.observe(status == 200 ? response.body() : null);
                if (measured) {
                    samples.statuses.merge(status, 1L, Long::sum);
                    if (status >= 200 && status < 300) {
                        samples.add(elapsed);
                    } else {
                        samples.errors++;
                    }
                }
            } catch (IOException | RuntimeException e) {
                state.observe(null);
                if (measured) {
                    samples.errors++;
                    samples.exceptions.merge(e.getClass().getSimpleName(), 1L, Long::sum);
                }
                sleepQuietly(50); // do not spin on a dead server
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return samples;
    }

    static HttpResponse<String> send(HttpClient http, Auth auth, Options o, String path)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(o.base().resolve(path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + auth.token())
                .header("Accept", "application/json")
                .GET()
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The bearer token, shared by all clients and fetched again on a 401. */
    static final class Auth {
        private final HttpClient http;
        private final Options o;
        private final AtomicReference<String> token = new AtomicReference<>();

        Auth(HttpClient http, Options o) {
            this.http = http;
            this.o = o;
        }

        String token() {
            return token.get();
        }

        synchronized void refresh() {
            String body = "{\"email\":\"" + jsonEscape(o.email()) + "\",\"password\":\"" + jsonEscape(o.password()) + "\"}";
            HttpRequest request = HttpRequest.newBuilder(o.base().resolve("/api/v1/auth/token"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                Matcher m = TOKEN.matcher(response.body());
                if (response.statusCode() != 200 || !m.find()) {
                    throw new IllegalStateException("login as " + o.email() + " failed: HTTP " + response.statusCode()
                            + " " + response.body());
                }
                token.set(m.group(1));
            } catch (IOException e) {
                throw new UncheckedIOException("login failed: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Results
    // ------------------------------------------------------------------------------------------

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
        final Samples samples;

        Result(String scenario, Options o, Instant started, long[] sorted, Samples samples) {
            this.scenario = scenario;
            this.o = o;
            this.started = started;
            this.samples = samples;
            this.requests = sorted.length + samples.dropped;
            this.errors = samples.errors;
            this.throughput = requests / (double) o.durationSeconds();
            this.p50 = percentile(sorted, 50);
            this.p95 = percentile(sorted, 95);
            this.p99 = percentile(sorted, 99);
            this.max = sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6;
            this.mean = sorted.length == 0 ? 0 : Arrays.stream(sorted).average().orElse(0) / 1e6;
        }

        void print() {
            System.out.println(summaryLine());
            if (!samples.exceptions.isEmpty() || samples.statuses.keySet().stream().anyMatch(s -> s != 200)) {
                System.out.println("    status codes " + samples.statuses + (samples.exceptions.isEmpty() ? ""
                        : ", exceptions " + samples.exceptions));
            }
        }

        String summaryLine() {
            return String.format(Locale.ROOT, "http     %-8s %9.1f req/s  p50 %8.2f ms  p95 %8.2f ms  p99 %8.2f ms  errors %d",
                    scenario, throughput, p50, p95, p99, errors);
        }

        String json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", "http");
            m.put("scenario", scenario);
            m.put("base", o.base().toString());
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
            Map<String, Object> statuses = new LinkedHashMap<>();
            samples.statuses.forEach((k, v) -> statuses.put(String.valueOf(k), v));
            m.put("statusCodes", statuses);
            m.put("exceptions", new LinkedHashMap<String, Object>(samples.exceptions));
            return toJson(m) + "\n";
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

    @SuppressWarnings("unchecked")
    static String toJson(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder("{");
            map.forEach((k, val) -> {
                if (sb.length() > 1) {
                    sb.append(", ");
                }
                sb.append('"').append(jsonEscape(k.toString())).append("\": ").append(toJson(val));
            });
            return sb.append('}').toString();
        }
        return "\"" + jsonEscape(v.toString()) + "\"";
    }

    static String jsonEscape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------------------------------
    // Options
    // ------------------------------------------------------------------------------------------

    static void usage() {
        System.err.println("""
            usage: java bench/Load.java [options]
              --base URL          app base URL, localhost only (default $BASE or http://localhost:8080)
              --email E           login (default $BENCH_EMAIL or bench@rapport.local)
              --password P        password (default $BENCH_PASSWORD or bench-password-1)
              --clients N         concurrent clients (default 16)
              --duration S        measured seconds per scenario (default 20)
              --warmup S          warm-up seconds per scenario, not measured (default 5)
              --min-id N --max-id N  contact id range for the contact scenario
              --scenarios LIST    comma-separated: search,contact,list (default all)
              --list-depth N      pages to follow per list walk (default 5)
              --queries FILE      search strings (default bench/queries.txt)
              --out DIR           results directory (default bench/results)
              --seed N            random seed (default 1)""");
    }

    static Options parse(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                usage();
                throw new IllegalArgumentException("bad argument " + args[i]);
            }
            a.put(args[i].substring(2), args[++i]);
        }
        Set<String> known = Set.of("base", "email", "password", "clients", "duration", "warmup", "min-id", "max-id",
                "scenarios", "list-depth", "queries", "out", "seed");
        for (String k : a.keySet()) {
            if (!known.contains(k)) {
                usage();
                throw new IllegalArgumentException("unknown option --" + k);
            }
        }
        String base = a.getOrDefault("base", env("BASE", "http://localhost:8080"));
        int clients = Integer.parseInt(a.getOrDefault("clients", "16"));
        int duration = Integer.parseInt(a.getOrDefault("duration", "20"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "5"));
        if (clients < 1 || clients > 256 || duration < 1 || duration > 3600 || warmup < 0 || warmup > 600) {
            throw new IllegalArgumentException("clients 1..256, duration 1..3600 s, warmup 0..600 s");
        }
        return new Options(URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base),
                a.getOrDefault("email", env("BENCH_EMAIL", "bench@rapport.local")),
                a.getOrDefault("password", env("BENCH_PASSWORD", "bench-password-1")),
                clients, duration, warmup,
                Long.parseLong(a.getOrDefault("min-id", "0")), Long.parseLong(a.getOrDefault("max-id", "0")),
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

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
