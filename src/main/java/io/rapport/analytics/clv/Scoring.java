package io.rapport.analytics.clv;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes {@code customer_values} for every customer of a summary with a converged model: historic revenue and margin
 * to the calibration day, P(alive), expected purchases over the horizon, the Gamma-Gamma expected order value and the
 * discounted CLV Σ_m (E[Y(m months)] − E[Y(m−1 months)]) · value · margin / (1+d)^m. The forecasts are computed once
 * per distinct (x, t_x, T) in parallel before the transaction opens; the rows are formatted in parallel, streamed by
 * COPY into a new table that replaces customer_values by rename at the commit (ADR 0034), so readers see the old or
 * the new scores, never a mix, and no row pays a foreign-key check or an index update.
 */
@Component
class Scoring {

    /** What the scores are computed with. */
    record Model(BgNbd.Params bg, GammaGamma.Params gg, TimeUnit unit, int horizonMonths, double monthlyDiscount, double marginPercent) {}

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    Scoring(DataSource dataSource, JdbcClient jdbc, TransactionTemplate tx) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** Per (x, t_x, T): P(alive), expected purchases over the horizon and their discounted sum. */
    static double[] forecast(Model m, int x, double tx, double age) {
        double month = m.unit().month();
        double prev = 0, total = 0, discounted = 0;
        for (int k = 1; k <= m.horizonMonths(); k++) {
            double e = BgNbd.expectedPurchases(m.bg(), k * month, x, tx, age);
            double inMonth = Math.max(0, e - prev);
            discounted += inMonth / Math.pow(1 + m.monthlyDiscount(), k);
            total = Math.max(total, e);
            prev = Math.max(prev, e);
        }
        return new double[] {BgNbd.pAlive(m.bg(), x, tx, age), total, discounted};
    }

    /** The fallback order value when the Gamma-Gamma has no finite population mean: the mean of all repeat means. */
    static double fallbackValue(Summaries.Data d) {
        double s = 0;
        int k = 0;
        for (int i = 0; i < d.n; i++) {
            if (d.x[i] > 0 && d.mean[i] > 0) {
                s += d.mean[i];
                k++;
            }
        }
        return k == 0 ? 0 : s / k;
    }

    /** Per customer (in the order of the summary): P(alive), expected purchases, expected order value and CLV. */
    record Scores(double[] pAlive, double[] expected, double[] value, double[] clv, int distinct) {}

    private static final int BITS = 21;

    /** (x, t_x in days, T in days) packed into one long; the order of the keys is irrelevant, only equality counts. */
    static long key(int x, int txDays, int ageDays) {
        if ((x | txDays | ageDays) < 0 || x >= 1 << BITS || txDays >= 1 << BITS || ageDays >= 1 << BITS) {
            throw new IllegalStateException("summary out of range: x " + x + ", t_x " + txDays + " days, T " + ageDays + " days");
        }
        return (long) x << 2 * BITS | (long) txDays << BITS | ageDays;
    }

