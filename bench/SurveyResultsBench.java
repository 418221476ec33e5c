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
 * Survey results benchmark: NPS / CSAT over a year of answers, over HTTP (GET /api/v1/analytics/{kind}) and as the
 * same aggregate SQL straight on PostgreSQL (the total, the monthly trend, and the group when one is asked for).
 *
 *   java bench/SurveyResultsBench.java http BASE_URL KIND FROM TO GROUP_BY REQUESTS
 *   java -cp CP bench/SurveyResultsBench.java raw JDBC_URL KIND FROM TO GROUP_BY REQUESTS
 */
public class SurveyResultsBench {

    public static void main(String[] args) throws Exception {
        String mode = args[0], target = args[1], kind = args[2], from = args[3], to = args[4], groupBy = args[5];
        int requests = Integer.parseInt(args[6]);
        List<Double> ms = mode.equals("http") ? http(target, kind, from, to, groupBy, requests) : raw(target, kind, from, to, groupBy, requests);
        double[] v = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        String name = "survey-results-" + mode + "-" + kind.toLowerCase() + "-" + groupBy;
        String json = "{\"scenario\":\"%s\",\"from\":\"%s\",\"to\":\"%s\",\"requests\":%d,\"p50_ms\":%.1f,\"p95_ms\":%.1f,\"max_ms\":%.1f,\"mean_ms\":%.1f}"
                .formatted(name, from, to, v.length, pct(v, 0.5), pct(v, 0.95), v[v.length - 1], Arrays.stream(v).average().orElse(0));
        System.out.println(json);
        Files.createDirectories(Path.of("bench/results"));
        Files.writeString(Path.of("bench/results/" + name + ".json"), json + "\n");
    }

    static double pct(double[] v, double p) {
        return v[Math.min(v.length - 1, (int) Math.ceil(p * v.length) - 1)];
    }

    static List<Double> http(String base, String kind, String from, String to, String groupBy, int n) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        String login = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"%s\",\"password\":\"%s\"}".formatted(
                        System.getenv("BENCH_EMAIL"), System.getenv("BENCH_PASSWORD")))).build(), HttpResponse.BodyHandlers.ofString()).body();
        String token = login.replaceAll(".*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/v1/analytics/" + kind.toLowerCase() + "?from=" + from + "&to=" + to
                + "&groupBy=" + groupBy)).header("Authorization", "Bearer " + token).GET().build();
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < n + 3; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
            double ms = (System.nanoTime() - t0) / 1e6;
            if (r.statusCode() != 200) throw new IllegalStateException(r.statusCode() + " " + r.body());
            if (i == 0) System.err.println(r.body().substring(0, Math.min(400, r.body().length())));
            if (i >= 3) times.add(ms);
        }
        return times;
    }

    static final String AGG = " count(*), count(*) filter (where r.score >= 9), count(*) filter (where r.score between 7 and 8),"
            + " count(*) filter (where r.score <= 6), count(*) filter (where r.score >= 4), avg(r.score)::float8, coalesce(stddev_samp(r.score), 0)::float8";

    static List<Double> raw(String url, String kind, String from, String to, String groupBy, int n) throws Exception {
        List<String> sql = new ArrayList<>();
        sql.add("select" + AGG + " from survey_responses r where r.kind = ? and r.answered_at >= ? and r.answered_at < ?");
        sql.add("select to_char(r.answered_at at time zone 'UTC', 'YYYY-MM')," + AGG
                + " from survey_responses r where r.kind = ? and r.answered_at >= ? and r.answered_at < ? group by 1 order by 1");
        if (groupBy.equals("stage")) {
            sql.add("select c.lifecycle_stage," + AGG + " from survey_responses r left join contacts c on c.id = r.contact_id"
                    + " where r.kind = ? and r.answered_at >= ? and r.answered_at < ? group by 1");
        } else if (groupBy.equals("account")) {
            sql.add("select a.id, a.name," + AGG + " from survey_responses r left join accounts a on a.id = r.account_id"
                    + " where r.kind = ? and r.answered_at >= ? and r.answered_at < ? group by 1, 2 order by count(*) desc limit 500");
        }
        Timestamp f = Timestamp.from(LocalDate.parse(from).atStartOfDay(ZoneOffset.UTC).toInstant());
        Timestamp t = Timestamp.from(LocalDate.parse(to).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        List<Double> times = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, System.getenv().getOrDefault("PGUSER", "postgres"), System.getenv("PGPASSWORD"))) {
            for (int i = 0; i < n + 3; i++) {
                long t0 = System.nanoTime();
                for (String q : sql) {
                    try (PreparedStatement ps = c.prepareStatement(q)) {
                        ps.setString(1, kind);
                        ps.setTimestamp(2, f);
                        ps.setTimestamp(3, t);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) { /* read it all */ }
                        }
                    }
                }
                if (i >= 3) times.add((System.nanoTime() - t0) / 1e6);
            }
        }
        return times;
    }
}
