package io.rapport.analytics.recovery;

/** 95 % confidence intervals: Wilson score for proportions, Student's t for means. Nothing here returns NaN. */
final class Intervals {

    static final double Z = 1.959963984540054;

    record Interval(double estimate, double low, double high) {}

    private Intervals() {}

    /** Wilson score interval of k successes in n trials; null when n = 0. */
    static Interval wilson(long k, long n) {
        if (n <= 0) return null;
        double p = (double) k / n, z2 = Z * Z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = Z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        return new Interval(p, Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /** Mean with a t interval; null without values, the mean alone (low = high) for a single value. */
    static Interval mean(double[] values) {
        int n = values.length;
        if (n == 0) return null;
        double mean = 0;
        for (double v : values) mean += v;
        mean /= n;
        if (n == 1) return new Interval(mean, mean, mean);
        double ss = 0;
        for (double v : values) ss += (v - mean) * (v - mean);
        double se = Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
        double t = t975(n - 1);
        return new Interval(mean, mean - t * se, mean + t * se);
    }

    private static final double[] T975 = {12.7062047, 4.3026527, 3.1824463, 2.7764451, 2.5705818, 2.4469119, 2.3646243, 2.3060041,
            2.2621572, 2.2281389, 2.2009852, 2.1788128, 2.1603687, 2.1447867, 2.1314495, 2.1199053, 2.1098155, 2.1009220, 2.0930241,
            2.0859634, 2.0796138, 2.0738731, 2.0686576, 2.0638986, 2.0595386, 2.0555294, 2.0518305, 2.0484071, 2.0452296, 2.0422725};

    /** The 97.5 % quantile of Student's t with {@code df} degrees of freedom (a table to 30, a series expansion beyond: error < 1e-4). */
    static double t975(int df) {
        if (df <= 0) throw new IllegalArgumentException("df must be positive");
        if (df <= T975.length) return T975[df - 1];
        double z = Z, v = df;
        double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
        return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v)
                + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v);
    }
}
