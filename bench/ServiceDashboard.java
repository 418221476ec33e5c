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
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Service dashboard benchmark: the metrics of one quarter, over HTTP (GET /api/v1/service/metrics) and as the same SQL
 * straight on PostgreSQL, sequentially, after a warm-up.
 *
 *   java bench/ServiceDashboard.java http BASE_URL FROM TO GROUP_BY REQUESTS
 *   java -cp CP bench/ServiceDashboard.java raw JDBC_URL FROM TO GROUP_BY REQUESTS
 */
public class ServiceDashboard {

    public static void main(String[] args) throws Exception {
        if (args.length < 6) {
            System.err.println("usage: http BASE FROM TO GROUP_BY REQUESTS | raw JDBC_URL FROM TO GROUP_BY REQUESTS");
            System.exit(2);
        }
        String mode = args[0], target = args[1], from = args[2], to = args[3], groupBy = args[4];
        int requests = Integer.parseInt(args[5]);
        List<Double> ms = mode.equals("http") ? http(target, from, to, groupBy, requests) : raw(target, from, to, groupBy, requests, mode);
        double[] v = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        String json = "{\"scenario\":\"service-dashboard-%s-%s\",\"from\":\"%s\",\"to\":\"%s\",\"requests\":%d,\"p50_ms\":%.1f,\"p95_ms\":%.1f,\"max_ms\":%.1f,\"mean_ms\":%.1f}"
                .formatted(mode, groupBy, from, to, v.length, pct(v, 0.5), pct(v, 0.95), v[v.length - 1], Arrays.stream(v).average().orElse(0));
        System.out.println(json);
        Files.createDirectories(Path.of("bench/results"));
        Files.writeString(Path.of("bench/results/service-dashboard-" + mode + "-" + groupBy + ".json"), json + "\n");
    }

    static double pct(double[] v, double p) {
        return v[Math.min(v.length - 1, (int) Math.ceil(p * v.length) - 1)];
    }

