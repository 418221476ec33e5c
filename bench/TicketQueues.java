import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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

/**
 * Service queue views over 1,000,000 tickets: "My open", "Unassigned" of a team and "All open" (most urgent, then
 * oldest), each through the API (as an AGENT for the first two, an admin for the third) and as the same SQL straight
 * to PostgreSQL.
 *
 * <pre>
 * java -cp "$CP" bench/TicketQueues.java generate JDBC_URL AGENT_ID TEAM_ID [tickets=1000000]
 * java bench/TicketQueues.java http BASE_URL TOKEN VIEW TEAM_ID [requests=1000] [clients=1]
 * java -cp "$CP" bench/TicketQueues.java raw JDBC_URL VIEW AGENT_ID TEAM_ID [requests=1000] [clients=1]
 * </pre>
 *
 * The raw SQL is a copy of TicketRepository.SELECT with TicketQuery's conditions for these views: keep them in sync.
 */
public class TicketQueues {

    static final Path RESULTS = Path.of("bench/results");

    static final String SELECT = """
            select t.*, trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) as requester_name,
                   c.emails[1] as requester_email, a.name as account_name, u.name as assignee_name, tm.name as team_name
              from tickets t
              left join contacts c on c.id = t.requester_id
              left join accounts a on a.id = t.account_id
              left join users u on u.id = t.assignee_id
              left join teams tm on tm.id = t.team_id""";
    static final String OPEN = "t.status in ('NEW','OPEN','PENDING','ON_HOLD')";

