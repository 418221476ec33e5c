package io.rapport.analytics.clv;

import java.util.HashMap;
import java.util.Map;

/**
 * The BG/NBD model (Fader, Hardie &amp; Lee 2005, "Counting your customers the easy way"): while alive a customer buys
 * at a Poisson rate λ ~ Gamma(r, α); after each purchase they drop out with probability p ~ Beta(a, b).
 * Data per customer: x repeat purchases, the time t_x of the last one and the age T, both counted from the first purchase.
 */
final class BgNbd {

    record Params(double r, double alpha, double a, double b) {}

    /** Customers compressed to distinct (x, t_x, T) with a weight (how many customers share them). */
    static final class Data {
        final int[] x;
        final double[] tx;
        final double[] age;
        final double[] weight;
        final int maxX;

        Data(int[] x, double[] tx, double[] age, double[] weight) {
            this.x = x;
            this.tx = tx;
            this.age = age;
            this.weight = weight;
            int m = 0;
            for (int v : x) m = Math.max(m, v);
            this.maxX = m;
        }

        int size() {
            return x.length;
        }

        double customers() {
            double n = 0;
            for (double w : weight) n += w;
            return n;
        }

        /** Compresses per-customer rows (same x, t_x and T collapse into one weighted row). */
        static Data of(int[] x, double[] tx, double[] age, int n) {
            record Key(int x, double tx, double age) {}
            Map<Key, int[]> counts = new HashMap<>(Math.max(16, n / 4));
            for (int i = 0; i < n; i++) counts.computeIfAbsent(new Key(x[i], tx[i], age[i]), k -> new int[1])[0]++;
            int m = counts.size(), j = 0;
            int[] cx = new int[m];
            double[] ctx = new double[m], cage = new double[m], w = new double[m];
            for (var e : counts.entrySet()) {
                cx[j] = e.getKey().x();
                ctx[j] = e.getKey().tx();
                cage[j] = e.getKey().age();
                w[j++] = e.getValue()[0];
            }
            return new Data(cx, ctx, cage, w);
        }

        /** Every k-th row with its weight times k: a quick first fit on a large data set. */
        Data sample(int k) {
            int m = (size() + k - 1) / k;
            int[] sx = new int[m];
            double[] stx = new double[m], sage = new double[m], w = new double[m];
            for (int i = 0, j = 0; i < size() && j < m; i += k, j++) {
                sx[j] = x[i];
                stx[j] = tx[i];
                sage[j] = age[i];
                w[j] = weight[i];
            }
            return new Data(sx, stx, sage, w);
        }
    }

    private BgNbd() {}

    /** The log-likelihood of the data (Fader, Hardie &amp; Lee 2005, eq. 6), summed with the weights. */
    static double logLikelihood(Params p, Data d) {
        double r = p.r(), alpha = p.alpha(), a = p.a(), b = p.b();
        double[] head = new double[d.maxX + 1];
        double[] a4 = new double[d.maxX + 1];
        boolean[] seen = new boolean[d.maxX + 1];
        for (int v : d.x) seen[v] = true;
        double lgr = Hypergeometric.logAbsGamma(r), lgb = Hypergeometric.logAbsGamma(b), lgab = Hypergeometric.logAbsGamma(a + b);
        double rLogAlpha = r * Math.log(alpha), logA = Math.log(a);
        for (int v = 0; v <= d.maxX; v++) {
            if (!seen[v]) continue;
            head[v] = Hypergeometric.logAbsGamma(r + v) - lgr + rLogAlpha
                    + lgab + Hypergeometric.logAbsGamma(b + v) - lgb - Hypergeometric.logAbsGamma(a + b + v);
            a4[v] = v > 0 ? logA - Math.log(b + v - 1) : 0;
        }
        double ll = 0;
        for (int i = 0; i < d.size(); i++) {
            int x = d.x[i];
            double a3 = -(r + x) * Math.log(alpha + d.age[i]);
            double li;
            if (x > 0) {
                double a4i = a4[x] - (r + x) * Math.log(alpha + d.tx[i]);
                double hi = Math.max(a3, a4i);
                li = hi + Math.log1p(Math.exp(Math.min(a3, a4i) - hi));
            } else {
                li = a3;
            }
            ll += d.weight[i] * (head[x] + li);
        }
        return ll;
    }

    /** Maximum likelihood; data sets with many distinct rows start from a fit on every k-th row. */
    static Fit fit(Data d) {
        double[] start = {0, 0, 0, 0};
        double radius = 1.0;
        if (d.size() > 60_000) {
            int k = d.size() / 30_000;
            Data s = d.sample(k);
            Fit rough = Fit.maximise(p -> logLikelihood(params(p), s), start, radius);
            if (rough.converged()) {
                start = logs(rough.params());
                radius = 0.05;
            }
        }
        return Fit.maximise(p -> logLikelihood(params(p), d), start, radius);
    }

    static Params params(double[] p) {
        return new Params(p[0], p[1], p[2], p[3]);
    }

    static double[] logs(double[] p) {
        double[] l = new double[p.length];
        for (int i = 0; i < p.length; i++) l[i] = Math.log(p[i]);
        return l;
    }

    /** log of the second term's weight in P(alive) and the conditional expectation (0 when x = 0 → −∞). */
    private static double logOdds(Params p, int x, double tx, double age) {
        if (x == 0) return Double.NEGATIVE_INFINITY;
        return Math.log(p.a()) - Math.log(p.b() + x - 1) + (p.r() + x) * (Math.log(p.alpha() + age) - Math.log(p.alpha() + tx));
    }

    /** P(alive | x, t_x, T). */
    static double pAlive(Params p, int x, double tx, double age) {
        double lo = logOdds(p, x, tx, age);
        return lo == Double.NEGATIVE_INFINITY ? 1 : 1 / (1 + Math.exp(lo));
    }

    /** E[Y(t) | x, t_x, T]: the expected number of purchases in the next t time units (FHL 2005, eq. 10). */
    static double expectedPurchases(Params p, double t, int x, double tx, double age) {
        if (t <= 0) return 0;
        double r = p.r(), alpha = p.alpha(), b = p.b();
        double a = Math.abs(p.a() - 1) < 1e-9 ? 1 + 1e-9 : p.a();
        double z = t / (alpha + age + t);
        double logW = Math.log(alpha + age) - Math.log(alpha + age + t);
        double logF = Hypergeometric.log2f1(r + x, b + x, a + b + x - 1, z);
        // 1 − w^(r+x)·2F1, kept accurate when the product is close to 1
        double inner = -Math.expm1((r + x) * logW + logF);
        double head = (a + b + x - 1) / (a - 1) * inner;
        double lo = logOdds(p, x, tx, age);
        double e = lo == Double.NEGATIVE_INFINITY ? head : head / (1 + Math.exp(lo));
        return Double.isFinite(e) && e > 0 ? e : 0;
    }

    /** Unconditional E[X(t)] for a new customer (FHL 2005, eq. 7): the model's line in the calibration chart. */
    static double expectedUnconditional(Params p, double t) {
        double r = p.r(), alpha = p.alpha(), a = p.a(), b = p.b();
        if (Math.abs(a - 1) < 1e-9) a = 1 + 1e-9;
        double z = t / (alpha + t);
        double logF = Hypergeometric.log2f1(r, b, a + b - 1, z);
        return (a + b - 1) / (a - 1) * -Math.expm1(r * Math.log(alpha / (alpha + t)) + logF);
    }
}
