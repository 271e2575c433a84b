package org.mtl4j.weighting.gradient;

import java.util.Arrays;
import org.mtl4j.weighting.solver.SolverStatus;

/**
 * Solves FairGrad's α-fair allocation exactly: the {@code w > 0} with
 * <pre>
 *   (G w)_i = w_i^{−1/α}   for every active task i      (α = 1: the Nash bargaining system w ⊙ Gw = 1)
 * </pre>
 * It is the stationary point of the strictly convex {@code Φ(w) = ½ wᵀGw − Σ_i h(w_i)} on
 * {@code w > 0}, with {@code h(w) = log w} for α = 1 and {@code h(w) = w^{1−1/α}/(1−1/α)} otherwise
 * ({@code h′(w) = w^{−1/α}}; Hessian {@code G + diag(w^{−1/α−1}/α) ≻ 0}). Algorithm:
 * <pre>
 *   inactive tasks (G_ii ≤ 1e-24·max_j G_jj, i.e. ‖g_i‖ ≤ 1e-12·max‖g_j‖) get w_i = 0; the rest is solved
 *   D = diag(1/√G_ii), G̃ = D G D, c_i = d_i^{1−1/α};  solve G̃u = c ⊙ u^{−1/α}, then w = D u
 *       (Φ(Du) = Φ̃(u) + const, so Newton's iterates are the same; only start and round-off change)
 *   u₀ = (Σc / 1ᵀG̃1)^{α/(1+α)} · 1          (the best multiple of 1; 1 when 1ᵀG̃1 ≤ 1e-12)
 *   repeat: grad = G̃u − c ⊙ u^{−1/α},  Δ = (G̃ + diag(c ⊙ u^{−1/α−1}/α))⁻¹ grad
 *           t = 1, halved until u − tΔ &gt; 0 and Φ̃(u − tΔ) ≤ Φ̃(u) − ¼ t gradᵀΔ  (Armijo; full step
 *           once gradᵀΔ &lt; 1e-12)
 *   until max_i |(G̃u)_i / (c_i u_i^{−1/α}) − 1| ≤ tolerance, or the iteration cap
 * </pre>
 * Status OPTIMAL when the relative residual is ≤ {@code tolerance}, APPROXIMATE when ≤ 1e-6,
 * FAILED otherwise, or when some {@code u_i} exceeds 1e12 (no solution: 0 is in the convex hull of
 * the active gradients, so Φ is unbounded below for α ≥ 1 or has no minimiser for α &lt; 1). All
 * gradients inactive: {@code w = 0}, OPTIMAL (d = 0 is Pareto-stationary).
 */
final class AlphaFairSolver {
    private static final double INACTIVE = 1e-24;
    private static final double DIVERGED = 1e12;
    private static final double APPROXIMATE_RESIDUAL = 1e-6;

    private final double alpha;
    private final int maxIterations;
    private final double tolerance;

    /** Result: the weights (meaningful unless FAILED), the status, the Newton iterations and the residual. */
    record Result(double[] weights, SolverStatus status, int iterations, double residual) {
    }

    AlphaFairSolver(double alpha, int maxIterations, double tolerance) {
        this.alpha = alpha;
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
    }