    public static void main(String[] args) throws Exception {
        Files.createDirectories(RESULTS);
        switch (args[0]) {
            case "generate" -> generate(args[1], Long.parseLong(args[2]), Long.parseLong(args[3]), args.length > 4 ? Integer.parseInt(args[4]) : 1_000_000);
            case "http" -> http(args[1], args[2], args[3], args[4], arg(args, 5, 1000), arg(args, 6, 1));
            case "raw" -> raw(args[1], args[2], Long.parseLong(args[3]), Long.parseLong(args[4]), arg(args, 5, 1000), arg(args, 6, 1));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static int arg(String[] args, int i, int dflt) {
        return args.length > i ? Integer.parseInt(args[i]) : dflt;
    }

    /** 20 teams of 10 agents (the bench agent joins the first), 100,000 contacts, the tickets; 30 % open, 15 % of those unassigned. */
    static void generate(String url, long agentId, long teamId, int tickets) throws Exception {
        try (Connection c = DriverManager.getConnection(url, System.getenv().getOrDefault("PGUSER", "postgres"), System.getenv().getOrDefault("PGPASSWORD", ""))) {
            Statement s = c.createStatement();
            long t0 = System.nanoTime();
            s.execute("select setseed(0.42)");
            s.execute("insert into teams (name) select 'Queue team ' || g from generate_series(2, 20) g on conflict do nothing");
            s.execute("""
                    insert into users (email, name, password_hash, role, team_id)
                    select 'agent' || g || '@bench.local', 'Agent ' || g, 'x', 'AGENT', t.id
                      from generate_series(1, 199) g
                      join (select id, row_number() over (order by id) - 1 as n from teams) t on t.n = g % (select count(*) from teams)""");
            s.execute("""
                    insert into contacts (first_name, last_name, emails)
                    select 'First' || g, 'Last' || g, array['c' || g || '@bench.local'] from generate_series(1, 100000) g""");
            s.execute("create temporary table agents as select row_number() over (order by id) as n, id, team_id from users where role = 'AGENT' and team_id is not null");
            s.execute("create temporary table team_ids as select row_number() over (order by id) as n, id from teams");
            long agentCount, teamCount;
            try (ResultSet rs = s.executeQuery("select (select count(*) from agents), (select count(*) from team_ids)")) {
                rs.next();
                agentCount = rs.getLong(1);
                teamCount = rs.getLong(2);
            }
            // volatile random() in a FROM subquery: evaluated per row (a lateral subquery may be evaluated once)
            int n = s.executeUpdate("""
                    insert into tickets (subject, status, priority, type, channel, requester_id, assignee_id, team_id, created_at, updated_at,
                                         solved_at, closed_at)
                    select 'Ticket ' || p.g, p.status,
                           (array['LOW','NORMAL','NORMAL','NORMAL','HIGH','URGENT'])[1 + floor(p.r2 * 6)::int],
                           (array['QUESTION','INCIDENT','PROBLEM','REQUEST','COMPLAINT'])[1 + floor(p.r3 * 5)::int],
                           (array['EMAIL','EMAIL','WEB','PHONE','API'])[1 + floor(p.r4 * 5)::int],
                           (select min(id) from contacts) + floor(p.r5 * 100000)::bigint,
                           case when p.unassigned then null else a.id end,
                           case when p.unassigned then tm.id else a.team_id end,
                           p.created, p.created + interval '1 hour',
                           case when p.status in ('SOLVED','CLOSED') then p.created + interval '1 day' end,
                           case when p.status = 'CLOSED' then p.created + interval '8 days' end
                      from (select g, r2, r3, r4, r5, unassigned, created, agent, team,
                                   case when r < 0.12 then 'OPEN' when r < 0.20 then 'NEW' when r < 0.26 then 'PENDING'
                                        when r < 0.30 then 'ON_HOLD' when r < 0.55 then 'SOLVED' else 'CLOSED' end as status
                              from (select g, random() as r, random() as r2, random() as r3, random() as r4, random() as r5,
                                           random() < 0.15 as unassigned, now() - random() * interval '730 days' as created,
                                           1 + floor(random() * %d)::int as agent, 1 + floor(random() * %d)::int as team
                                      from generate_series(1, %d) g offset 0) q) p
                      join agents a on a.n = p.agent
                      join team_ids tm on tm.n = p.team""".formatted(agentCount, teamCount, tickets));
            s.execute("vacuum analyze tickets");
            s.execute("vacuum analyze users");
            s.execute("vacuum analyze contacts");
            try (ResultSet rs = s.executeQuery("select count(*) filter (where status in ('NEW','OPEN','PENDING','ON_HOLD')), "
                    + "count(*) filter (where assignee_id = " + agentId + " and status in ('NEW','OPEN','PENDING','ON_HOLD')), "
                    + "count(*) filter (where team_id = " + teamId + " and assignee_id is null and status in ('NEW','OPEN','PENDING','ON_HOLD')) from tickets")) {
                rs.next();
                System.out.printf(Locale.ROOT, "generated %d tickets in %.1f s: %d open, %d open for the bench agent, %d unassigned open in its team%n",
                        n, (System.nanoTime() - t0) / 1e9, rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
        }
    }

    static String path(String view, String team) {
        return switch (view) {
            case "mine" -> "/api/v1/tickets?view=mine&limit=50";
            case "unassigned" -> "/api/v1/tickets?view=unassigned&team=" + team + "&limit=50";
            case "open" -> "/api/v1/tickets?view=open&limit=50";
            default -> throw new IllegalArgumentException(view);
        };
    }

    static void http(String base, String token, String view, String team, int requests, int clients) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + path(view, team))).header("Authorization", "Bearer " + token).build();
        for (int i = 0; i < 50; i++) check(client.send(req, HttpResponse.BodyHandlers.ofString()));  // warm-up
        double[] ms = run(requests, clients, () -> check(client.send(req, HttpResponse.BodyHandlers.ofString())));
        report("tickets-queue-http-" + view + "-c" + clients, ms, clients);
    }

    static void check(HttpResponse<String> r) {
        if (r.statusCode() != 200 || !r.body().contains("\"items\":[{")) throw new IllegalStateException(r.statusCode() + " " + r.body());
    }

    static void raw(String url, String view, long agent, long team, int requests, int clients) throws Exception {
        String user = System.getenv().getOrDefault("PGUSER", "postgres");
        String pass = System.getenv().getOrDefault("PGPASSWORD", "");
        String sql = switch (view) {
            // the agent's own tickets and their own team's: TicketQuery leaves out the visibility condition they imply
            case "mine" -> SELECT + " where " + OPEN + " and t.assignee_id = ? order by t.priority_rank, t.created_at, t.id limit 51";
            case "unassigned" -> SELECT + " where " + OPEN + " and t.assignee_id is null and t.team_id = ? order by t.priority_rank, t.created_at, t.id limit 51";
            case "open" -> SELECT + " where true and " + OPEN + " order by t.priority_rank, t.created_at, t.id limit 51";
            default -> throw new IllegalArgumentException(view);
        };
        List<Connection> pool = new ArrayList<>();
        for (int i = 0; i <= clients; i++) pool.add(DriverManager.getConnection(url, user, pass));  // one more: the warm-up runs on the main thread
        ThreadLocal<Integer> slot = new ThreadLocal<>();
        int[] next = {0};
        Work query = () -> {
            Integer i = slot.get();
            if (i == null) synchronized (next) { slot.set(i = next[0]++); }
            try (PreparedStatement ps = pool.get(i).prepareStatement(sql)) {
                if (!view.equals("open")) ps.setLong(1, view.equals("mine") ? agent : team);
                try (ResultSet rs = ps.executeQuery()) {
                    int rows = 0;
                    while (rs.next()) { rs.getString("subject"); rows++; }
                    if (rows == 0) throw new IllegalStateException("no rows");
                }
            }
        };
        for (int i = 0; i < 50; i++) query.run();
        double[] ms = run(requests, clients, query);
        report("tickets-queue-raw-" + view + "-c" + clients, ms, clients);
        try (Connection c = pool.getFirst(); PreparedStatement ps = c.prepareStatement("explain (analyze, buffers) " + sql)) {
            if (!view.equals("open")) ps.setLong(1, view.equals("mine") ? agent : team);
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) { while (rs.next()) plan.append(rs.getString(1)).append('\n'); }
            Files.writeString(RESULTS.resolve("tickets-queue-raw-" + view + "-explain.txt"), plan.toString());
        }
        for (Connection c : pool) if (!c.isClosed()) c.close();
    }