    static List<Double> http(String base, String from, String to, String groupBy, int n) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        String login = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"%s\",\"password\":\"%s\"}".formatted(
                        System.getenv("BENCH_EMAIL"), System.getenv("BENCH_PASSWORD")))).build(), HttpResponse.BodyHandlers.ofString()).body();
        String token = login.replaceAll(".*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/v1/service/metrics?from=" + from + "&to=" + to + "&groupBy=" + groupBy))
                .header("Authorization", "Bearer " + token).GET().build();
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < n + 5; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
            double ms = (System.nanoTime() - t0) / 1e6;
            if (r.statusCode() != 200) throw new IllegalStateException(r.statusCode() + " " + r.body());
            if (i == 0) System.err.println(r.body().substring(0, Math.min(600, r.body().length())));
            if (i >= 5) times.add(ms);
        }
        return times;
    }

    /**
     * raw: the statements ServiceMetrics runs for one request (received/first response/weekly counts, then solved/
     * resolution/FCR/reopen/SLA/weekly counts — each group's seconds unsorted via array_agg, read to the last element —
     * then CSAT, QA), without the sorting and percentiles the app does in Java. rawpct: the same figures with the
     * percentiles computed by PostgreSQL (percentile_cont, rollup for the total, weeks as a grouping set).
     */
    static List<Double> raw(String url, String from, String to, String groupBy, int n, String mode) throws Exception {
        String key = switch (groupBy) { case "agent" -> "assignee_id"; case "team" -> "team_id"; default -> "null::bigint"; };
        String tkey = key.startsWith("null") ? key : "t." + key;
        String sets = groupBy.equals("none") ? "(g), (wk)" : "(g), (), (wk)";
        String tail = groupBy.equals("none") ? "" : " group by g";
        StringBuilder rw = new StringBuilder(), sw = new StringBuilder();
        LocalDate w0 = LocalDate.parse(from).with(java.time.DayOfWeek.MONDAY);
        for (LocalDate w = w0; !w.isAfter(LocalDate.parse(to)); w = w.plusWeeks(1)) {
            String lo = "'" + w + "'::timestamptz", hi = "'" + w.plusWeeks(1) + "'::timestamptz";
            rw.append(", count(*) filter (where created_at >= ").append(lo).append(" and created_at < ").append(hi).append(')');
            sw.append(", count(*) filter (where solved_at >= ").append(lo).append(" and solved_at < ").append(hi).append(')');
        }
        String[] app = {
                "select " + key + " g, count(*), array_agg(first_response_business_s) filter (where first_response_business_s is not null), "
                        + "count(first_response_business_s) filter (where business_time_basis = 'POLICY'), count(first_response_business_s) filter (where business_time_basis = 'DEFAULT'), "
                        + "count(first_response_business_s) filter (where business_time_basis = 'WALL_CLOCK')" + rw
                        + " from tickets where created_at >= ? and created_at < ? and merged_into_id is null" + tail,
                "select " + key + " g, count(*), array_agg(resolution_business_s) filter (where resolution_business_s is not null), "
                        + "count(resolution_business_s) filter (where business_time_basis = 'POLICY'), count(resolution_business_s) filter (where business_time_basis = 'DEFAULT'), "
                        + "count(resolution_business_s) filter (where business_time_basis = 'WALL_CLOCK'), count(*) filter (where agent_public_replies = 1 and reopen_count = 0), "
                        + "count(*) filter (where reopen_count > 0), coalesce(sum(sla_clocks_met), 0), coalesce(sum(sla_clocks_total), 0)" + sw
                        + " from tickets where solved_at >= ? and solved_at < ? and merged_into_id is null" + tail,
        };
        String[] pct = {
                // received, first response (stored business seconds), time basis, weekly received: one index-only scan
                "select g, grouping(g), count(*), percentile_cont(0.5) within group (order by secs), percentile_cont(0.9) within group (order by secs), "
                        + "count(secs) filter (where basis = 'POLICY'), count(secs) filter (where basis = 'DEFAULT'), count(secs) filter (where basis = 'WALL_CLOCK'), wk, grouping(wk) "
                        + "from (select " + key + " g, first_response_business_s secs, business_time_basis basis, date_trunc('week', created_at at time zone 'UTC')::date wk from tickets "
                        + "where created_at >= ? and created_at < ? and merged_into_id is null) t group by grouping sets (" + sets + ")",
                // solved, resolution, FCR, reopen, SLA compliance, time basis, weekly solved: one index-only scan
                "select g, grouping(g), count(*), percentile_cont(0.5) within group (order by secs), percentile_cont(0.9) within group (order by secs), "
                        + "100.0 * count(*) filter (where agent_public_replies = 1 and reopen_count = 0) / nullif(count(*), 0), 100.0 * count(*) filter (where reopen_count > 0) / nullif(count(*), 0), "
                        + "100.0 * sum(sla_clocks_met) / nullif(sum(sla_clocks_total), 0), "
                        + "count(secs) filter (where basis = 'POLICY'), count(secs) filter (where basis = 'DEFAULT'), count(secs) filter (where basis = 'WALL_CLOCK'), wk, grouping(wk) "
                        + "from (select " + key + " g, resolution_business_s secs, business_time_basis basis, agent_public_replies, reopen_count, sla_clocks_met, sla_clocks_total, "
                        + "date_trunc('week', solved_at at time zone 'UTC')::date wk from tickets "
                        + "where solved_at >= ? and solved_at < ? and merged_into_id is null) t group by grouping sets (" + sets + ")",
                "select g, grouping(g), 100.0 * count(*) filter (where score >= 4) / nullif(count(*), 0), count(*) from (select " + tkey + " g, s.score "
                        + "from csat_surveys s join tickets t on t.id = s.ticket_id where s.answered_at >= ? and s.answered_at < ?) x group by rollup (g)",
                "select g, grouping(g), avg(score) from (select " + (groupBy.equals("agent") ? "r.agent_id" : tkey) + " g, r.score "
                        + "from qa_reviews r join tickets t on t.id = r.ticket_id where r.created_at >= ? and r.created_at < ?) x group by rollup (g)",
        };
        List<String> chosen = new ArrayList<>(List.of(mode.equals("rawpct") ? pct : app));
        if (!mode.equals("rawpct")) chosen.addAll(List.of(pct).subList(2, 4));   // CSAT, QA: the same statements
        String[] sql = chosen.toArray(String[]::new);
        Timestamp f = Timestamp.from(LocalDate.parse(from).atStartOfDay(ZoneOffset.UTC).toInstant());
        Timestamp t = Timestamp.from(LocalDate.parse(to).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        List<Double> times = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, System.getenv().getOrDefault("PGUSER", "postgres"), System.getenv("PGPASSWORD"))) {
            for (int i = 0; i < n + 5; i++) {
                long t0 = System.nanoTime();
                for (String q : sql) {
                    try (PreparedStatement ps = c.prepareStatement(q)) {
                        ps.setTimestamp(1, f);
                        ps.setTimestamp(2, t);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                // read it all, the arrays to their last element
                                for (int col = 1; col <= rs.getMetaData().getColumnCount(); col++) {
                                    Object v = rs.getObject(col);
                                    if (v instanceof java.sql.Array a) { Object[] values = (Object[]) a.getArray(); if (values.length < 0) throw new IllegalStateException(); }
                                }
                            }
                        }
                    }
                }
                if (i >= 5) times.add((System.nanoTime() - t0) / 1e6);
            }
        }
        return times;
    }
}
