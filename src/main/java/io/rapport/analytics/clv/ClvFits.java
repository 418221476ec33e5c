package io.rapport.analytics.clv;

import io.rapport.platform.web.Problems;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fits BG/NBD and Gamma-Gamma on all order histories as of a calibration day, records the fit (converged or not)
 * and, when it converged, scores every customer with it. A fit that does not converge is stored as FAILED with the
 * reason; the parameters of the latest converged fit stay in force and the scores are left as they were.
 */
@Service
class ClvFits {

    /** CLV settings: horizon in months, monthly discount rate, gross margin in percent of revenue. */
    record Settings(int horizonMonths, double monthlyDiscount, double marginPercent) {}

    /** Customers, actual and expected, with k repeat purchases in the calibration period (k = 7 means 7 or more). */
    record CalibrationBar(int repeatPurchases, long actual, double expected) {}

    /** A stored fit. Doubles are null where the fit has no finite value. */
    record FitRecord(long id, LocalDate asOf, String timeUnit, String status, boolean converged, String message, int customers,
                     int repeatCustomers, Double r, Double alpha, Double a, Double b, Double bgnbdLogLikelihood, Integer bgnbdEvaluations,
                     Double p, Double q, Double gamma, Double ggLogLikelihood, Integer ggEvaluations, int horizonMonths,
                     double monthlyDiscount, double marginPercent, List<CalibrationBar> calibration, long durationMs, Integer scored,
                     Map<String, Long> timings, Instant createdAt) {

        Scoring.Model model() {
            return new Scoring.Model(new BgNbd.Params(r, alpha, a, b), new GammaGamma.Params(p, q, gamma),
                    TimeUnit.valueOf(timeUnit), horizonMonths, monthlyDiscount, marginPercent);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final Summaries summaries;
    private final Scoring scoring;
    private final Settings defaults;

    ClvFits(JdbcClient jdbc, Summaries summaries, Scoring scoring,
            @Value("${rapport.analytics.clv.horizon-months:12}") int horizon,
            @Value("${rapport.analytics.clv.monthly-discount:0.01}") double discount,
            @Value("${rapport.analytics.clv.margin-percent:30}") double margin) {
        this.jdbc = jdbc;
        this.summaries = summaries;
        this.scoring = scoring;
        this.defaults = new Settings(horizon, discount, margin);
    }

    Settings defaults() {
        return defaults;
    }

    /** Fits as of the day, stores the fit and scores with it when it converged. */
    FitRecord fit(LocalDate asOf, TimeUnit unit, Settings settings, Long userId) {
        return fit(asOf, unit, settings, userId, null);
    }

    /** A fit over one cohort: the customers whose first purchase is on or after the day (null: everyone); only they are scored. */
    FitRecord fit(LocalDate asOf, TimeUnit unit, Settings settings, Long userId, LocalDate firstPurchaseFrom) {
        long started = System.nanoTime();
        Summaries.Data d = summaries.load(asOf, unit, firstPurchaseFrom);
        Map<String, Long> timings = new java.util.LinkedHashMap<>();
        long t0 = System.nanoTime();
        timings.put("summaryMs", (t0 - started) / 1_000_000);
        if (d.n == 0) {
            throw Problems.invalid("asOf", "no counted orders (completed, paid or shipped) on or before " + asOf + ": nothing to fit");
        }
        BgNbd.Data bgData = d.bgNbd();
        Fit bg = BgNbd.fit(bgData);
        long t1 = System.nanoTime();
        timings.put("bgnbdMs", (t1 - t0) / 1_000_000);
        GammaGamma.Data ggData = d.gammaGamma();
        Fit gg = ggData.size() < 2
                ? new Fit(new double[] {Double.NaN, Double.NaN, Double.NaN}, Double.NaN, 0, false,
                "the Gamma-Gamma needs customers with repeat purchases of positive value; there are " + ggData.size())
                : GammaGamma.fit(ggData);
        long t2 = System.nanoTime();
        timings.put("gammaGammaMs", (t2 - t1) / 1_000_000);
        boolean converged = bg.converged() && gg.converged();
        List<String> why = new ArrayList<>();
        if (!bg.converged()) why.add("BG/NBD: " + bg.message());
        if (!gg.converged()) why.add("Gamma-Gamma: " + gg.message());
        List<CalibrationBar> calibration = bg.converged() ? calibration(BgNbd.params(bg.params()), d) : List.of();
        long id = jdbc.sql("""
                insert into clv_fits (as_of, time_unit, status, message, customers, repeat_customers, r, alpha, a, b,
                    bgnbd_log_likelihood, bgnbd_evaluations, p, q, gamma, gg_log_likelihood, gg_evaluations, horizon_months,
                    monthly_discount, margin_percent, calibration, duration_ms, created_by)
                values (:asOf, :unit, :status, :message, :customers, :repeat, :r, :alpha, :a, :b, :bgll, :bgev, :p, :q, :gamma,
                    :ggll, :ggev, :horizon, :discount, :margin, cast(:calibration as jsonb), 0, :user) returning id""")
                .param("asOf", asOf).param("unit", unit.name()).param("status", converged ? "CONVERGED" : "FAILED")
                .param("message", why.isEmpty() ? null : String.join("; ", why)).param("customers", d.n)
                .param("repeat", d.repeatCustomers())
                .param("r", finite(bg.params()[0])).param("alpha", finite(bg.params()[1])).param("a", finite(bg.params()[2]))
                .param("b", finite(bg.params()[3])).param("bgll", finite(bg.logLikelihood())).param("bgev", bg.evaluations())
                .param("p", finite(gg.params()[0])).param("q", finite(gg.params()[1])).param("gamma", finite(gg.params()[2]))
                .param("ggll", finite(gg.logLikelihood())).param("ggev", gg.evaluations())
                .param("horizon", settings.horizonMonths()).param("discount", settings.monthlyDiscount())
                .param("margin", settings.marginPercent()).param("calibration", JSON.writeValueAsString(calibration))
                .param("user", userId).query(Long.class).single();
        Integer scored = null;
        if (converged) {
            FitRecord f = find(id).orElseThrow();
            long t3 = System.nanoTime();
            scored = scoring.score(id, f.model(), d, timings);
            timings.put("scoreMs", (System.nanoTime() - t3) / 1_000_000);
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        jdbc.sql("update clv_fits set duration_ms = :ms, scored = :scored, timings = cast(:timings as jsonb) where id = :id")
                .param("ms", ms).param("scored", scored).param("timings", JSON.writeValueAsString(timings)).param("id", id).update();
        return find(id).orElseThrow();
    }

    /**
     * Actual against expected customers by repeat purchases in the calibration period: Σ_i P(X(T_i) = k) under the
     * fitted BG/NBD (Fader, Hardie &amp; Lee 2005, eq. 8), k = 0..6 and 7+.
     */
    static List<CalibrationBar> calibration(BgNbd.Params p, Summaries.Data d) {
        int buckets = 8;
        long[] actual = new long[buckets];
        java.util.Map<Double, int[]> ages = new java.util.HashMap<>();
        for (int i = 0; i < d.n; i++) {
            actual[Math.min(d.x[i], buckets - 1)]++;
            ages.computeIfAbsent(d.age[i], k -> new int[1])[0]++;
        }
        double[] expected = new double[buckets];
        for (var e : ages.entrySet()) {
            double[] probs = probabilities(p, e.getKey(), buckets - 1);
            double rest = 1;
            for (int k = 0; k < buckets - 1; k++) {
                expected[k] += e.getValue()[0] * probs[k];
                rest -= probs[k];
            }
            expected[buckets - 1] += e.getValue()[0] * Math.max(0, rest);
        }
        List<CalibrationBar> bars = new ArrayList<>();
        for (int k = 0; k < buckets; k++) bars.add(new CalibrationBar(k, actual[k], Math.round(expected[k] * 100) / 100.0));
        return bars;
    }

    /** P(X(t) = k) for k = 0..max−1. */
    static double[] probabilities(BgNbd.Params p, double t, int max) {
        double r = p.r(), alpha = p.alpha(), a = p.a(), b = p.b();
        double[] out = new double[max];
        double lb = logBeta(a, b);
        double logQ = Math.log(alpha / (alpha + t));
        double logZ = t > 0 ? Math.log(t / (alpha + t)) : Double.NEGATIVE_INFINITY;
        double partial = 0; // Σ_{j<k} Γ(r+j)/(Γ(r) j!) z^j (α/(α+t))^r
        for (int k = 0; k < max; k++) {
            double logNb = Hypergeometric.logAbsGamma(r + k) - Hypergeometric.logAbsGamma(r) - Hypergeometric.logAbsGamma(k + 1)
                    + r * logQ + (k == 0 ? 0 : k * logZ);
            double nb = Math.exp(logNb);
            double v = Math.exp(logBeta(a, b + k) - lb) * nb;
            if (k > 0) v += Math.exp(logBeta(a + 1, b + k - 1) - lb) * Math.max(0, 1 - partial);
            out[k] = Double.isFinite(v) ? v : 0;
            partial += Double.isFinite(nb) ? nb : 0;
        }
        return out;
    }

    private static double logBeta(double x, double y) {
        return Hypergeometric.logAbsGamma(x) + Hypergeometric.logAbsGamma(y) - Hypergeometric.logAbsGamma(x + y);
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    Optional<FitRecord> find(long id) {
        return jdbc.sql("select * from clv_fits where id = :id").param("id", id).query(ClvFits::map).optional();
    }

    /** The fit whose parameters are in force: the latest converged one. */
    Optional<FitRecord> current() {
        return jdbc.sql("select * from clv_fits where status = 'CONVERGED' order by id desc limit 1").query(ClvFits::map).optional();
    }

    List<FitRecord> recent(int limit) {
        return jdbc.sql("select * from clv_fits order by id desc limit :n").param("n", limit).query(ClvFits::map).list();
    }

    private static FitRecord map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        List<CalibrationBar> bars;
        try {
            bars = List.of(JSON.readValue(rs.getString("calibration"), CalibrationBar[].class));
        } catch (RuntimeException e) {
            bars = List.of();
        }
        return new FitRecord(rs.getLong("id"), rs.getObject("as_of", LocalDate.class), rs.getString("time_unit"), rs.getString("status"),
                "CONVERGED".equals(rs.getString("status")), rs.getString("message"), rs.getInt("customers"), rs.getInt("repeat_customers"),
                dbl(rs, "r"), dbl(rs, "alpha"), dbl(rs, "a"), dbl(rs, "b"), dbl(rs, "bgnbd_log_likelihood"),
                (Integer) rs.getObject("bgnbd_evaluations"), dbl(rs, "p"), dbl(rs, "q"), dbl(rs, "gamma"), dbl(rs, "gg_log_likelihood"),
                (Integer) rs.getObject("gg_evaluations"), rs.getInt("horizon_months"), rs.getDouble("monthly_discount"),
                rs.getDouble("margin_percent"), bars, rs.getLong("duration_ms"), (Integer) rs.getObject("scored"),
                timings(rs.getString("timings")), rs.getTimestamp("created_at").toInstant());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> timings(String json) {
        try {
            Map<String, Object> raw = JSON.readValue(json, Map.class);
            Map<String, Long> out = new java.util.LinkedHashMap<>();
            raw.forEach((k, v) -> out.put(k, ((Number) v).longValue()));
            return out;
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    private static Double dbl(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() || !Double.isFinite(v) ? null : v;
    }
}
