package io.rapport.analytics.churn;

import java.util.List;

/**
 * L2-regularised logistic regression fitted by Newton's method (iteratively reweighted least squares) in plain Java:
 * a handful of features, so each step solves a small linear system. Inputs are expected to be standardised.
 */
public final class LogisticRegression {

    private LogisticRegression() {}

    /** Coefficients: index 0 is the intercept, then one per feature. */
    public static double[] fit(List<double[]> x, boolean[] y, double lambda, int maxIterations) {
        int d = x.isEmpty() ? 0 : x.getFirst().length;
        int p = d + 1;
        double[] w = new double[p];
        for (int iter = 0; iter < maxIterations; iter++) {
            double[] grad = new double[p];
            double[][] hess = new double[p][p];
            for (int i = 0; i < x.size(); i++) {
                double[] xi = x.get(i);
                double prob = sigmoid(dot(w, xi));
                double err = prob - (y[i] ? 1 : 0);
                double wt = Math.max(prob * (1 - prob), 1e-9);
                for (int a = 0; a < p; a++) {
                    double xa = a == 0 ? 1 : xi[a - 1];
                    grad[a] += err * xa;
                    for (int b = a; b < p; b++) hess[a][b] += wt * xa * (b == 0 ? 1 : xi[b - 1]);
                }
            }
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < a; b++) hess[a][b] = hess[b][a];
                if (a > 0) {
                    grad[a] += lambda * w[a];
                    hess[a][a] += lambda;
                }
                hess[a][a] += 1e-9;
            }
            double[] step = solve(hess, grad);
            double change = 0;
            for (int a = 0; a < p; a++) {
                w[a] -= step[a];
                change = Math.max(change, Math.abs(step[a]));
            }
            if (!(change > 1e-8)) break;
        }
        for (double v : w) if (!Double.isFinite(v)) throw new IllegalStateException("The model did not converge");
        return w;
    }

    public static double predict(double[] w, double[] xi) {
        return sigmoid(dot(w, xi));
    }

    static double dot(double[] w, double[] xi) {
        double z = w[0];
        for (int j = 0; j < xi.length; j++) z += w[j + 1] * xi[j];
        return z;
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    /** Gaussian elimination with partial pivoting; the matrix is small and positive definite. */
    static double[] solve(double[][] a0, double[] b0) {
        int n = b0.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) a[i] = a0[i].clone();
        double[] b = b0.clone();
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
            double[] t = a[c]; a[c] = a[piv]; a[piv] = t;
            double tb = b[c]; b[c] = b[piv]; b[piv] = tb;
            if (Math.abs(a[c][c]) < 1e-300) continue;
            for (int r = c + 1; r < n; r++) {
                double f = a[r][c] / a[c][c];
                if (f == 0) continue;
                for (int k = c; k < n; k++) a[r][k] -= f * a[c][k];
                b[r] -= f * b[c];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = b[r];
            for (int k = r + 1; k < n; k++) s -= a[r][k] * x[k];
            x[r] = Math.abs(a[r][r]) < 1e-300 ? 0 : s / a[r][r];
        }
        return x;
    }
}