    interface Work { void run() throws Exception; }

    static double[] run(int requests, int clients, Work work) throws Exception {
        double[] ms = new double[requests];
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        int[] counter = {0};
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                while (true) {
                    int i;
                    synchronized (counter) { if (counter[0] >= requests) return null; i = counter[0]++; }
                    long t = System.nanoTime();
                    work.run();
                    ms[i] = (System.nanoTime() - t) / 1e6;
                }
            }));
        }
        try {
            for (Future<?> f : futures) f.get();
        } finally {
            pool.shutdownNow();  // a failed request must not leave the client threads (and the JVM) running
        }
        return ms;
    }

    static void report(String name, double[] ms, int clients) throws Exception {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double p50 = sorted[(int) (sorted.length * 0.50)], p95 = sorted[(int) Math.min(sorted.length - 1, sorted.length * 0.95)];
        double p99 = sorted[(int) Math.min(sorted.length - 1, sorted.length * 0.99)], mean = Arrays.stream(ms).average().orElse(0);
        String json = String.format(Locale.ROOT, "{\"scenario\":\"%s\",\"requests\":%d,\"clients\":%d,\"meanMs\":%.2f,\"p50Ms\":%.2f,\"p95Ms\":%.2f,\"p99Ms\":%.2f}",
                name, ms.length, clients, mean, p50, p95, p99);
        Files.writeString(RESULTS.resolve(name + ".json"), json + "\n");
        System.out.println(json);
    }
}