    Result solve(double[][] gram) {
        int m = gram.length;
        double maxDiag = 0;
        for (int i = 0; i < m; i++) {
            maxDiag = Math.max(maxDiag, gram[i][i]);
        }
        int[] active = new int[m];
        int a = 0;
        for (int i = 0; i < m; i++) {
            if (gram[i][i] > INACTIVE * maxDiag) {
                active[a++] = i;
            }
        }
        double[] w = new double[m];
        if (a == 0) {
            return new Result(w, SolverStatus.OPTIMAL, 0, 0.0);
        }
        double[] d = new double[a];
        double[] c = new double[a];
        for (int x = 0; x < a; x++) {
            d[x] = 1.0 / Math.sqrt(gram[active[x]][active[x]]);
            c[x] = Math.pow(d[x], 1 - 1 / alpha);
        }
        double[][] g = new double[a][a];
        double total = 0;
        for (int x = 0; x < a; x++) {
            for (int y = 0; y < a; y++) {
                g[x][y] = 0.5 * (gram[active[x]][active[y]] + gram[active[y]][active[x]]) * d[x] * d[y];
                total += g[x][y];
            }
        }
        double cSum = 0;
        for (double v : c) {
            cSum += v;
        }
        double start = total > 1e-12 ? Math.pow(cSum / total, alpha / (1 + alpha)) : 1.0;
        double[] u = new double[a];
        Arrays.fill(u, start);
        int it = 0;
        double residual = residual(g, c, u);
        boolean diverged = false;
        while (residual > tolerance && it < maxIterations) {
            it++;
            double[] gu = JacobianMath.multiply(g, u);
            double[] grad = new double[a];
            double[][] h = new double[a][];
            for (int x = 0; x < a; x++) {
                double pow = Math.pow(u[x], -1 / alpha);
                grad[x] = gu[x] - c[x] * pow;
                h[x] = g[x].clone();
                h[x][x] += c[x] * pow / (alpha * u[x]);
            }
            double[] delta = SmallLinearAlgebra.solve(h, grad);
            if (delta == null || !finite(delta)) {
                break;
            }
            double decrement = 0;
            for (int x = 0; x < a; x++) {
                decrement += grad[x] * delta[x];
            }
            double phi = objective(g, c, u);
            double t = 1.0;
            double[] next = new double[a];
            for (int halvings = 0; halvings < 60; halvings++, t *= 0.5) {
                boolean positive = true;
                for (int x = 0; x < a; x++) {
                    next[x] = u[x] - t * delta[x];
                    positive &= next[x] > 0;
                }
                if (positive && (decrement < 1e-12 || objective(g, c, next) <= phi - 0.25 * t * decrement)) {
                    break;
                }
            }
            boolean positive = true;
            for (int x = 0; x < a; x++) {
                positive &= next[x] > 0 && Double.isFinite(next[x]);
            }
            if (!positive) {
                break;
            }
            u = next.clone();
            for (double v : u) {
                if (v > DIVERGED * Math.max(1.0, start)) {
                    diverged = true;
                }
            }
            if (diverged) {
                break;
            }
            residual = residual(g, c, u);
        }
        for (int x = 0; x < a; x++) {
            w[active[x]] = d[x] * u[x];
        }
        SolverStatus status;
        if (diverged || !finite(w) || !(residual <= APPROXIMATE_RESIDUAL)) {
            status = SolverStatus.FAILED;
        } else {
            status = residual <= tolerance ? SolverStatus.OPTIMAL : SolverStatus.APPROXIMATE;
        }
        return new Result(w, status, it, residual);
    }

    /** {@code max_i |(G̃u)_i / (c_i u_i^{−1/α}) − 1|}; +∞ when not finite. */
    private double residual(double[][] g, double[] c, double[] u) {
        double[] gu = JacobianMath.multiply(g, u);
        double r = 0;
        for (int x = 0; x < u.length; x++) {
            double v = Math.abs(gu[x] / (c[x] * Math.pow(u[x], -1 / alpha)) - 1);
            if (!Double.isFinite(v)) {
                return Double.POSITIVE_INFINITY;
            }
            r = Math.max(r, v);
        }
        return r;
    }

    /** {@code Φ̃(u) = ½uᵀG̃u − Σ c_i h(u_i)} */
    private double objective(double[][] g, double[] c, double[] u) {
        double s = 0.5 * JacobianMath.quadraticForm(g, u);
        for (int x = 0; x < u.length; x++) {
            double h = alpha == 1.0 ? Math.log(u[x]) : Math.pow(u[x], 1 - 1 / alpha) / (1 - 1 / alpha);
            s -= c[x] * h;
        }
        return s;
    }

    private static boolean finite(double[] v) {
        for (double x : v) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }
}
