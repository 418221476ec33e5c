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
import java.time.LocalDate;
import java.time.YearMonth;
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
 * Deals benchmark: the kanban board's first render with 100,000 open deals in one pipeline, and the forecast over
 * 1,000,000 deals — each through the API and as the same SQL straight to PostgreSQL.
 *
 * <pre>
 * java -cp "$CP" bench/Deals.java generate JDBC_URL [boardOpen=100000] [total=1000000]
 * java bench/Deals.java http-board BASE_URL PIPELINE_ID [requests=1000] [clients=1]
 * java -cp "$CP" bench/Deals.java raw-board JDBC_URL PIPELINE_ID [requests=1000] [clients=1]
 * java bench/Deals.java http-forecast BASE_URL FROM TO [requests=200] [clients=1]
 * java -cp "$CP" bench/Deals.java raw-forecast JDBC_URL FROM TO [requests=200] [clients=1]
 * (raw-board-direct, raw-forecast-direct: the same aggregates computed from the deals, without the running totals)
 * </pre>
 *
 * {@code generate} prints BOARD_PIPELINE=<id>. Results: bench/results/deals-*.json, plans: deals-*-explain.txt.
 * The raw SQL is a copy of {@code DealBoard} and {@code Forecast} for a user who sees every deal: keep them in sync.
 */
public class Deals {

    static final Path RESULTS = Path.of("bench/results");
    static final int PER_STAGE = 20;

