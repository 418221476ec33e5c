import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Duplicate scan benchmark: plants known duplicates into a generated database, measures the raw SQL cost of the
 * scan's blocking queries, runs the app's real scan (POST /api/v1/duplicates/scans), and scores the pairs it stored
 * against the planted truth.
 *
 * <pre>
 * java -cp &lt;classpath&gt; bench/DuplicateBench.java plant &lt;jdbcUrl&gt;            # 2% of contacts duplicated, once
 * java -cp &lt;classpath&gt; bench/DuplicateBench.java raw   &lt;jdbcUrl&gt; [threshold]  # blocking SQL alone + similarity table
 * java -cp &lt;classpath&gt; bench/DuplicateBench.java scan  &lt;jdbcUrl&gt; &lt;appUrl&gt; &lt;email&gt; &lt;password&gt;
 * </pre>
 *
 * Variations (by a hash of the original's id, a quarter each): {@code email-case} (same e-mail in another case,
 * nothing else shared but name and account), {@code name-typo} (two letters of the last name swapped, same account,
 * no e-mail or phone), {@code phone-format} (same phone written 0049 151-…, no account, no e-mail),
 * {@code nickname} (short first name, e-mail nick.last@ at the same company domain, same account).
 */
public class DuplicateBench {

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: DuplicateBench plant|raw|scan <jdbcUrl> [threshold | appUrl email password]");
            System.exit(2);
        }
        try (Connection c = DriverManager.getConnection(args[1], env("RAPPORT_DB_USER", "postgres"), System.getenv("RAPPORT_DB_PASSWORD"))) {
            c.setAutoCommit(true);
            switch (args[0]) {
                case "plant" -> plant(c);
                case "raw" -> raw(c, args.length > 2 ? Double.parseDouble(args[2]) : 0.5);
                case "scan" -> scan(c, args[2], args[3], args[4]);
                default -> throw new IllegalArgumentException(args[0]);
            }
        }
    }

    static void plant(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            if (exists(st, "select to_regclass('bench_planted') is not null")) {
                System.out.println("already planted: " + single(st, "select count(*) from bench_planted"));
                return;
            }
            long t0 = System.nanoTime();
            st.execute("create table bench_planted (orig_id bigint primary key, dup_id bigint not null, variation text not null)");
            // nicknames of common first names in the generator's lists; otherwise the first four letters ("Alexander" → "Alex")
            st.execute("""
                    create temp table nicknames (name text primary key, nick text) on commit preserve rows""");
            st.execute("""
                    insert into nicknames values ('Robert','Bob'),('William','Bill'),('James','Jim'),('Michael','Mike'),
                      ('Elizabeth','Liz'),('Jennifer','Jen'),('Katharina','Kathi'),('Thomas','Tom'),('Daniel','Dan'),
                      ('Christopher','Chris'),('Matthew','Matt'),('Joseph','Joe'),('Margaret','Maggie'),('Richard','Rick'),
                      ('Alexander','Alex'),('Nicholas','Nick'),('Stephanie','Steffi'),('Johannes','Hannes'),('Francesca','Franci'),
                      ('Giuseppe','Beppe'),('Francisco','Paco'),('José','Pepe'),('Guillaume','Guill'),('Elisabeth','Lisa')
                    on conflict do nothing""");
            int planted = st.executeUpdate("""
                    insert into contacts (first_name, last_name, emails, phones, job_title, account_id, owner_id, team_id,
                                          lifecycle_stage, source, country, language, tags)
                    select case when v = 3 then coalesce(n.nick, left(c.first_name, greatest(3, length(c.first_name) / 2)))
                                else c.first_name end,
                           case when v = 1 and length(c.last_name) >= 5
                                then left(c.last_name, 2) || substr(c.last_name, 4, 1) || substr(c.last_name, 3, 1) || substr(c.last_name, 5)
                                when v = 1 then c.last_name || 'e' else c.last_name end,
                           case v when 0 then (case when cardinality(c.emails) > 0 then array[initcap(c.emails[1])] else '{}' end)
                                  when 3 then (case when cardinality(c.emails) > 0 and c.account_id is not null
                                                    then array[lower(coalesce(n.nick, left(c.first_name, 4))) || '.x@'
                                                               || split_part(c.emails[1], '@', 2)] else '{}' end)
                                  else '{}'::text[] end,
                           case when v = 2 and cardinality(c.phones) > 0
                                then array['00' || substr(c.phones[1], 2, 2) || ' ' || substr(c.phones[1], 4, 3) || '-' || substr(c.phones[1], 7)]
                                else '{}'::text[] end,
                           c.job_title, case when v = 2 then null else c.account_id end, c.owner_id, c.team_id,
                           c.lifecycle_stage, 'planted:' || c.id || ':' || v, c.country, c.language, c.tags
                      from (select c.*, abs(hashtext('v' || c.id)) % 4 as v from contacts c
                             where abs(hashtext(c.id::text)) % 50 = 0) c
                      left join nicknames n on n.name = c.first_name""");
            st.executeUpdate("""
                    insert into bench_planted (orig_id, dup_id, variation)
                    select split_part(source, ':', 2)::bigint, id,
                           (array['email-case','name-typo','phone-format','nickname'])[split_part(source, ':', 3)::int + 1]
                      from contacts where source like 'planted:%'""");
            st.execute("vacuum analyze contacts");
            System.out.printf("planted %,d duplicates in %.1f s; contacts now %,d%n", planted, secs(t0),
                    single(st, "select count(*) from contacts"));
        }
    }

    /** The scan's blocking statements straight on PostgreSQL (count only), and similarity of name-block pairs vs truth. */
    static void raw(Connection c, double threshold) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("set max_parallel_workers_per_gather = 2");
            timed(st, "raw same e-mail pairs", """
                    select count(*) from (select k, count(*) n from (select distinct c.id, lower(v) k from contacts c
                      cross join unnest(c.emails) v) s group by k having count(*) between 2 and 50) b""");
            timed(st, "raw same phone blocks", """
                    select count(*) from (select k, count(*) n from (select distinct c.id, right(regexp_replace(v, '\\D', '', 'g'), 10) k
                      from contacts c cross join unnest(c.phones) v where length(regexp_replace(v, '\\D', '', 'g')) >= 7) s
                      group by k having count(*) between 2 and 50) b""");
            String blockPairs = """
                    with orgs as (
                        select distinct lower(domain) as d from accounts where domain is not null and domain <> ''
                           and lower(domain) not in ('gmail.com','googlemail.com','yahoo.com','hotmail.com','outlook.com','icloud.com','gmx.de','web.de')),
                    keyed as (
                        select c.id, lower(c.first_name || ' ' || c.last_name) as nm, g.grp, k.k
                          from contacts c left join orgs o on o.d = split_part(lower(c.emails[1]), '@', 2)
                          cross join lateral (values ('a' || c.account_id), ('d' || o.d)) g(grp)
                          cross join lateral (values ('l' || lower(c.last_name)), (case when c.first_name <> '' then 'f' || lower(c.first_name) end)) k(k)
                         where g.grp is not null and k.k is not null),
                    blocks as (select array_agg(id order by id) ids, array_agg(nm order by id) nms from keyed group by grp, k
                               having count(*) between 2 and 50),
                    pairs as (select b.ids[i] lo, b.ids[j] hi, max(similarity(b.nms[i], b.nms[j])) s
                                from blocks b, generate_series(1, cardinality(b.ids)) i, generate_series(1, cardinality(b.ids)) j
                               where i < j group by 1, 2)
                    """;
            timed(st, "raw similar-name pairs >= " + threshold, blockPairs + "select count(*) from pairs where s >= " + threshold);
            System.out.println("similarity of compared pairs inside blocks (planted name variants vs the rest):");
            System.out.println("  from   planted-typo  planted-nick  other-pairs");
            long t0 = System.nanoTime();
            try (ResultSet rs = st.executeQuery(blockPairs + """
                    select floor(p.s * 20) / 20 as bucket,
                           count(*) filter (where t.variation = 'name-typo'), count(*) filter (where t.variation = 'nickname'),
                           count(*) filter (where t.dup_id is null)
                      from pairs p left join bench_planted t on t.orig_id = p.lo and t.dup_id = p.hi
                     where p.s >= 0.2 group by 1 order by 1""")) {
                while (rs.next()) System.out.printf("  %.2f  %12d  %12d  %11d%n", rs.getDouble(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
            }
            System.out.printf("  (%.1f s)%n", secs(t0));
        }
    }

    static void scan(Connection c, String appUrl, String email, String password) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String token = field(post(http, appUrl + "/api/v1/auth/token", null,
                "{\"email\":\"%s\",\"password\":\"%s\"}".formatted(email, password)), "token");
        long t0 = System.nanoTime();
        String started = post(http, appUrl + "/api/v1/duplicates/scans", token, "{\"entity\":\"contact\"}");
        String id = number(started, "id");
        String status;
        String last = "";
        do {
            Thread.sleep(500); // a benchmark polling the job, not a test
            String s = http.send(HttpRequest.newBuilder(URI.create(appUrl + "/api/v1/duplicates/scans/" + id))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body();
            status = field(s, "status");
            String step = field(s, "stepName");
            if (!step.equals(last)) System.out.printf("  %6.1f s  %s%n", secs(t0), step);
            last = step;
        } while (status.equals("QUEUED") || status.equals("RUNNING"));
        System.out.printf("scan %s %s after %.1f s (wall clock, polling every 0.5 s)%n", id, status, secs(t0));
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("select extract(epoch from finished_at - started_at), pairs_found, error "
                    + "from duplicate_scans where id = " + id)) {
                rs.next();
                System.out.printf("job time %.1f s, open pairs %,d%s%n", rs.getDouble(1), rs.getLong(2),
                        rs.getString(3) == null ? "" : ", error " + rs.getString(3));
            }
            long pairs = single(st, "select count(*) from duplicate_pairs where entity = 'CONTACT' and status = 'OPEN'");
            long truePairs = single(st, """
                    select count(*) from duplicate_pairs p join bench_planted t on t.orig_id = p.low_id and t.dup_id = p.high_id
                     where p.entity = 'CONTACT' and p.status = 'OPEN'""");
            long planted = single(st, "select count(*) from bench_planted");
            System.out.printf(Locale.ROOT, "pairs %,d, planted %,d, found planted %,d: precision %.3f, recall %.3f%n",
                    pairs, planted, truePairs, truePairs / (double) pairs, truePairs / (double) planted);
            System.out.println("recall by variation:");
            try (ResultSet rs = st.executeQuery("""
                    select t.variation, count(*), count(p.id),
                           count(*) filter (where t.variation = 'phone-format' and o.phones = '{}'),
                           count(*) filter (where t.variation in ('name-typo','nickname') and o.account_id is null)
                      from bench_planted t join contacts o on o.id = t.orig_id
                      left join duplicate_pairs p on p.entity = 'CONTACT' and p.low_id = t.orig_id and p.high_id = t.dup_id
                     group by 1 order by 1""")) {
                while (rs.next()) {
                    System.out.printf(Locale.ROOT, "  %-13s %,7d planted, %,7d found (%.3f); unfindable: %d without phone, %d without account%n",
                            rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(3) / (double) rs.getLong(2), rs.getLong(4), rs.getLong(5));
                }
            }
            System.out.println("pairs not planted, by their best reason (the generator itself makes namesakes at one company):");
            try (ResultSet rs = st.executeQuery("""
                    select split_part(p.reasons[1], ' ', 1) || ' ' || split_part(p.reasons[1], ' ', 2), count(*),
                           count(*) filter (where lower(a.first_name || a.last_name) = lower(b.first_name || b.last_name))
                      from duplicate_pairs p left join bench_planted t on t.orig_id = p.low_id and t.dup_id = p.high_id
                      join contacts a on a.id = p.low_id join contacts b on b.id = p.high_id
                     where p.entity = 'CONTACT' and p.status = 'OPEN' and t.dup_id is null group by 1 order by 2 desc""")) {
                while (rs.next()) System.out.printf("  %-14s %,8d (of which identical full names: %,d)%n", rs.getString(1), rs.getLong(2), rs.getLong(3));
            }
        }
    }

    static String post(HttpClient http, String url, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) throw new IllegalStateException(url + " → " + r.statusCode() + " " + r.body());
        return r.body();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : "";
    }

    static String number(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\\d+)").matcher(json);
        if (!m.find()) throw new IllegalStateException("no " + name + " in " + json);
        return m.group(1);
    }

    static void timed(Statement st, String label, String sql) throws SQLException {
        long t0 = System.nanoTime();
        long n = single(st, sql);
        System.out.printf("%-34s %,10d in %6.1f s%n", label, n, secs(t0));
    }

    static long single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static boolean exists(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
