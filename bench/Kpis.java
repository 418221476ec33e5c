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
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Executive KPI benchmark: the dashboard for a period (value, previous period, series of every KPI) over HTTP
 * (GET /api/v1/analytics/kpis?period=…), and the same figures computed straight from the base tables (orders,
 * first orders per contact, survey answers, tickets) as PostgreSQL would without the V33 rollups.
 *
 *   java bench/Kpis.java http BASE_URL PERIOD REQUESTS
 *   java -cp CP bench/Kpis.java raw JDBC_URL PERIOD REQUESTS
 */
public class Kpis {

    public static void main(String[] args) throws Exception {
        String mode = args[0], target = args[1], period = args[2];
        int requests = Integer.parseInt(args[3]);
        List<Double> ms = mode.equals("http") ? http(target, period, requests) : raw(target, period, requests);
        double[] v = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        String json = "{\"scenario\":\"kpis-%s-%s\",\"requests\":%d,\"p50_ms\":%.1f,\"p95_ms\":%.1f,\"max_ms\":%.1f,\"mean_ms\":%.1f}"
                .formatted(mode, period, v.length, pct(v, 0.5), pct(v, 0.95), v[v.length - 1], Arrays.stream(v).average().orElse(0));
        System.out.println(json);
        Files.createDirectories(Path.of("bench/results"));
        Files.writeString(Path.of("bench/results/kpis-" + mode + "-" + period + ".json"), json + "\n");
    }

    static double pct(double[] v, double p) {
        return v[Math.min(v.length - 1, (int) Math.ceil(p * v.length) - 1)];
    }

    static int days(String period) {
        return switch (period) { case "month" -> 30; case "quarter" -> 91; default -> 365; };
    }

    static List<Double> http(String base, String period, int n) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        String login = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"%s\",\"password\":\"%s\"}".formatted(
                        System.getenv("BENCH_EMAIL"), System.getenv("BENCH_PASSWORD")))).build(), HttpResponse.BodyHandlers.ofString()).body();
        String token = login.replaceAll(".*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/v1/analytics/kpis?period=" + period))
                .header("Authorization", "Bearer " + token).GET().build();
        List<Double> times = new ArrayList<>();
        int warm = Math.min(3, n);
        for (int i = 0; i < n + warm; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
            double ms = (System.nanoTime() - t0) / 1e6;
            if (r.statusCode() != 200) throw new IllegalStateException(r.statusCode() + " " + r.body());
            if (i == 0) System.err.println(r.body().substring(0, Math.min(400, r.body().length())));
            if (i >= warm) times.add(ms);
        }
        return times;
    }

    /** The same daily parts from the base tables over [previous from, to): what every request would cost without rollups. */
    static List<Double> raw(String url, String period, int n) throws Exception {
        String counted = "status not in ('CANCELLED', 'REFUNDED')";
        String[] sql = {
                "select (ordered_at at time zone 'UTC')::date, count(*), sum(total) filter (where currency = 'EUR') from orders "
                        + "where ordered_at >= ? and ordered_at < ? and " + counted + " group by 1",
                "select (f at time zone 'UTC')::date, count(*) from (select min(ordered_at) f from orders where contact_id is not null and "
                        + counted + " group by contact_id) x where f >= ? and f < ? group by 1",
                "select (answered_at at time zone 'UTC')::date, kind, count(*), sum(score), count(*) filter (where score >= 9), "
                        + "count(*) filter (where score <= 6) from survey_responses where answered_at >= ? and answered_at < ? group by 1, 2",
                "select (created_at at time zone 'UTC')::date, count(*), count(first_response_at), sum(extract(epoch from first_response_at - created_at)) "
                        + "from tickets where created_at >= ? and created_at < ? and merged_into_id is null group by 1",
                "select (solved_at at time zone 'UTC')::date, count(*), sum(extract(epoch from solved_at - created_at)), "
                        + "count(*) filter (where agent_public_replies = 1 and reopen_count = 0) from tickets "
                        + "where solved_at >= ? and solved_at < ? and merged_into_id is null group by 1",
        };
        LocalDate to = LocalDate.now(ZoneOffset.UTC).plusDays(1);
        LocalDate from = to.minusDays(2L * days(period));
        Timestamp f = Timestamp.from(from.atStartOfDay(ZoneOffset.UTC).toInstant());
        Timestamp t = Timestamp.from(to.atStartOfDay(ZoneOffset.UTC).toInstant());
        List<Double> times = new ArrayList<>();
        int warm = Math.min(1, n);
        try (Connection c = DriverManager.getConnection(url, System.getenv().getOrDefault("PGUSER", "postgres"), System.getenv("PGPASSWORD"))) {
            for (int i = 0; i < n + warm; i++) {
                long t0 = System.nanoTime();
                for (String q : sql) {
                    try (PreparedStatement ps = c.prepareStatement(q)) {
                        ps.setTimestamp(1, f);
                        ps.setTimestamp(2, t);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) { /* read it all */ }
                        }
                    }
                }
                if (i >= warm) times.add((System.nanoTime() - t0) / 1e6);
            }
        }
        return times;
    }
}
