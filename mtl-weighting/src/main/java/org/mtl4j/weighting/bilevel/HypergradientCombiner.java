package org.mtl4j.weighting.bilevel;

import java.util.Arrays;
import org.mtl4j.core.grad.NonFiniteException;
import org.mtl4j.weighting.solver.MinNormResult;
import org.mtl4j.weighting.solver.MinNormSolver;
import org.mtl4j.weighting.solver.SolverStatus;

/**
 * MOML's upper-level direction from the hypergradients {@code h_i = ∂F_i(ω*(α))/∂α}
 * (algorithms.md §19 step 5; thesis Algorithm 1):
 * <pre>
 *   MGDA_L2:   ĥ_i = h_i / ‖h_i‖ (0 if h_i = 0),   λ = argmin_{λ∈Δ} ‖Σ λ_i ĥ_i‖²,   g_α = Σ λ_i ĥ_i
 *   MGDA_RAW:  the same on the raw h_i
 *   EW:        g_α = Σ h_i  (λ = 1)
 * </pre>
 * The min-norm problem is solved by {@link MinNormSolver} (kernel K2) on the Gram matrix in
 * double. Every hypergradient entry must be finite: a non-finite one raises
 * {@link NonFiniteException} naming the objective, the index and the value.
 */
public final class HypergradientCombiner {
    private final UpperCombination method;
    private final MinNormSolver solver = MinNormSolver.defaults();

    /** @param method the combination */
    public HypergradientCombiner(UpperCombination method) {
        if (method == null) {
            throw new IllegalArgumentException("combination must be one of " + Arrays.toString(UpperCombination.values()) + ", found null");
        }
        this.method = method;
    }

    /**
     * @param direction the combined direction g_α (a descent step is {@code α ← α − μ g_α})
     * @param lambda    the weights on the (normalised) hypergradients
     * @param status    the min-norm solver's status (OPTIMAL for EW)
     */
    public record Combined(double[] direction, double[] lambda, SolverStatus status) {
        /** Copies. */
        public Combined {
            direction = direction.clone();
            lambda = lambda.clone();
        }

        @Override
        public double[] direction() {
            return direction.clone();
        }

        @Override
        public double[] lambda() {
            return lambda.clone();
        }
    }

    /**
     * @param hypergradients {@code h_i}, one row per upper-level objective, all of the same length
     * @return the combined direction
     */
    public Combined combine(double[][] hypergradients) {
        requireFinite(hypergradients);
        int m = hypergradients.length;
        int d = hypergradients[0].length;
        double[][] rows = new double[m][];
        for (int i = 0; i < m; i++) {
            rows[i] = hypergradients[i].clone();
            if (method == UpperCombination.MGDA_L2) {
                double n = Math.sqrt(ForumSubproblem.dot(rows[i], rows[i]));
                for (int k = 0; k < d; k++) {
                    rows[i][k] = n > 0 ? rows[i][k] / n : 0.0;
                }
            }
        }
        double[] lambda = new double[m];
        SolverStatus status = SolverStatus.OPTIMAL;
        if (method == UpperCombination.EW) {
            Arrays.fill(lambda, 1.0);
        } else {
            double[][] g = new double[m][m];
            for (int i = 0; i < m; i++) {
                for (int j = i; j < m; j++) {
                    g[i][j] = ForumSubproblem.dot(rows[i], rows[j]);
                    g[j][i] = g[i][j];
                }
            }
            MinNormResult r = solver.solve(g);
            lambda = r.weights();
            status = r.status();
        }
        double[] dir = new double[d];
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < d; k++) {
                dir[k] += lambda[i] * rows[i][k];
            }
        }
        return new Combined(dir, lambda, status);
    }

    /** @throws NonFiniteException naming the first non-finite entry */
    static void requireFinite(double[][] h) {
        if (h == null || h.length == 0) {
            throw new IllegalArgumentException("at least one hypergradient is needed, found " + (h == null ? "null" : "none"));
        }
        for (int i = 0; i < h.length; i++) {
            if (h[i] == null || h[i].length != h[0].length) {
                throw new IllegalArgumentException("hypergradient " + i + " must have length " + h[0].length);
            }
            for (int k = 0; k < h[i].length; k++) {
                if (!Double.isFinite(h[i][k])) {
                    throw new NonFiniteException("hypergradient of upper-level objective " + i + " is not finite at entry " + k
                            + ": " + h[i][k] + " (lower the inner learning rate or the number of inner steps, or check the losses)");
                }
            }
        }
    }
}
