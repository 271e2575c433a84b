package org.mtl4j.weighting.solver;

import java.util.Arrays;

/**
 * Euclidean projection onto the probability simplex (algorithms.md §0.6, kernel K1).
 *
 * <pre>
 *   proj(y) = argmin_{x ∈ Δ} ‖x − y‖,   Δ = {x : x_i ≥ 0, Σ x_i = 1}
 *   u = sort(y, descending),  S_k = u_1 + … + u_k
 *   τ = (S_k − 1)/k for the first k ∈ {1..m−1} with (S_k − 1)/k > u_{k+1},  else τ = (Σy − 1)/m
 *   proj(y)_i = max(y_i − τ, 0)
 * </pre>
 *
 * <p>Same algorithm as {@code _projection2simplex} in Sener &amp; Koltun's
 * {@code isl-org/MultiObjectiveOptimization} ({@code multi_task/min_norm_solvers.py}).
 * Cost {@code O(m log m)}.
 */
public final class SimplexProjection {

    private SimplexProjection() {
    }

    /**
     * Projects {@code y} onto the simplex.
     *
     * @param y a finite vector of length ≥ 1 (not modified)
     * @return a new vector in the simplex, closest to {@code y}
     * @throws IllegalArgumentException if {@code y} is null, empty or non-finite
     */
    public static double[] project(double[] y) {
        Checks.requireFiniteVector("y", y, 1);
        int m = y.length;
        double[] u = y.clone();
        Arrays.sort(u); // ascending; u[m-1-k] is the (k+1)-th largest
        double tau = Double.NaN;
        double s = 0;
        for (int k = 1; k < m; k++) {
            s += u[m - k];
            double t = (s - 1.0) / k;
            if (t > u[m - k - 1]) {
                tau = t;
                break;
            }
        }
        if (Double.isNaN(tau)) {
            double total = 0;
            for (double v : y) {
                total += v;
            }
            tau = (total - 1.0) / m;
        }
        double[] x = new double[m];
        for (int i = 0; i < m; i++) {
            x[i] = Math.max(y[i] - tau, 0.0);
        }
        return x;
    }
}
