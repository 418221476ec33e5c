package io.rapport.analytics.clv;

/**
 * The Gamma-Gamma model of monetary value (Fader &amp; Hardie 2013, "The Gamma-Gamma model of monetary value"): the
 * value of each transaction ~ Gamma(p, ν), with ν ~ Gamma(q, γ) across customers. Fitted on the customers with at
 * least one repeat transaction (x &gt; 0) and a positive mean value z̄ of those transactions.
 */
final class GammaGamma {

    record Params(double p, double q, double gamma) {}

    /** One row per customer: x repeat transactions with mean value z̄ (&gt; 0). */
    record Data(int[] x, double[] mean, int size) {
        int maxX() {
            int m = 0;
            for (int i = 0; i < size; i++) m = Math.max(m, x[i]);
            return m;
        }
    }

    private GammaGamma() {}

    /** Σ log f(z̄ | x, p, q, γ) (the note's eq. 3 with z̄ as the data, as the lifetimes package writes it). */
    static double logLikelihood(Params par, Data d, double[] logMean, double[] logX) {
        double p = par.p(), q = par.q(), g = par.gamma();
        int maxX = d.maxX();
        double[] head = new double[maxX + 1];
        double lgq = Hypergeometric.logAbsGamma(q), qLogG = q * Math.log(g);
        for (int v = 1; v <= maxX; v++) head[v] = Hypergeometric.logAbsGamma(p * v + q) - Hypergeometric.logAbsGamma(p * v) - lgq + qLogG;
        double ll = 0;
        for (int i = 0; i < d.size(); i++) {
            int x = d.x()[i];
            double px = p * x;
            ll += head[x] + (px - 1) * logMean[i] + px * logX[i] - (px + q) * Math.log(g + x * d.mean()[i]);
        }
        return ll;
    }

    static Fit fit(Data d) {
        double[] logMean = new double[d.size()], logX = new double[d.size()];
        for (int i = 0; i < d.size(); i++) {
            logMean[i] = Math.log(d.mean()[i]);
            logX[i] = Math.log(d.x()[i]);
        }
        return Fit.maximise(p -> logLikelihood(new Params(p[0], p[1], p[2]), d, logMean, logX), new double[] {0, 0, 0}, 1.0);
    }

    /**
     * E[M | x, z̄]: the customer's expected value per transaction, a weighted mean of the population mean
     * pγ/(q−1) and their own z̄. Without repeat transactions it is the population mean. Needs q &gt; 1 (a finite
     * population mean); otherwise the customer's own mean (or {@code fallback}) is returned.
     */
    static double expectedValue(Params par, int x, double mean, double fallback) {
        double p = par.p(), q = par.q(), g = par.gamma();
        if (q <= 1) return x > 0 && mean > 0 ? mean : fallback;
        double v = p * (g + x * mean) / (p * x + q - 1);
        return Double.isFinite(v) && v >= 0 ? v : fallback;
    }
}
