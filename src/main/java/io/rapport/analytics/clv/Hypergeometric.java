package io.rapport.analytics.clv;

import org.hipparchus.special.Gamma;

/**
 * The Gaussian hypergeometric function 2F1(a, b; c; z) for 0 ≤ z < 1, as the BG/NBD conditional expectation needs it,
 * returned as its logarithm so that the huge values of heavy buyers (2F1 grows like (1-z)^(c-a-b)) do not overflow.
 * <ul>
 *   <li>z ≤ 0.5: Euler's transformation 2F1(a,b;c;z) = (1-z)^(c-a-b) 2F1(c-a,c-b;c;z); for the BG/NBD arguments
 *   c-a and c-b do not grow with the number of purchases, so the series stays small and converges geometrically.</li>
 *   <li>z &gt; 0.5: the linear transformation to 1-z (Abramowitz &amp; Stegun 15.3.6), two series in 1-z ≤ 0.5,
 *   unless c-a-b is (nearly) an integer, where that formula is singular: then the Euler series is summed to the end.</li>
 * </ul>
 * Every series rescales itself when its terms grow large, so the logarithm is right even past the range of a double.
 */
final class Hypergeometric {

    private static final int MAX_TERMS = 2_000_000;

    private Hypergeometric() {}

    /** log 2F1(a, b; c; z), for 0 ≤ z &lt; 1 and a value of 2F1 that is positive (as in the BG/NBD). */
    static double log2f1(double a, double b, double c, double z) {
        if (!(z >= 0 && z < 1)) throw new IllegalArgumentException("z must be in [0, 1): " + z);
        if (z == 0) return 0;
        double d = c - a - b;
        if (z > 0.5 && Math.abs(d - Math.rint(d)) > 1e-6) {
            double w = 1 - z;
            double lgc = logAbsGamma(c);
            // term 1: Γ(c)Γ(d)/(Γ(c-a)Γ(c-b)) 2F1(a, b; 1-d; w)
            double[] s1 = series(a, b, 1 - d, w);
            double l1 = lgc + logAbsGamma(d) - logAbsGamma(c - a) - logAbsGamma(c - b) + s1[1];
            double sign1 = gammaSign(d) * gammaSign(c - a) * gammaSign(c - b) * Math.signum(s1[0]) * gammaSign(c);
            if (isNonPositiveInteger(c - a) || isNonPositiveInteger(c - b)) sign1 = 0;
            // term 2: w^d Γ(c)Γ(-d)/(Γ(a)Γ(b)) 2F1(c-a, c-b; 1+d; w)
            double[] s2 = series(c - a, c - b, 1 + d, w);
            double l2 = d * Math.log(w) + lgc + logAbsGamma(-d) - logAbsGamma(a) - logAbsGamma(b) + s2[1];
            double sign2 = gammaSign(-d) * gammaSign(a) * gammaSign(b) * Math.signum(s2[0]) * gammaSign(c);
            if (isNonPositiveInteger(a) || isNonPositiveInteger(b)) sign2 = 0;
            double r = logSum(sign1, l1 + Math.log(Math.abs(s1[0])), sign2, l2 + Math.log(Math.abs(s2[0])));
            if (!Double.isNaN(r)) return r;
        }
        double[] s = series(c - a, c - b, c, z);
        return d * Math.log1p(-z) + s[1] + Math.log(s[0]);
    }

    /** 2F1(a, b; c; z) itself (tests and small values). */
    static double hyp2f1(double a, double b, double c, double z) {
        return Math.exp(log2f1(a, b, c, z));
    }

    /** The series sum as {mantissa, log scale}: the sum is mantissa · e^scale. */
    private static double[] series(double a, double b, double c, double z) {
        double sum = 1, term = 1, scale = 0;
        for (int n = 0; n < MAX_TERMS; n++) {
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            sum += term;
            if (Math.abs(term) <= 1e-17 * Math.abs(sum) && n > 2) break;
            if (term == 0) break;
            if (Math.abs(sum) > 1e200) {
                sum *= 1e-200;
                term *= 1e-200;
                scale += 200 * Math.log(10);
            }
        }
        return new double[] {sum, scale};
    }

    private static double logSum(double s1, double l1, double s2, double l2) {
        if (s1 == 0 || Double.isInfinite(l1) && l1 < 0) return s2 > 0 ? l2 : Double.NaN;
        if (s2 == 0 || Double.isInfinite(l2) && l2 < 0) return s1 > 0 ? l1 : Double.NaN;
        double hi = Math.max(l1, l2);
        double v = s1 * Math.exp(l1 - hi) + s2 * Math.exp(l2 - hi);
        // heavy cancellation loses the digits: let the caller sum the series instead
        if (!(v > 1e-8 * Math.max(Math.exp(l1 - hi), Math.exp(l2 - hi)))) return Double.NaN;
        return hi + Math.log(v);
    }

    static boolean isNonPositiveInteger(double x) {
        return x <= 0 && x == Math.rint(x);
    }

    /** log |Γ(x)| for any x that is not a non-positive integer (reflection below 0.5). */
    static double logAbsGamma(double x) {
        if (x > 0) return Gamma.logGamma(x);
        return Math.log(Math.PI) - Math.log(Math.abs(Math.sin(Math.PI * x))) - Gamma.logGamma(1 - x);
    }

    static double gammaSign(double x) {
        if (x > 0) return 1;
        return Math.signum(Math.sin(Math.PI * x));
    }
}
