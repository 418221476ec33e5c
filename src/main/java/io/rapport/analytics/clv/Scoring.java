package io.rapport.analytics.clv;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.HashMap;
import java.util.Map;
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
 * discounted CLV Σ_m (E[Y(m months)] − E[Y(m−1 months)]) · value · margin / (1+d)^m. The per-customer numbers are
 * computed once per distinct (x, t_x, T), streamed by COPY into a staging table and swapped in with one statement
 * pair (delete + insert … select) in a transaction, so readers see the old or the new scores, never a mix.
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

    int score(long fitId, Model model, Summaries.Data d) {
        double fallback = fallbackValue(d);
        double margin = model.marginPercent() / 100.0;
        record Key(int x, double tx, double age) {}
        Map<Key, double[]> cache = new HashMap<>();
        StringBuilder buf = new StringBuilder(1 << 20);
        return tx.execute(status -> {
            jdbc.sql("select pg_advisory_xact_lock(hashtext('rapport-clv-scoring'))").query().singleRow();
            jdbc.sql("""
                    create temp table if not exists clv_stage (contact_id bigint, currency text, orders int, first_at timestamptz,
                        last_at timestamptz, revenue numeric, margin numeric, p_alive double precision, expected double precision,
                        value numeric, clv numeric) on commit delete rows""").update();
            Connection c = DataSourceUtils.getConnection(dataSource);
            try {
                CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                        "copy clv_stage (contact_id, currency, orders, first_at, last_at, revenue, margin, p_alive, expected, value, clv) from stdin");
                try {
                    for (int i = 0; i < d.n; i++) {
                        double[] f = cache.computeIfAbsent(new Key(d.x[i], d.tx[i], d.age[i]), k -> forecast(model, k.x(), k.tx(), k.age()));
                        double value = GammaGamma.expectedValue(model.gg(), d.x[i], d.mean[i], fallback);
                        double clv = value * margin * f[2];
                        buf.append(d.contact[i]).append('\t').append(d.currency[i]).append('\t').append(d.orders[i]).append('\t')
                                .append(d.first[i].toInstant()).append('\t').append(d.last[i].toInstant()).append('\t')
                                .append(round(d.revenue[i])).append('\t').append(round(d.revenue[i] * margin)).append('\t')
                                .append(finite(f[0])).append('\t').append(finite(f[1])).append('\t')
                                .append(round(value)).append('\t').append(round(clv)).append('\n');
                        if (buf.length() > (1 << 20) - 512) flush(copy, buf);
                    }
                    flush(copy, buf);
                    copy.endCopy();
                } finally {
                    if (copy.isActive()) copy.cancelCopy();
                }
            } catch (java.sql.SQLException e) {
                throw new org.springframework.dao.DataAccessResourceFailureException("CLV scoring COPY failed", e);
            }
            jdbc.sql("delete from customer_values").update();
            return jdbc.sql("""
                    insert into customer_values (contact_id, currency, orders, first_order_at, last_order_at, historic_revenue,
                        historic_margin, p_alive, expected_purchases, expected_order_value, predicted_clv, scored_at, fit_id)
                    select s.contact_id, s.currency, s.orders, s.first_at, s.last_at, s.revenue, s.margin, s.p_alive, s.expected,
                           s.value, s.clv, now(), :fit
                    from clv_stage s join contacts c on c.id = s.contact_id""").param("fit", fitId).update();
        });
    }

    private static void flush(CopyIn copy, StringBuilder buf) throws java.sql.SQLException {
        if (buf.isEmpty()) return;
        byte[] bytes = buf.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        buf.setLength(0);
    }

    static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 100) / 100.0 : 0;
    }

    static double finite(double v) {
        return Double.isFinite(v) ? v : 0;
    }
}