    /** DealBoard.columns: count and sum per stage and currency, from the running totals. */
    static final String BOARD_TOTALS = """
            select t.stage_id, t.currency, sum(t.deals) as n, sum(t.amount) as total
              from deal_totals t join pipeline_stages s on s.id = t.stage_id
             where s.pipeline_id = ? and true
             group by t.stage_id, t.currency having sum(t.deals) > 0""";
    /** The same counts and sums aggregated from the deals themselves: what the totals table saves. */
    static final String BOARD_TOTALS_DIRECT = """
            select d.stage_id, d.currency, count(*) as n, sum(d.amount) as total from deals d
             where d.pipeline_id = ? group by d.stage_id, d.currency""";
    /** DealBoard.columns: the biggest N + 1 deals of every stage. */
    static final String BOARD_CARDS = """
            select c.* from pipeline_stages s cross join lateral (
                select d.id, d.name, d.amount, d.currency, d.close_date, d.version, d.stage_id,
                       u.name as owner_name, a.name as account_name
                  from deals d left join users u on u.id = d.owner_id left join accounts a on a.id = d.account_id
                 where d.pipeline_id = ? and d.stage_id = s.id and d.status = s.outcome and true
                 order by d.amount desc, d.id limit ?) c
             where s.pipeline_id = ?
             order by s.position, c.amount desc, c.id""";
    /** Forecast.of, grouped by owner, all pipelines, from the running totals. */
    static final String FORECAST = """
            with cells as (
              select t.owner_id as gid, t.close_month as month, t.currency,
                     coalesce(sum(t.amount) filter (where s.outcome = 'OPEN'), 0) as pipeline,
                     coalesce(sum(t.amount * s.probability) filter (where s.outcome = 'OPEN'), 0) / 100 as weighted,
                     coalesce(sum(t.amount) filter (where s.outcome = 'OPEN' and s.probability >= 75), 0) as committed,
                     coalesce(sum(t.amount) filter (where s.outcome = 'WON'), 0) as won,
                     coalesce(sum(t.deals) filter (where s.outcome = 'OPEN'), 0) as open_n,
                     coalesce(sum(t.deals) filter (where s.outcome = 'WON'), 0) as won_n,
                     coalesce(sum(t.deals) filter (where s.outcome = 'LOST'), 0) as lost_n,
                     coalesce(sum(t.cycle_seconds) filter (where s.outcome = 'WON'), 0) as cycle_seconds
                from deal_totals t join pipeline_stages s on s.id = t.stage_id
               where t.close_month >= ? and t.close_month < ? and (cast(? as bigint) is null or s.pipeline_id = ?)
                 and true
               group by 1, 2, 3
              having sum(t.deals) > 0)
            select c.*, g.name as group_name from cells c left join users g on g.id = c.gid
             order by g.name nulls last, c.gid, c.month, c.currency""";
    /** The same forecast aggregated from the deals themselves: what the totals table saves. */
    static final String FORECAST_DIRECT = """
            with cells as (
              select d.owner_id as gid, date_trunc('month', d.close_date)::date as month, d.currency,
                     coalesce(sum(d.amount) filter (where d.status = 'OPEN'), 0) as pipeline,
                     coalesce(sum(d.amount * s.probability) filter (where d.status = 'OPEN'), 0) / 100 as weighted,
                     coalesce(sum(d.amount) filter (where d.status = 'OPEN' and s.probability >= 75), 0) as committed,
                     coalesce(sum(d.amount) filter (where d.status = 'WON'), 0) as won,
                     count(*) filter (where d.status = 'OPEN') as open_n,
                     count(*) filter (where d.status = 'WON') as won_n,
                     count(*) filter (where d.status = 'LOST') as lost_n,
                     sum(extract(epoch from d.closed_at - d.created_at)) filter (where d.status = 'WON') as cycle_seconds
                from deals d join pipeline_stages s on s.id = d.stage_id
               where d.close_date >= ? and d.close_date < ? and (cast(? as bigint) is null or d.pipeline_id = ?)
               group by 1, 2, 3)
            select c.*, g.name as group_name from cells c left join users g on g.id = c.gid
             order by g.name nulls last, c.gid, c.month, c.currency""";

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: generate JDBC_URL [boardOpen] [total] | http-board BASE PIPELINE [requests] [clients]"
                    + " | raw-board JDBC_URL PIPELINE [requests] [clients] | http-forecast BASE FROM TO [requests] [clients]"
                    + " | raw-forecast JDBC_URL FROM TO [requests] [clients]");
            System.exit(2);
        }
        switch (args[0]) {
            case "generate" -> generate(args[1], arg(args, 2, 100_000), arg(args, 3, 1_000_000));
            case "http-board" -> httpBoard(args[1], Long.parseLong(args[2]), arg(args, 3, 1000), arg(args, 4, 1));
            case "raw-board" -> rawBoard(args[1], Long.parseLong(args[2]), arg(args, 3, 1000), arg(args, 4, 1), BOARD_TOTALS, "raw");
            case "raw-board-direct" -> rawBoard(args[1], Long.parseLong(args[2]), arg(args, 3, 1000), arg(args, 4, 1),
                    BOARD_TOTALS_DIRECT, "raw-direct");
            case "http-forecast" -> httpForecast(args[1], args[2], args[3], arg(args, 4, 200), arg(args, 5, 1));
            case "raw-forecast" -> rawForecast(args[1], args[2], args[3], arg(args, 4, 200), arg(args, 5, 1), FORECAST, "raw");
            case "raw-forecast-direct" -> rawForecast(args[1], args[2], args[3], arg(args, 4, 200), arg(args, 5, 1),
                    FORECAST_DIRECT, "raw-direct");
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }

    // ---------------------------------------------------------------------------------------------- data

    /**
     * 20 sellers in 4 teams, 5,000 accounts; a board pipeline with {@code boardOpen} open deals over its four open
     * stages (plus 10% closed), and a forecast pipeline carrying the rest up to {@code total} deals, close dates over
     * three years around today (60% open, 25% won, 15% lost).
     */
    static void generate(String url, int boardOpen, int total) throws Exception {
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            long started = System.nanoTime();
            s.execute("select setseed(0.5)");
            s.execute("insert into teams (name) select 'Bench team ' || g from generate_series(1, 4) g");
            s.execute("""
                    insert into users (email, name, password_hash, role, team_id)
                    select 'seller' || g || '@bench.rapport', 'Seller ' || g, 'not-a-login', 'SALES',
                           (select id from teams where name = 'Bench team ' || (1 + g % 4))
                      from generate_series(1, 20) g""");
            s.execute("insert into accounts (name) select 'Bench account ' || g from generate_series(1, 5000) g");
            long board = pipeline(s, "Bench board");
            long forecast = pipeline(s, "Bench forecast");
            int boardClosed = boardOpen / 10;
            insertDeals(s, board, boardOpen, true);
            insertDeals(s, board, boardClosed, false);
            insertDeals(s, forecast, Math.max(0, total - boardOpen - boardClosed), false);
            s.execute("vacuum analyze deals");
            s.execute("vacuum analyze pipeline_stages");
            s.execute("vacuum analyze users");
            s.execute("vacuum analyze accounts");
            try (ResultSet rs = s.executeQuery("select count(*), count(*) filter (where pipeline_id = " + board + " and status = 'OPEN') from deals")) {
                rs.next();
                System.out.printf(Locale.ROOT, "generated %,d deals (%,d open on the board pipeline) in %.1f s%n",
                        rs.getLong(1), rs.getLong(2), (System.nanoTime() - started) / 1e9);
            }
            System.out.println("BOARD_PIPELINE=" + board);
        }
    }

    static long pipeline(Statement s, String name) throws Exception {
        long id;
        try (ResultSet rs = s.executeQuery("insert into pipelines (name, position) values ('" + name + "', 9) returning id")) {
            rs.next();
            id = rs.getLong(1);
        }
        s.execute("""
                insert into pipeline_stages (pipeline_id, name, position, probability, outcome)
                select %d, v.name, v.pos, v.prob, v.outcome from (values ('Qualify', 0, 10, 'OPEN'), ('Discover', 1, 25, 'OPEN'),
                  ('Propose', 2, 50, 'OPEN'), ('Commit', 3, 80, 'OPEN'), ('Won', 4, 100, 'WON'), ('Lost', 5, 0, 'LOST'))
                  as v(name, pos, prob, outcome)""".formatted(id));
        return id;
    }

    /** Open deals spread over the open stages, or a mix of open, won and lost. One set-based insert. */
    static void insertDeals(Statement s, long pipeline, int count, boolean onlyOpen) throws Exception {
        if (count == 0) return;
        s.execute("""
                insert into deals (name, pipeline_id, stage_id, amount, currency, close_date, status, lost_reason, owner_id, team_id,
                                   account_id, created_at, stage_entered_at, closed_at)
                select 'Deal ' || g, %1$d, st.id, round((100 + random() * random() * 100000)::numeric, 2), 'EUR',
                       x.close, st.outcome, case when st.outcome = 'LOST' then 'Bench' end, u.id, u.team_id,
                       (select min(id) from accounts) + (g %% 5000), x.created, x.created, case when st.outcome <> 'OPEN' then x.close::timestamptz end
                  from generate_series(1, %2$d) g
                  cross join lateral (select case when %3$s then floor(random() * 4 + 0 * g)::int
                                                  else (array[0,1,2,3,0,1,2,3,0,1,2,3,4,4,4,4,4,5,5,5])[1 + floor(random() * 20)::int] end as pos,
                                             current_date + (floor(random() * 1095 + 0 * g) - 547)::int as close) r
                  cross join lateral (select r.close, r.close::timestamptz - (interval '1 day' * (5 + floor(random() * 120))) as created) x
                  join pipeline_stages st on st.pipeline_id = %1$d and st.position = r.pos
                  join users u on u.email = 'seller' || (1 + g %% 20) || '@bench.rapport'
                """.formatted(pipeline, count, onlyOpen ? "true" : "false"));
    }

    // ---------------------------------------------------------------------------------------------- measuring

    static void httpBoard(String base, long pipeline, int requests, int clients) throws Exception {
        String token = signIn(base);
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest page = HttpRequest.newBuilder(URI.create(base).resolve("/api/v1/pipelines/" + pipeline + "/board?perStage=" + PER_STAGE))
                .header("Authorization", "Bearer " + token).GET().build();
        report("board", "http", clients, measure(requests, clients, () -> {
            HttpResponse<String> r = client.send(page, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200 || !r.body().contains("\"cards\":[{")) throw new IllegalStateException(r.statusCode() + " " + r.body());
        }));
    }

    static void httpForecast(String base, String from, String to, int requests, int clients) throws Exception {
        String token = signIn(base);
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest page = HttpRequest.newBuilder(URI.create(base).resolve("/api/v1/forecast?groupBy=owner&from=" + from + "&to=" + to))
                .header("Authorization", "Bearer " + token).GET().build();
        report("forecast-" + from + "-" + to, "http", clients, measure(requests, clients, () -> {
            HttpResponse<String> r = client.send(page, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200 || !r.body().contains("\"weighted\"")) throw new IllegalStateException(r.statusCode() + " " + r.body());
        }));
    }

    static void rawBoard(String url, long pipeline, int requests, int clients, String totalsSql, String kind) throws Exception {
        explain(url, "board-" + kind, totalsSql.replace("?", String.valueOf(pipeline)) + ";\n"
                + BOARD_CARDS.replaceFirst("\\?", String.valueOf(pipeline)).replaceFirst("\\?", String.valueOf(PER_STAGE + 1))
                        .replaceFirst("\\?", String.valueOf(pipeline)));
        report("board", kind, clients, measureJdbc(url, requests, clients, c -> {
            PreparedStatement totals = c.prepareStatement(totalsSql);
            totals.setLong(1, pipeline);
            int n = 0;
            try (ResultSet rs = totals.executeQuery()) {
                while (rs.next()) n++;
            }
            PreparedStatement cards = c.prepareStatement(BOARD_CARDS);
            cards.setLong(1, pipeline);
            cards.setInt(2, PER_STAGE + 1);
            cards.setLong(3, pipeline);
            try (ResultSet rs = cards.executeQuery()) {
                while (rs.next()) { rs.getString("name"); n++; }
            }
            if (n < PER_STAGE) throw new IllegalStateException("board came back empty");
        }));
    }

    static void rawForecast(String url, String from, String to, int requests, int clients, String sql, String kind) throws Exception {
        LocalDate start = YearMonth.parse(from).atDay(1);
        LocalDate end = YearMonth.parse(to).plusMonths(1).atDay(1);
        explain(url, "forecast-" + kind + "-" + from + "-" + to, sql.replaceFirst("\\?", "'" + start + "'").replaceFirst("\\?", "'" + end + "'")
                .replaceFirst("\\?", "null").replaceFirst("\\?", "null"));
        report("forecast-" + from + "-" + to, kind, clients, measureJdbc(url, requests, clients, c -> {
            PreparedStatement ps = c.prepareStatement(sql);
            ps.setObject(1, start);
            ps.setObject(2, end);
            ps.setNull(3, java.sql.Types.BIGINT);
            ps.setNull(4, java.sql.Types.BIGINT);
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) { rs.getBigDecimal("weighted"); n++; }
            }
            if (n == 0) throw new IllegalStateException("empty forecast");
        }));
    }

    static void explain(String url, String name, String sql) throws Exception {
        StringBuilder text = new StringBuilder();
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            for (String one : sql.split(";\n")) {
                try (ResultSet plan = s.executeQuery("explain (analyze, buffers) " + one)) {
                    while (plan.next()) text.append(plan.getString(1)).append('\n');
                }
                text.append('\n');
            }
        }
        System.out.print(text);
        Files.createDirectories(RESULTS);
        Files.writeString(RESULTS.resolve("deals-" + name + "-explain.txt"), text);
    }

    interface Call {
        void run() throws Exception;
    }

    interface JdbcCall {
        void run(Connection c) throws Exception;
    }

    static long[] measureJdbc(String url, int requests, int clients, JdbcCall call) throws Exception {
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < clients; i++) connections.add(connect(url));
        ThreadLocal<Connection> mine = new ThreadLocal<>();
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        try {
            return measure(requests, clients, () -> {
                Connection c = mine.get();
                if (c == null) {
                    c = connections.get(next.getAndIncrement());
                    mine.set(c);
                }
                call.run(c);
            });
        } finally {
            for (Connection c : connections) c.close();
        }
    }

    /** Each client sends requests one after the other; a fifth as many again before them warm up and are not counted. */
    static long[] measure(int requests, int clients, Call call) throws Exception {
        int perClient = requests / clients;
        int warmup = Math.max(20, perClient / 5);
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

    static void report(String scenario, String kind, int clients, long[] sorted) throws Exception {
        double mean = Arrays.stream(sorted).average().orElse(0) / 1e6;
        String json = String.format(Locale.ROOT,
                "{\"scenario\":\"deals-%s\",\"path\":\"%s\",\"clients\":%d,\"requests\":%d,"
                        + "\"meanMs\":%.2f,\"p50Ms\":%.2f,\"p95Ms\":%.2f,\"p99Ms\":%.2f,\"maxMs\":%.2f}",
                scenario, kind, clients, sorted.length, mean, pct(sorted, 50), pct(sorted, 95), pct(sorted, 99), sorted[sorted.length - 1] / 1e6);
        System.out.println(json);
        Files.createDirectories(RESULTS);
        Files.writeString(RESULTS.resolve("deals-" + scenario + "-" + kind + "-c" + clients + ".json"), json + "\n");
    }

    static double pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    static String signIn(String base) throws Exception {
        URI uri = URI.create(base);
        if (!List.of("localhost", "127.0.0.1", "[::1]").contains(uri.getHost())) throw new IllegalArgumentException("localhost only");
        String body = "{\"email\":\"%s\",\"password\":\"%s\"}".formatted(env("BENCH_EMAIL", "bench@rapport.local"),
                env("BENCH_PASSWORD", "bench-password-1"));
        HttpResponse<String> login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri.resolve("/api/v1/auth/token"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher token = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"").matcher(login.body());
        if (!token.find()) throw new IllegalStateException("sign-in failed: " + login.statusCode() + " " + login.body());
        return token.group(1);
    }

    static Connection connect(String url) throws Exception {
        return DriverManager.getConnection(url, env("PGUSER", "postgres"), System.getenv("PGPASSWORD"));
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