    /**
     * The scores of every customer. The forecast (12 conditional expectations, each a 2F1, and P(alive)) depends only on
     * (x, t_x, T), which many customers share when time is counted in whole days: it is computed once per distinct
     * summary, in parallel, and looked up by binary search; the per-customer part (Gamma-Gamma value, CLV) is a few
     * multiplications. Same doubles as {@link #forecast} per customer, in any order of evaluation.
     */
    static Scores compute(Model model, Summaries.Data d) {
        int n = d.n;
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) keys[i] = key(d.x[i], d.txDays[i], d.ageDays[i]);
        long[] distinct = keys.clone();
        Arrays.parallelSort(distinct);
        int m = 0;
        for (int i = 0; i < n; i++) if (m == 0 || distinct[i] != distinct[m - 1]) distinct[m++] = distinct[i];
        int mm = m;
        double days = model.unit().days;
        long mask = (1L << BITS) - 1;
        double[] f = new double[3 * m];
        IntStream.range(0, m).parallel().forEach(j -> {
            long k = distinct[j];
            double[] v = forecast(model, (int) (k >>> 2 * BITS), (int) (k >>> BITS & mask) / days, (int) (k & mask) / days);
            System.arraycopy(v, 0, f, 3 * j, 3);
        });
        double fallback = fallbackValue(d);
        double margin = model.marginPercent() / 100.0;
        double[] pAlive = new double[n], expected = new double[n], value = new double[n], clv = new double[n];
        IntStream.range(0, (n + CHUNK - 1) / CHUNK).parallel().forEach(c -> {
            for (int i = c * CHUNK, to = Math.min(n, i + CHUNK); i < to; i++) {
                int j = Arrays.binarySearch(distinct, 0, mm, keys[i]);
                value[i] = GammaGamma.expectedValue(model.gg(), d.x[i], d.mean[i], fallback);
                pAlive[i] = f[3 * j];
                expected[i] = f[3 * j + 1];
                clv[i] = value[i] * margin * f[3 * j + 2];
            }
        });
        return new Scores(pAlive, expected, value, clv, m);
    }

    private static final int CHUNK = 32_768;

    /** Rows {@code from} to {@code to} as COPY text, each ending with {@code fit} (tab, fit id, newline). */
    static byte[] rows(Summaries.Data d, Scores s, double margin, byte[] fit, int from, int to) {
        String end = new String(fit, StandardCharsets.UTF_8);
        StringBuilder buf = new StringBuilder((to - from) * 140);
        for (int i = from; i < to; i++) {
            buf.append(d.contact[i]).append('\t').append(d.currency[i]).append('\t').append(d.orders[i]).append('\t')
                    .append(d.first[i].toInstant()).append('\t').append(d.last[i].toInstant()).append('\t')
                    .append(round(d.revenue[i])).append('\t').append(round(d.revenue[i] * margin)).append('\t')
                    .append(finite(s.pAlive()[i])).append('\t').append(finite(s.expected()[i])).append('\t')
                    .append(round(s.value()[i])).append('\t').append(round(s.clv()[i])).append(end);
        }
        return buf.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Chunks of COPY text, formatted in parallel a wave at a time. */
    private static List<byte[]> wave(Summaries.Data d, Scores s, double margin, byte[] fit, int wave, int perWave) {
        int chunks = (d.n + CHUNK - 1) / CHUNK;
        int from = wave * perWave, to = Math.min(chunks, from + perWave);
        return IntStream.range(from, to).parallel()
                .mapToObj(c -> rows(d, s, margin, fit, c * CHUNK, Math.min(d.n, (c + 1) * CHUNK))).toList();
    }

    /** Columns written by the COPY, in the order of {@link #rows}; the others take their defaults. */
    private static final String COLUMNS = "contact_id, currency, orders, first_order_at, last_order_at, historic_revenue, "
            + "historic_margin, p_alive, expected_purchases, expected_order_value, predicted_clv, fit_id";

    /** The indexes of customer_values (V26, V34), built on the new table once it is loaded, under temporary names. */
    private static final List<String> INDEXES = List.of(
            "alter table customer_values_next add constraint customer_values_next_pkey primary key (contact_id)",
            "create index customer_values_next_clv_idx on customer_values_next (predicted_clv desc nulls last)");

    /**
     * Replaces customer_values with the scores (ADR 0034): a new table is created, loaded by COPY FREEZE (no indexes,
     * no keys yet), indexed and analysed, then swapped in by drop + rename, all in one transaction under an advisory
     * lock, so two nodes score one after the other and readers see the old table until the commit, then the new one.
     * Readers are blocked only during the drop and rename. Rows of contacts deleted while the scoring ran are removed
     * right after the swap; from the swap on, the contacts delete trigger (V34) removes them.
     */
    int score(long fitId, Model model, Summaries.Data d, Map<String, Long> timings) {
        long t0 = System.nanoTime();
        Scores scores = compute(model, d);
        long t1 = System.nanoTime();
        timings.put("scoreComputeMs", (t1 - t0) / 1_000_000);
        timings.put("scoreDistinctSummaries", (long) scores.distinct());
        double margin = model.marginPercent() / 100.0;
        byte[] fit = ("\t" + fitId + "\n").getBytes(StandardCharsets.UTF_8);
        int written = tx.execute(status -> {
            long l0 = System.nanoTime();
            jdbc.sql("select pg_advisory_xact_lock(hashtext('rapport-clv-scoring'))").query().singleRow();
            long c0 = System.nanoTime();
            timings.put("scoreLockWaitMs", (c0 - l0) / 1_000_000);
            jdbc.sql("drop table if exists customer_values_next").update();
            jdbc.sql("create table customer_values_next (like customer_values including defaults including constraints)").update();
            long rows = copy(d, scores, margin, fit);
            long c1 = System.nanoTime();
            timings.put("scoreCopyMs", (c1 - c0) / 1_000_000);
            jdbc.sql("set local maintenance_work_mem = '256MB'").update();
            INDEXES.forEach(sql -> jdbc.sql(sql).update());
            long c2 = System.nanoTime();
            timings.put("scoreIndexMs", (c2 - c1) / 1_000_000);
            jdbc.sql("analyze customer_values_next").update();
            long c3 = System.nanoTime();
            timings.put("scoreAnalyzeMs", (c3 - c2) / 1_000_000);
            // from here until the commit, readers of customer_values wait
            jdbc.sql("lock table customer_values in access exclusive mode").update();
            jdbc.sql("drop table customer_values").update();
            jdbc.sql("alter table customer_values_next rename to customer_values").update();
            jdbc.sql("alter index customer_values_next_pkey rename to customer_values_pkey").update();
            jdbc.sql("alter index customer_values_next_clv_idx rename to customer_values_clv_idx").update();
            timings.put("scoreSwapMs", (System.nanoTime() - c3) / 1_000_000);
            return (int) rows;
        });
        long t2 = System.nanoTime();
        // contacts deleted between the summary and the swap: their delete trigger ran against the old table
        int orphans = jdbc.sql("delete from customer_values v where not exists (select 1 from contacts c where c.id = v.contact_id)").update();
        long t3 = System.nanoTime();
        timings.put("scoreOrphansMs", (t3 - t2) / 1_000_000);
        timings.put("scoreWriteMs", (t3 - t1) / 1_000_000);
        return written - orphans;
    }

    /** Streams the rows into customer_values_next, the next wave formatted while this one is sent; the row count. */
    private long copy(Summaries.Data d, Scores scores, double margin, byte[] fit) {
        int perWave = 2 * Math.max(1, ForkJoinPool.getCommonPoolParallelism() + 1);
        int waves = (((d.n + CHUNK - 1) / CHUNK) + perWave - 1) / perWave;
        Connection c = DataSourceUtils.getConnection(dataSource);
        try {
            CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("copy customer_values_next (" + COLUMNS + ") from stdin with (freeze)");
            try {
                CompletableFuture<List<byte[]>> next = CompletableFuture.completedFuture(wave(d, scores, margin, fit, 0, perWave));
                for (int w = 0; w < waves; w++) {
                    List<byte[]> current = next.join();
                    int nw = w + 1;
                    next = nw < waves ? CompletableFuture.supplyAsync(() -> wave(d, scores, margin, fit, nw, perWave))
                            : CompletableFuture.completedFuture(List.of());
                    for (byte[] bytes : current) copy.writeToCopy(bytes, 0, bytes.length);
                }
                return copy.endCopy();
            } finally {
                if (copy.isActive()) copy.cancelCopy();
            }
        } catch (java.sql.SQLException e) {
            throw new org.springframework.dao.DataAccessResourceFailureException("CLV scoring COPY failed", e);
        }
    }

    static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 100) / 100.0 : 0;
    }

    static double finite(double v) {
        return Double.isFinite(v) ? v : 0;
    }
}
