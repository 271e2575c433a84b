package org.mtl4j.weighting.solver;

import java.util.Arrays;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nash bargaining system of Nash-MTL (algorithms.md §0.6 kernel K4, §12): the unique {@code α > 0} with
 *
 * <pre>
 *   α_i (Gα)_i = 1   for all i        (i.e. Gα = 1/α),    then d = Σ α_i g_i and ‖d‖² = αᵀGα = m.
 * </pre>
 *
 * <p>It is the stationary point of the strictly convex {@code Φ(α) = ½αᵀGα − Σ_i log α_i} on
 * {@code α > 0} (gradient {@code Gα − 1/α}, Hessian {@code G + diag(1/α²)} ≻ 0). Algorithm:
 * <pre>
 *   D = diag(1/√G_ii),  G̃ = D G D  (unit diagonal),  solve for β = α/D, then α = D β
 *   β₀ = warm start α_prev/D, else (1/√(1ᵀG̃1/m))·1  (so β₀ᵀG̃β₀ = m; 1 if 1ᵀG̃1 ≤ 1e-12·m)
 *   repeat: grad = G̃β − 1/β,  Δ = (G̃ + diag(1/β²))⁻¹ grad   (own Cholesky)
 *           t = 1, halved until β − tΔ > 0 and Φ(β − tΔ) ≤ Φ(β) − ¼ t gradᵀΔ  (Armijo)
 *           (once gradᵀΔ &lt; 1e-12 the full positive step is taken: pure Newton)
 *           β ← β − tΔ
 *   until max_i |β_i(G̃β)_i − 1| ≤ tolerance, or maxIterations
 * </pre>
 * The Newton iterates are invariant under diagonal scaling of {@code G} (so the unit-diagonal
 * rescaling only changes the start point and the round-off); algorithms.md suggests the Frobenius
 * scaling {@code G/‖G‖_F}, which gives the same iterates for the same start. The residual is
 * invariant under the rescaling, so the reported residual is that of the original problem.
 *
 * <p>Existence: a solution exists iff 0 is not in the convex hull of the {@code g_i}. A zero
 * diagonal entry ({@code g_i = 0}) gives {@link SolverStatus#FAILED} at once; a hull containing 0
 * (e.g. {@code g_2 = −g_1}) makes Φ unbounded below and is reported as FAILED when some
 * {@code β_i} exceeds 1e12. Status: OPTIMAL when the residual is ≤ {@code tolerance}, APPROXIMATE
 * when it is ≤ 1e-6, FAILED otherwise (including a failed Cholesky). Numerical trouble never throws.
 * Falling back to the previous α, dropping zero-gradient tasks, etc. is the caller's policy (§12).
 *
 * <p>Reference: A. Navon et al., "Multi-Task Learning as a Bargaining Game", ICML 2022, code
 * {@code github.com/AvivNavon/nash-mtl} (which uses a sequence of convex programs instead of Newton).
 *
 * <pre>{@code
 * NashResult r = NashBargainingSolver.defaults().solve(gram, previousAlpha);  // previousAlpha may be null
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class NashBargainingSolver {

    /** Default Newton iteration cap. */
    public static final int DEFAULT_MAX_ITERATIONS = 100;
    /** Default target for {@code max_i |α_i(Gα)_i − 1|}. */
    public static final double DEFAULT_TOLERANCE = 1e-12;
    /** Residual up to which a non-converged answer is still APPROXIMATE rather than FAILED. */
    public static final double APPROXIMATE_RESIDUAL = 1e-6;

    private static final Logger LOG = LoggerFactory.getLogger(NashBargainingSolver.class);
    private static final double DIVERGENCE_BOUND = 1e12;
    private static final double ARMIJO = 0.25;
    private static final double PURE_NEWTON_DECREMENT = 1e-12;
    private static final int MAX_HALVINGS = 80;

    private final int maxIterations;
    private final double tolerance;

    /**
     * @param maxIterations Newton iteration cap, ≥ 1 (default {@value #DEFAULT_MAX_ITERATIONS})
     * @param tolerance     target for {@code max_i |α_i(Gα)_i − 1|}, in (0, 1) (default {@value #DEFAULT_TOLERANCE})
     */
    public NashBargainingSolver(int maxIterations, double tolerance) {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be >= 1, found " + maxIterations);
        }
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance must be in (0, 1), found " + tolerance);
        }
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
    }

    /** 100 iterations, tolerance 1e-12. */
    public static NashBargainingSolver defaults() {
        return new NashBargainingSolver(DEFAULT_MAX_ITERATIONS, DEFAULT_TOLERANCE);
    }

    /** The iteration cap. */
    public int maxIterations() {
        return maxIterations;
    }

    /** The residual target. */
    public double tolerance() {
        return tolerance;
    }

    /** Solves from the default start point. */
    public NashResult solve(double[][] gram) {
        return solve(gram, null);
    }

    /**
     * Solves {@code α ⊙ (Gα) = 1}.
     *
     * @param gram      {@code m × m} Gram matrix, symmetric to a relative 1e-9, finite, non-negative diagonal
     * @param warmStart previous α (length m, finite, all &gt; 0) or {@code null} for the default start
     * @return α with status, iterations and residual; never throws for numerical trouble
     * @throws IllegalArgumentException for invalid input
     */
    public NashResult solve(double[][] gram, double[] warmStart) {
        Checks.requireGram("gram", gram);
        int m = gram.length;
        if (warmStart != null) {
            Checks.requireFiniteVector("warmStart", warmStart, m);
            if (warmStart.length != m) {
                throw new IllegalArgumentException("warmStart must have length " + m + ", found " + warmStart.length);
            }
            for (int i = 0; i < m; i++) {
                if (!(warmStart[i] > 0)) {
                    throw new IllegalArgumentException("warmStart[" + i + "] must be > 0, found " + warmStart[i]);
                }
            }
        }
        for (int i = 0; i < m; i++) {
            if (!(gram[i][i] > 0)) {
                LOG.debug("Nash system has no solution: gram[{}][{}] = 0 (zero gradient)", i, i);
                double[] start = warmStart != null ? warmStart.clone() : filled(m, 1.0);
                return new NashResult(start, SolverStatus.FAILED, 0, residual(gram, start));
            }
        }
        double[] dScale = new double[m];
        for (int i = 0; i < m; i++) {
            dScale[i] = 1.0 / Math.sqrt(gram[i][i]);
        }
        double[][] g = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                g[i][j] = 0.5 * (gram[i][j] + gram[j][i]) * dScale[i] * dScale[j];
            }
            g[i][i] = 1.0;
        }
        double[] beta = new double[m];
        if (warmStart != null) {
            for (int i = 0; i < m; i++) {
                beta[i] = warmStart[i] / dScale[i];
            }
        } else {
            double total = 0;
            for (double[] row : g) {
                for (double v : row) {
                    total += v;
                }
            }
            Arrays.fill(beta, total > 1e-12 * m ? 1.0 / Math.sqrt(total / m) : 1.0);
        }

        double[] h = new double[m];
        double[] grad = new double[m];
        double[] step = new double[m];
        double[] trial = new double[m];
        double[][] hessian = new double[m][m];
        int it = 0;
        boolean diverged = false;
        boolean choleskyFailed = false;
        while (true) {
            Checks.multiply(g, beta, h);
            double res = 0;
            for (int i = 0; i < m; i++) {
                res = Math.max(res, Math.abs(beta[i] * h[i] - 1.0));
            }
            if (res <= tolerance || it >= maxIterations) {
                break;
            }
            for (int i = 0; i < m; i++) {
                grad[i] = h[i] - 1.0 / beta[i];
                System.arraycopy(g[i], 0, hessian[i], 0, m);
                hessian[i][i] += 1.0 / (beta[i] * beta[i]);
            }
            if (!DenseLinearAlgebra.cholesky(hessian)) {
                choleskyFailed = true;
                break;
            }
            System.arraycopy(grad, 0, step, 0, m);
            DenseLinearAlgebra.choleskySolve(hessian, step);
            double decrement = Checks.dot(grad, step);
            if (!(decrement > 0) || !Double.isFinite(decrement)) {
                break; // no descent left at working precision
            }
            double t = 1.0;
            int halvings = 0;
            while (!positiveAfterStep(beta, step, t, trial) && halvings < MAX_HALVINGS) {
                t *= 0.5;
                halvings++;
            }
            if (decrement >= PURE_NEWTON_DECREMENT) {
                double phi = phi(g, beta, h);
                while (halvings < MAX_HALVINGS && !(phi(g, trial, null) <= phi - ARMIJO * t * decrement)) {
                    t *= 0.5;
                    halvings++;
                    positiveAfterStep(beta, step, t, trial);
                }
            }
            if (halvings >= MAX_HALVINGS) {
                break; // line search stalled
            }
            System.arraycopy(trial, 0, beta, 0, m);
            it++;
            if (Checks.maxAbs(beta) > DIVERGENCE_BOUND) {
                diverged = true;
                break;
            }
        }
        double[] alpha = new double[m];
        for (int i = 0; i < m; i++) {
            alpha[i] = beta[i] * dScale[i];
        }
        double residual = residual(gram, alpha);
        SolverStatus status;
        if (diverged || choleskyFailed || !Double.isFinite(residual)) {
            status = SolverStatus.FAILED;
        } else if (residual <= tolerance) {
            status = SolverStatus.OPTIMAL;
        } else if (residual <= APPROXIMATE_RESIDUAL) {
            status = SolverStatus.APPROXIMATE;
        } else {
            status = SolverStatus.FAILED;
        }
        if (status != SolverStatus.OPTIMAL) {
            LOG.debug("Nash solve {} after {} iterations: residual {}, diverged {}, cholesky failed {}",
                    status, it, residual, diverged, choleskyFailed);
        }
        if (!Checks.allFinite(alpha)) {
            alpha = warmStart != null ? warmStart.clone() : filled(m, 1.0);
        }
        return new NashResult(alpha, status, it, residual);
    }

    /** {@code max_i |α_i (Gα)_i − 1|} for any α; {@code +∞} if not finite. */
    public static double residual(double[][] gram, double[] alpha) {
        Checks.requireSymmetric("gram", gram);
        if (alpha == null || alpha.length != gram.length) {
            throw new IllegalArgumentException("alpha must have length " + gram.length + ", found "
                    + (alpha == null ? "null" : String.valueOf(alpha.length)));
        }
        int m = alpha.length;
        double[] h = new double[m];
        Checks.multiply(gram, alpha, h);
        double r = 0;
        for (int i = 0; i < m; i++) {
            r = Math.max(r, Math.abs(alpha[i] * h[i] - 1.0));
        }
        return Double.isFinite(r) ? r : Double.POSITIVE_INFINITY;
    }

    private static boolean positiveAfterStep(double[] beta, double[] step, double t, double[] out) {
        boolean ok = true;
        for (int i = 0; i < beta.length; i++) {
            out[i] = beta[i] - t * step[i];
            ok &= out[i] > 0;
        }
        return ok;
    }

    /** {@code ½βᵀGβ − Σ log β}; {@code h = Gβ} may be passed when known. */
    private static double phi(double[][] g, double[] beta, double[] h) {
        double quad = h != null ? Checks.dot(beta, h) : Checks.quadratic(g, beta);
        double logs = 0;
        for (double b : beta) {
            logs += Math.log(b);
        }
        return 0.5 * quad - logs;
    }

    private static double[] filled(int m, double v) {
        double[] a = new double[m];
        Arrays.fill(a, v);
        return a;
    }
}
