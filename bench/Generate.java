import io.rapport.customers.demo.CustomerDataGenerator;
import io.rapport.customers.demo.CustomerDataGenerator.Owner;
import io.rapport.customers.demo.CustomerDataGenerator.Plan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Fills a Rapport database with benchmark data.
 *
 * <pre>
 * java -cp target/classes:&lt;postgresql.jar&gt; bench/Generate.java &lt;jdbcUrl&gt; &lt;accounts&gt; &lt;contacts&gt;
 * </pre>
 *
 * The schema must already exist (the app's Flyway migrations). Environment:
 * RAPPORT_DB_USER / RAPPORT_DB_PASSWORD (default postgres / none), BENCH_SEED (default 20260101),
 * BENCH_CUSTOM (true: also define custom fields and fill values; default true),
 * BENCH_HISTORY (true: also write the audit trail; default false, it is meant for demo sizes),
 * BENCH_OWNERS (number of owner users, default 8).
 */
public class Generate {

    static final String BCRYPT = "$2a$10$7EqJtq98hPqEX7fNZaFWoOhi5BWX4Z6/ZBn1nkzPkqS7C1Sm7y3Vi";

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: java -cp <classpath> bench/Generate.java <jdbcUrl> <accounts> <contacts>");
            System.err.println("  e.g. jdbc:postgresql://127.0.0.1:5432/rapport_bench 50000 1000000");
            System.err.println("  env: RAPPORT_DB_USER, RAPPORT_DB_PASSWORD, BENCH_SEED, BENCH_CUSTOM, BENCH_HISTORY, BENCH_OWNERS");
            System.exit(2);
        }
        // one-line log records from the generator (java.util.logging via System.Logger)
        System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%6$s%n");
        String url = args[0];
        int accounts = Integer.parseInt(args[1].replace("_", ""));
        int contacts = Integer.parseInt(args[2].replace("_", ""));
        long seed = Long.parseLong(env("BENCH_SEED", "20260101"));
        boolean custom = Boolean.parseBoolean(env("BENCH_CUSTOM", "true"));
        boolean history = Boolean.parseBoolean(env("BENCH_HISTORY", "false"));
        int ownerCount = Integer.parseInt(env("BENCH_OWNERS", "8"));

        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        if (!url.contains("user=")) {
            ds.setUser(env("RAPPORT_DB_USER", "postgres"));
            String password = System.getenv("RAPPORT_DB_PASSWORD");
            if (password != null && !password.isEmpty()) {
                ds.setPassword(password);
            }
        }

        long t0 = System.nanoTime();
        List<Owner> owners = ensureOwners(ds, ownerCount);
        Plan plan = new Plan(accounts, contacts, seed, owners, Instant.now(), custom);
        System.out.printf("generating %,d accounts and %,d contacts (seed %d, %d owners, custom values %s)%n",
                accounts, contacts, seed, owners.size(), custom);

        long t1 = System.nanoTime();
        CustomerDataGenerator.Result result = CustomerDataGenerator.generate(ds, plan);
        long t2 = System.nanoTime();
        System.out.printf("COPY: %,d accounts + %,d contacts in %.1f s (%,.0f contacts/s)%n",
                result.accounts(), result.contacts(), secs(t1, t2), result.contacts() / Math.max(1e-9, secs(t1, t2)));

        long t3 = t2;
        if (history) {
            long rows = CustomerDataGenerator.writeHistory(ds, plan);
            t3 = System.nanoTime();
            System.out.printf("audit history: %,d rows in %.1f s%n", rows, secs(t2, t3));
        }

        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            // VACUUM sets hint bits and the visibility map once, so the benchmark does not pay for it
            st.execute("vacuum (analyze) accounts, contacts, audit_log, users, teams, custom_fields");
            long t4 = System.nanoTime();
            System.out.printf("VACUUM ANALYZE: %.1f s%n", secs(t3, t4));
            try (ResultSet rs = st.executeQuery("""
                    select (select count(*) from accounts), (select count(*) from contacts),
                           (select min(id) from contacts), (select max(id) from contacts),
                           pg_size_pretty(pg_total_relation_size('contacts')),
                           pg_size_pretty(pg_total_relation_size('accounts'))""")) {
                rs.next();
                System.out.printf("database now has %,d accounts and %,d contacts (contact ids %d..%d);"
                                + " contacts %s, accounts %s (tables + indexes)%n",
                        rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getString(5), rs.getString(6));
            }
        }
        System.out.printf("total: %.1f s%n", secs(t0, System.nanoTime()));
    }

    /** Teams "Bench Team 1/2" and users bench.owner{n}@rapport.local (inserted if missing). */
    static List<Owner> ensureOwners(PGSimpleDataSource ds, int count) throws SQLException {
        List<Owner> owners = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            long[] teams = new long[2];
            for (int t = 0; t < teams.length; t++) {
                try (PreparedStatement ps = c.prepareStatement(
                        "insert into teams (name) values (?) on conflict (name) do nothing")) {
                    ps.setString(1, "Bench Team " + (t + 1));
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("select id from teams where name = ?")) {
                    ps.setString(1, "Bench Team " + (t + 1));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        teams[t] = rs.getLong(1);
                    }
                }
            }
            for (int i = 1; i <= count; i++) {
                String email = "bench.owner" + i + "@rapport.local";
                long team = teams[i % teams.length];
                try (PreparedStatement ps = c.prepareStatement("""
                        insert into users (email, name, password_hash, role, team_id)
                        values (?, ?, ?, 'SALES', ?)
                        on conflict (lower(email)) do nothing""")) {
                    ps.setString(1, email);
                    ps.setString(2, "Bench Owner " + i);
                    ps.setString(3, BCRYPT);
                    ps.setLong(4, team);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "select id, team_id from users where lower(email) = lower(?)")) {
                    ps.setString(1, email);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        long id = rs.getLong(1);
                        long teamId = rs.getLong(2);
                        owners.add(new Owner(id, rs.wasNull() ? null : teamId));
                    }
                }
            }
            c.commit();
        }
        return owners;
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    static double secs(long from, long to) {
        return (to - from) / 1e9;
    }
}
