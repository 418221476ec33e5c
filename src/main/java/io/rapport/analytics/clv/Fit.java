package io.rapport.analytics.clv;

import java.util.function.ToDoubleFunction;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.SimpleBounds;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

/**
 * Maximum likelihood on log-parameters with Hipparchus' BOBYQA (bounded, derivative-free). A fit converged when the
 * optimiser stopped by its own criterion inside the evaluation budget, the log-likelihood is finite and no
 * log-parameter ran to the bounds (a parameter that wants to go to 0 or infinity means the data cannot identify it).
 */
record Fit(double[] params, double logLikelihood, int evaluations, boolean converged, String message) {

    static final double BOUND = 18;
    static final int MAX_EVALUATIONS = 20_000;

    /** Maximises {@code logLikelihood(exp(θ))} over θ, starting at θ0 with the given trust region. */
    static Fit maximise(ToDoubleFunction<double[]> logLikelihood, double[] theta0, double initialRadius) {
        int n = theta0.length;
        double[] lo = new double[n], hi = new double[n];
        java.util.Arrays.fill(lo, -BOUND);
        java.util.Arrays.fill(hi, BOUND);
        ObjectiveFunction f = new ObjectiveFunction(theta -> {
            double[] p = new double[n];
            for (int i = 0; i < n; i++) p[i] = Math.exp(theta[i]);
            double ll = logLikelihood.applyAsDouble(p);
            return Double.isFinite(ll) ? ll : -1e300;
        });
        BOBYQAOptimizer optimizer = new BOBYQAOptimizer(2 * n + 1, initialRadius, 1e-10);
        try {
            PointValuePair best = optimizer.optimize(new MaxEval(MAX_EVALUATIONS), f, GoalType.MAXIMIZE,
                    new InitialGuess(theta0), new SimpleBounds(lo, hi));
            double[] theta = best.getPoint();
            double[] p = new double[n];
            boolean atBound = false;
            for (int i = 0; i < n; i++) {
                p[i] = Math.exp(theta[i]);
                atBound |= Math.abs(theta[i]) > BOUND - 1;
            }
            double ll = best.getValue();
            boolean finite = Double.isFinite(ll) && ll > -1e299;
            String message = !finite ? "the log-likelihood is not finite at the optimum"
                    : atBound ? "a parameter ran to the bounds (" + describe(p) + "): the data cannot identify the model" : null;
            return new Fit(p, finite ? ll : Double.NaN, optimizer.getEvaluations(), finite && !atBound, message);
        } catch (MathIllegalStateException e) {
            return new Fit(theta0.clone(), Double.NaN, optimizer.getEvaluations(), false,
                    "no convergence within " + MAX_EVALUATIONS + " evaluations: " + e.getMessage());
        }
    }

    private static String describe(double[] p) {
        StringBuilder s = new StringBuilder();
        for (double v : p) s.append(s.isEmpty() ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%.4g", v));
        return s.toString();
    }
}
