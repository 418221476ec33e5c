import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Orders for the CLV benchmark: contacts by one insert … select from generate_series, orders by COPY, with triggers,
 * foreign-key checks and secondary indexes off while loading (indexes rebuilt once at the end, in the same transaction).
 *
 * <pre>
 * java -cp &lt;postgresql.jar&gt; bench/ClvGenerate.java bgnbd jdbc:postgresql://127.0.0.1:5432/rapport_bench_clv 1000000
 * java -cp &lt;postgresql.jar&gt; bench/ClvGenerate.java cdnow jdbc:postgresql://127.0.0.1:5432/rapport_bench_clv CDNOW_sample.txt
 * </pre>
 *
 * bgnbd: customers drawn from a BG/NBD process with the CDNOW parameters (r 0.243, α 4.414 weeks, a 0.793, b 2.426), first
 * purchases spread over the 12 weeks from 2024-01-01, purchases until 2025-06-30 (78 weeks, the calibration day); order
 * values from a Gamma-Gamma process (p 6.25, q 3.74, γ 15.44). cdnow: the CDNOW sample, one order per row.
 */
public class ClvGenerate {

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[1], System.getenv().getOrDefault("PGUSER", "postgres"),
                System.getenv().getOrDefault("PGPASSWORD", ""))) {
            c.setAutoCommit(false);
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            long started = System.nanoTime();
            List<String[]> indexes = new ArrayList<>();
            try (Statement s = c.createStatement()) {
                // bulk load: no triggers, no foreign-key checks, secondary indexes built once at the end (a GIN trigram
                // index maintained row by row is what made 1,000,000 contacts take longer than 15 minutes)
                s.execute("set session_replication_role = replica");
                try (ResultSet rs = s.executeQuery("""
                        select i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) from pg_index i
                        where i.indrelid in ('contacts'::regclass, 'orders'::regclass) and not i.indisprimary
                          and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)""")) {
                    while (rs.next()) indexes.add(new String[] {rs.getString(1), rs.getString(2)});
                }
                for (String[] ix : indexes) s.execute("drop index " + ix[0]);
            }
            long[] counts = args[0].equals("cdnow") ? cdnow(c, copy, Path.of(args[2])) : bgnbd(c, copy, Integer.parseInt(args[2]));
            long loaded = System.nanoTime();
            try (Statement s = c.createStatement()) {
                s.execute("set maintenance_work_mem = '256MB'");
                for (String[] ix : indexes) s.execute(ix[1]);
                s.execute("set session_replication_role = origin");
            }
            c.commit();
            long indexed = System.nanoTime();
            try (Statement s = c.createStatement()) {
                c.setAutoCommit(true);
                s.execute("vacuum analyze orders");
                s.execute("vacuum analyze contacts");
            }
            System.out.printf("%s: %d customers, %d orders in %.1f s (rows %.1f s, %d secondary indexes rebuilt in %.1f s, vacuum analyze %.1f s)%n",
                    args[0], counts[0], counts[1], (System.nanoTime() - started) / 1e9, (loaded - started) / 1e9, indexes.size(),
                    (indexed - loaded) / 1e9, (System.nanoTime() - indexed) / 1e9);
        }
    }

    /** n contacts in one insert … select from generate_series; returns the first id (ids are contiguous). */
    static long firstId(Connection c, CopyManager copy, int n, String prefix) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("insert into contacts (first_name, last_name, lifecycle_stage, source) select '" + prefix
                    + "', g::text, 'CUSTOMER', 'bench' from generate_series(0, " + (n - 1) + ") g order by g");
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select min(id), max(id), count(*) from contacts where first_name = '" + prefix + "'")) {
            rs.next();
            if (rs.getLong(2) - rs.getLong(1) + 1 != rs.getLong(3)) throw new IllegalStateException("contact ids are not contiguous");
            return rs.getLong(1);
        }
    }

    static long[] cdnow(Connection c, CopyManager copy, Path file) throws Exception {
        List<String> lines = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
        long first = firstId(c, copy, 2357, "Cdnow");
        StringBuilder sb = new StringBuilder();
        int row = 0;
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            long contact = first + Integer.parseInt(f[1]) - 1;
            String day = f[2].substring(0, 4) + "-" + f[2].substring(4, 6) + "-" + f[2].substring(6, 8);
            sb.append("CDNOW-").append(++row).append('\t').append(contact).append('\t').append(day).append("T00:00:00Z\tCOMPLETED\tUSD\t")
                    .append(f[4]).append('\n');
        }
        copy.copyIn("copy orders (number, contact_id, ordered_at, status, currency, total) from stdin", new StringReader(sb.toString()));
        return new long[] {2357, row};
    }

    static long[] bgnbd(Connection c, CopyManager copy, int customers) throws Exception {
        long first = firstId(c, copy, customers, "Bench");
        SplittableRandom rnd = new SplittableRandom(42);
        LocalDate start = LocalDate.of(2024, 1, 1);
        double end = 78 * 7 + 1; // days from start to the end of the calibration day 2025-06-30
        long orders = 0;
        StringBuilder sb = new StringBuilder(1 << 22);
        for (int i = 0; i < customers; i++) {
            double lambda = gamma(rnd, 0.243) / 4.414 / 7;           // purchases per day
            double pa = gamma(rnd, 0.793), pb = gamma(rnd, 2.426);
            double p = pa / (pa + pb);                                 // drop-out probability after each purchase
            double nu = gamma(rnd, 3.74) / 15.44;                      // Gamma-Gamma: ν ~ Gamma(q, γ)
            double t = rnd.nextDouble() * 84;                         // the first purchase
            int k = 0;
            while (true) {
                double value = Math.max(0.01, Math.round(gamma(rnd, 6.25) / nu * 100) / 100.0);
                sb.append('B').append(i).append('-').append(k++).append('\t').append(first + i).append('\t')
                        .append(start.plusDays((long) t)).append("T12:00:00Z\tCOMPLETED\tUSD\t").append(value).append('\n');
                orders++;
                // BG/NBD: the customer may drop out after each *repeat* purchase, never right after the first one
                // (x = 0 has likelihood e^(-λT): alive for sure). The coin used to be tossed after the first purchase
                // too, which made a share p of all customers one-time buyers and pulled r down and b up.
                if (k > 1 && rnd.nextDouble() < p) break;
                if (lambda <= 0) break;
                t += -Math.log(1 - rnd.nextDouble()) / lambda;
                if (t >= end) break;
            }
            if (sb.length() > (1 << 22) - 200) {
                copy.copyIn("copy orders (number, contact_id, ordered_at, status, currency, total) from stdin", new StringReader(sb.toString()));
                sb.setLength(0);
            }
        }
        copy.copyIn("copy orders (number, contact_id, ordered_at, status, currency, total) from stdin", new StringReader(sb.toString()));
        return new long[] {customers, orders};
    }

    /** Gamma(shape, 1) by Marsaglia and Tsang (shape < 1 boosted). */
    static double gamma(SplittableRandom r, double shape) {
        if (shape < 1) return gamma(r, shape + 1) * Math.pow(r.nextDouble(), 1 / shape);
        double d = shape - 1.0 / 3, c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x, v;
            do {
                x = normal(r);
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = r.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
        }
    }

    static double normal(SplittableRandom r) {
        double u = r.nextDouble(), v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
