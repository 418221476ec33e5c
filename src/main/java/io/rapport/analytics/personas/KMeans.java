package io.rapport.analytics.personas;

import java.util.Random;

/**
 * Lloyd's k-means with k-means++ seeding and several restarts (the lowest within-cluster sum of squares wins), over
 * points stored row-major in one array ({@code n × d}). Deterministic for a given seed. The silhouette is computed
 * exactly on at most {@code sample} points (a deterministic sample), which is how k is chosen on large data.
 */
public final class KMeans {

    public record Fit(int k, double[] centroids, int[] labels, double inertia, int iterations) {

        public int size(int cluster) {
            int s = 0;
            for (int l : labels) if (l == cluster) s++;
            return s;
        }
    }

    private KMeans() {}

    public static Fit fit(double[] x, int n, int d, int k, int restarts, long seed, int maxIterations) {
        if (k < 1 || k > n) throw new IllegalArgumentException("k must be between 1 and n");
        Random random = new Random(seed);
        Fit best = null;
        for (int r = 0; r < Math.max(1, restarts); r++) {
            Fit f = lloyd(x, n, d, k, seedPlusPlus(x, n, d, k, random), maxIterations);
            if (best == null || f.inertia < best.inertia) best = f;
        }
        return best;
    }

    /** k-means++: the first centre uniformly, each next with probability proportional to the squared distance. */
    static double[] seedPlusPlus(double[] x, int n, int d, int k, Random random) {
        double[] c = new double[k * d];
        int first = random.nextInt(n);
        System.arraycopy(x, first * d, c, 0, d);
        double[] dist = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            dist[i] = sq(x, i * d, c, 0, d);
            total += dist[i];
        }
        for (int j = 1; j < k; j++) {
            int pick;
            if (total <= 0) {
                pick = random.nextInt(n); // all points coincide with the centres so far
            } else {
                double target = random.nextDouble() * total, acc = 0;
                pick = n - 1;
                for (int i = 0; i < n; i++) {
                    acc += dist[i];
                    if (acc >= target) {
                        pick = i;
                        break;
                    }
                }
            }
            System.arraycopy(x, pick * d, c, j * d, d);
            total = 0;
            for (int i = 0; i < n; i++) {
                double s = sq(x, i * d, c, j * d, d);
                if (s < dist[i]) dist[i] = s;
                total += dist[i];
            }
        }
        return c;
    }

    static Fit lloyd(double[] x, int n, int d, int k, double[] c, int maxIterations) {
        int[] labels = new int[n];
        java.util.Arrays.fill(labels, -1);
        double inertia = 0;
        int it = 0;
        double[] sums = new double[k * d];
        int[] counts = new int[k];
        while (it < maxIterations) {
            it++;
            boolean changed = false;
            inertia = 0;
            java.util.Arrays.fill(sums, 0);
            java.util.Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                int best = 0;
                double bestD = Double.MAX_VALUE;
                for (int j = 0; j < k; j++) {
                    double s = sq(x, i * d, c, j * d, d);
                    if (s < bestD) {
                        bestD = s;
                        best = j;
                    }
                }
                if (labels[i] != best) {
                    labels[i] = best;
                    changed = true;
                }
                inertia += bestD;
                counts[best]++;
                for (int f = 0; f < d; f++) sums[best * d + f] += x[i * d + f];
            }
            for (int j = 0; j < k; j++) {
                if (counts[j] == 0) continue; // an empty cluster keeps its centre
                for (int f = 0; f < d; f++) c[j * d + f] = sums[j * d + f] / counts[j];
            }
            if (!changed) break;
        }
        return new Fit(k, c, labels, inertia, it);
    }

    /** Mean silhouette over at most {@code sample} points (a seeded random sample), 0 when it is undefined. */
    public static double silhouette(double[] x, int n, int d, int[] labels, int k, int sample) {
        int[] idx = sample(n, sample, 7);
        double total = 0;
        int counted = 0;
        double[] sum = new double[k];
        int[] cnt = new int[k];
        for (int a : idx) {
            java.util.Arrays.fill(sum, 0);
            java.util.Arrays.fill(cnt, 0);
            for (int b : idx) {
                if (a == b) continue;
                sum[labels[b]] += Math.sqrt(sq(x, a * d, x, b * d, d));
                cnt[labels[b]]++;
            }
            int own = labels[a];
            if (cnt[own] == 0) continue; // a singleton's silhouette is 0 by convention
            double ai = sum[own] / cnt[own];
            double bi = Double.MAX_VALUE;
            for (int j = 0; j < k; j++) if (j != own && cnt[j] > 0) bi = Math.min(bi, sum[j] / cnt[j]);
            if (bi == Double.MAX_VALUE) continue;
            double s = Math.max(ai, bi) == 0 ? 0 : (bi - ai) / Math.max(ai, bi);
            total += s;
            counted++;
        }
        return counted == 0 ? 0 : total / counted;
    }

    /**
     * {@code m} distinct indices of {@code 0..n-1} drawn at random with a fixed seed, ascending (all of them when
     * n ≤ m). Random, not every n/m-th: data written in a periodic order would give a stride sample of one kind.
     */
    public static int[] sample(int n, int m, long seed) {
        if (n <= m) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            return all;
        }
        // Floyd's algorithm: m draws, no array of size n
        java.util.Set<Integer> chosen = new java.util.HashSet<>(m * 2);
        Random random = new Random(seed);
        for (int j = n - m; j < n; j++) {
            int t = random.nextInt(j + 1);
            if (!chosen.add(t)) chosen.add(j);
        }
        return chosen.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    static double sq(double[] a, int ai, double[] b, int bi, int d) {
        double s = 0;
        for (int f = 0; f < d; f++) {
            double t = a[ai + f] - b[bi + f];
            s += t * t;
        }
        return s;
    }
}
