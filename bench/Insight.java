import java.lang.reflect.Field;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Personas and journey benchmark: k-means proposals (POST /api/v1/analytics/personas/proposals) and the journey funnel
 * (GET /api/v1/analytics/journeys) over HTTP, and the same SQL (the app's own statements, read from its classes) straight
 * on PostgreSQL. Sequential, after one warm-up call.
 *
 *   java bench/Insight.java http BASE_URL SCENARIO REQUESTS
 *   java -cp CP bench/Insight.java raw JDBC_URL SCENARIO REQUESTS
 *
 * SCENARIO: personas-auto (k by silhouette), personas-k5, funnel-all, funnel-vip (segment tag:vip).
 */
public class Insight {

    public static void main(String[] args) throws Exception {
        String mode = args[0], target = args[1], scenario = args[2];
        int requests = Integer.parseInt(args[3]);
        List<Double> ms = mode.equals("http") ? http(target, scenario, requests) : raw(target, scenario, requests);
        double[] v = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        String json = "{\"scenario\":\"insight-%s-%s\",\"requests\":%d,\"p50_ms\":%.1f,\"max_ms\":%.1f,\"mean_ms\":%.1f}"
                .formatted(mode, scenario, v.length, v[(v.length - 1) / 2], v[v.length - 1], Arrays.stream(v).average().orElse(0));
        System.out.println(json);
        Files.createDirectories(Path.of("bench/results"));
        Files.writeString(Path.of("bench/results/insight-" + mode + "-" + scenario + ".json"), json + "\n");
    }

    static List<Double> http(String base, String scenario, int n) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        String login = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"%s\",\"password\":\"%s\"}".formatted(
                        System.getenv("BENCH_EMAIL"), System.getenv("BENCH_PASSWORD")))).build(), HttpResponse.BodyHandlers.ofString()).body();
        String token = login.replaceAll(".*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        HttpRequest req = switch (scenario) {
            case "personas-auto" -> post(base + "/api/v1/analytics/personas/proposals", "{}", token);
            case "personas-k5" -> post(base + "/api/v1/analytics/personas/proposals", "{\"k\":5}", token);
            case "funnel-all" -> get(base + "/api/v1/analytics/journeys", token);
            case "funnel-vip" -> get(base + "/api/v1/analytics/journeys?segment=tag:vip", token);
            default -> throw new IllegalArgumentException(scenario);
        };
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < n + 1; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
            double took = (System.nanoTime() - t0) / 1e6;
            if (r.statusCode() / 100 != 2) throw new IllegalStateException(r.statusCode() + " " + r.body());
            if (i == 0) System.err.println(scenario + ": " + r.body().substring(0, Math.min(600, r.body().length())));
            if (i > 0) times.add(took);
        }
        return times;
    }

    static HttpRequest post(String url, String body, String token) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    static HttpRequest get(String url, String token) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET().build();
    }

    static String constant(String cls, String field) throws Exception {
        Field f = Class.forName(cls).getDeclaredField(field);
        f.setAccessible(true);
        return (String) f.get(null);
    }

    /** The app's SQL alone: the feature query read to the last row, or the funnel query. */
    static List<Double> raw(String url, String scenario, int n) throws Exception {
        String sql = scenario.startsWith("personas")
                ? constant("io.rapport.analytics.personas.PersonaFeatures", "SQL").formatted("true")
                : constant("io.rapport.analytics.journeys.Journeys", "FUNNEL_SQL").formatted(
                        scenario.equals("funnel-vip") ? "(c.tags @> array['vip'] and true)" : "(true and true)");
        List<Double> times = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, System.getenv().getOrDefault("PGUSER", "postgres"), System.getenv("PGPASSWORD"))) {
            c.setAutoCommit(false);
            for (int i = 0; i < n + 1; i++) {
                long t0 = System.nanoTime();
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setFetchSize(10_000);
                    try (ResultSet rs = ps.executeQuery()) {
                        long rows = 0;
                        while (rs.next()) {
                            rs.getLong(1);
                            rows++;
                        }
                        if (i == 0) System.err.println(scenario + " raw rows: " + rows);
                    }
                }
                double took = (System.nanoTime() - t0) / 1e6;
                if (i > 0) times.add(took);
            }
        }
        return times;
    }
}
