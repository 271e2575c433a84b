package org.mtl4j.weighting.solver;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Non-negativity-shifted QP of UPGrad (algorithms.md §0.6 kernel K3, §18):
 *
 * <pre>
 *   v* = argmin_v vᵀ Ĝ v   subject to  v ≥ u  (element-wise),   Ĝ ≻ 0
 *   KKT:  (Ĝv)_k = 0 where v_k > u_k,   (Ĝv)_k ≥ 0 where v_k = u_k
 *   regularisation (§18):  tr = Σ G_ii;  Ĝ = (tr &lt; normEps ? 0 : G/tr) + regEps·I
 *   cyclic coordinate descent from v = u:
 *     v_k ← max(u_k, −(Σ_{j≠k} Ĝ_kj v_j)/Ĝ_kk)   for k = 1..m, until max_k |Δv_k| &lt; tolerance
 * </pre>
 *
 * <p>Coordinate descent converges linearly but slowly when {@code Ĝ} is ill-conditioned (a
 * rank-deficient {@code G} leaves only {@code regEps} on some directions: hundreds of sweeps at
 * m = 40). Therefore, after the first sweep and every 10 sweeps, a primal active-set method is
 * started from the (feasible) coordinate-descent iterate: exact Cholesky solves
 * {@code Ĝ_FF v_F = −Ĝ_FA u_A} on the free set {@code F}, a step back to the first blocking bound when
 * the solve is infeasible, and release of the bound with the most negative multiplier {@code (Ĝv)_k}
 * otherwise. It ends at a point satisfying the KKT conditions (to {@code 1e-13·max|Ĝ|·max|v|}), which
 * is returned as OPTIMAL; if it does not finish within {@code 4m + 10} steps, coordinate descent
 * continues. The cap is {@code maxSweeps}, after which the status is APPROXIMATE.
 *
 * <p>{@code Jᵀv⁽ⁱ⁾} with {@code u = pref_i e_i} is the projection of {@code pref_i g_i} onto the dual cone
 * {@code {x : Jx ≥ 0}}; {@link #dualConeWeights} returns UPGrad's {@code w = Σ_i v⁽ⁱ⁾}.
 *
 * <p>Reference: P. Quinton, V. Rey, "Jacobian Descent for Multi-Objective Optimization",
 * arXiv 2406.16232; code {@code github.com/TorchJD/torchjd} ({@code aggregation/_upgrad.py},
 * {@code _utils/dual_cone.py}, which uses quadprog instead of coordinate descent).
 *
 * <pre>{@code
 * double[] w = ShiftedNonNegQp.defaults().dualConeWeights(gram, pref).v();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ShiftedNonNegQp {

    /** Default trace threshold below which the normalised Gram is taken as 0 (§18 {@code normEps}). */
    public static final double DEFAULT_NORM_EPS = 1e-4;
    /** Default ridge added after normalisation (§18 {@code regEps}). */
    public static final double DEFAULT_REG_EPS = 1e-4;
    /** Default sweep cap. */
    public static final int DEFAULT_MAX_SWEEPS = 10_000;
    /** Default stopping threshold on {@code max_k |Δv_k|} in a sweep. */
    public static final double DEFAULT_TOLERANCE = 1e-12;

    private static final Logger LOG = LoggerFactory.getLogger(ShiftedNonNegQp.class);
    private static final int POLISH_EVERY = 10;

    private final double normEps;
    private final double regEps;
    private final int maxSweeps;
    private final double tolerance;

    /**
     * @param normEps   ≥ 0; if {@code tr(G) < normEps} the normalised Gram is 0 (default 1e-4)
     * @param regEps    &gt; 0, ridge on the trace-normalised Gram (default 1e-4)
     * @param maxSweeps ≥ 1, coordinate-descent sweep cap (default 10 000)
     * @param tolerance &gt; 0, stop when no coordinate moved by more than this in a sweep (default 1e-12)
     */
    public ShiftedNonNegQp(double normEps, double regEps, int maxSweeps, double tolerance) {
        if (!(normEps >= 0) || !Double.isFinite(normEps)) {
            throw new IllegalArgumentException("normEps must be finite and >= 0, found " + normEps);
        }
        if (!(regEps > 0) || !Double.isFinite(regEps)) {
            throw new IllegalArgumentException("regEps must be finite and > 0, found " + regEps);
        }
        if (maxSweeps < 1) {
            throw new IllegalArgumentException("maxSweeps must be >= 1, found " + maxSweeps);
        }
        if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be finite and > 0, found " + tolerance);
        }
        this.normEps = normEps;
        this.regEps = regEps;
        this.maxSweeps = maxSweeps;
        this.tolerance = tolerance;
    }

    /** normEps 1e-4, regEps 1e-4, 10 000 sweeps, tolerance 1e-12 (torchjd / LibMTL defaults for UPGrad). */
    public static ShiftedNonNegQp defaults() {
        return new ShiftedNonNegQp(DEFAULT_NORM_EPS, DEFAULT_REG_EPS, DEFAULT_MAX_SWEEPS, DEFAULT_TOLERANCE);
    }

    /** The §18 regularised matrix {@code Ĝ = (tr(G) < normEps ? 0 : G/tr(G)) + regEps·I} (a new array). */
    public double[][] regularise(double[][] gram) {
        Checks.requireGram("gram", gram);
        int m = gram.length;
        double trace = 0;
        for (int i = 0; i < m; i++) {
            trace += gram[i][i];
        }
        double[][] r = trace < normEps ? new double[m][m] : Checks.symmetrisedCopy(gram, 1.0 / trace);
        for (int i = 0; i < m; i++) {
            r[i][i] += regEps;
        }
        return r;
    }

    /** Regularises {@code gram} as in §18, then solves {@code min vᵀĜv s.t. v ≥ u}. */
    public ShiftedQpResult solve(double[][] gram, double[] u) {
        return solveRegularised(regularise(gram), u);
    }

    /**
     * Solves {@code min vᵀĜv s.t. v ≥ u} for a caller-prepared {@code Ĝ} (no further regularisation).
     *
     * @param gHat symmetric {@code m × m}, positive definite (a positive diagonal is required)
     * @param u    lower bound, length {@code m}, finite
     */
    public ShiftedQpResult solveRegularised(double[][] gHat, double[] u) {
        Checks.requireSymmetric("gHat", gHat);
        int m = gHat.length;
        Checks.requireFiniteVector("u", u, m);
        if (u.length != m) {
            throw new IllegalArgumentException("u must have length " + m + ", found " + u.length);
        }
        for (int k = 0; k < m; k++) {
            if (!(gHat[k][k] > 0)) {
                throw new IllegalArgumentException("gHat[" + k + "][" + k + "] must be > 0 (positive definite), found "
                        + gHat[k][k]);
            }
        }
        return coordinateDescent(Checks.symmetrisedCopy(gHat, 1.0), u);
    }

    /**
     * UPGrad's weights: {@code w = Σ_i v⁽ⁱ⁾} with {@code v⁽ⁱ⁾ = argmin_{v ≥ pref_i e_i} vᵀĜv} on the §18
     * regularised Gram, so that {@code d = Σ_j w_j g_j}.
     *
     * @param gram {@code m × m} Gram matrix
     * @param pref preference vector (length m, finite; UPGrad's default is {@code 1/m})
     * @return {@code w}, the worst status of the {@code m} sub-problems and the total number of sweeps
     */
    public ShiftedQpResult dualConeWeights(double[][] gram, double[] pref) {
        double[][] gHat = regularise(gram);
        int m = gHat.length;
        Checks.requireFiniteVector("pref", pref, m);
        if (pref.length != m) {
            throw new IllegalArgumentException("pref must have length " + m + ", found " + pref.length);
        }
        double[] w = new double[m];
        SolverStatus worst = SolverStatus.OPTIMAL;
        int sweeps = 0;
        double[] u = new double[m];
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(u, 0.0);
            u[i] = pref[i];
            ShiftedQpResult r = coordinateDescent(gHat, u);
            double[] v = r.v();
            for (int k = 0; k < m; k++) {
                w[k] += v[k];
            }
            sweeps += r.sweeps();
            if (r.status().ordinal() > worst.ordinal()) {
                worst = r.status();
            }
        }
        return new ShiftedQpResult(w, worst, sweeps);
    }

    private ShiftedQpResult coordinateDescent(double[][] g, double[] u) {
        int m = g.length;
        double[] v = u.clone();
        double[] h = new double[m];
        int sweep = 0;
        while (sweep < maxSweeps) {
            Checks.multiply(g, v, h);
            double maxChange = 0;
            for (int k = 0; k < m; k++) {
                double off = h[k] - g[k][k] * v[k];
                double next = Math.max(u[k], -off / g[k][k]);
                double delta = next - v[k];
                if (delta != 0) {
                    v[k] = next;
                    double[] gk = g[k];
                    for (int j = 0; j < m; j++) {
                        h[j] += delta * gk[j];
                    }
                    maxChange = Math.max(maxChange, Math.abs(delta));
                }
            }
            sweep++;
            if (maxChange < tolerance) {
                return new ShiftedQpResult(v, SolverStatus.OPTIMAL, sweep);
            }
            if (sweep == 1 || sweep % POLISH_EVERY == 0) {
                double[] polished = activeSetFinish(g, u, v);
                if (polished != null) {
                    return new ShiftedQpResult(polished, SolverStatus.OPTIMAL, sweep);
                }
            }
        }
        LOG.debug("shifted QP reached the sweep cap {} (m={})", maxSweeps, m);
        return new ShiftedQpResult(v, SolverStatus.APPROXIMATE, sweep);
    }

    /**
     * Primal active-set method warm-started at the feasible CD iterate {@code v}: solve exactly on the free
     * set, step back to the first blocking bound when the solve leaves the feasible region, release the bound
     * with the most negative multiplier {@code (Ĝx)_k} when it is optimal on its free set. Returns the verified
     * KKT point, or null (then coordinate descent continues).
     */
    private static double[] activeSetFinish(double[][] g, double[] u, double[] v) {
        int m = g.length;
        double[] x = v.clone();
        boolean[] free = new boolean[m];
        for (int k = 0; k < m; k++) {
            free[k] = x[k] > u[k];
        }
        double[] h = new double[m];
        double tol = 1e-13 * Checks.maxAbs(g);
        for (int iter = 0; iter < 4 * m + 10; iter++) {
            double[] y = solveOnFreeSet(g, u, free);
            if (y == null) {
                return null;
            }
            double theta = 1.0;
            int blocking = -1;
            for (int k = 0; k < m; k++) {
                if (free[k] && y[k] < u[k]) {
                    double t = (x[k] - u[k]) / (x[k] - y[k]);
                    if (t < theta) {
                        theta = t;
                        blocking = k;
                    }
                }
            }
            if (blocking >= 0) {
                for (int k = 0; k < m; k++) {
                    if (free[k]) {
                        x[k] += theta * (y[k] - x[k]);
                        if (k == blocking || x[k] <= u[k]) {
                            x[k] = u[k];
                            free[k] = false;
                        }
                    }
                }
                continue;
            }
            System.arraycopy(y, 0, x, 0, m);
            Checks.multiply(g, x, h);
            int release = -1;
            for (int k = 0; k < m; k++) {
                if (!free[k] && h[k] < -tol * Math.max(Checks.maxAbs(x), Double.MIN_NORMAL)
                        && (release < 0 || h[k] < h[release])) {
                    release = k;
                }
            }
            if (release < 0) {
                return x;
            }
            free[release] = true;
        }
        return null;
    }

    /** {@code y = u} off the free set and {@code Ĝ_FF y_F = −Ĝ_FA u_A} on it (Cholesky); null if not SPD. */
    private static double[] solveOnFreeSet(double[][] g, double[] u, boolean[] free) {
        int m = g.length;
        int[] idx = new int[m];
        int nf = 0;
        for (int k = 0; k < m; k++) {
            if (free[k]) {
                idx[nf++] = k;
            }
        }
        double[] y = u.clone();
        if (nf == 0) {
            return y;
        }
        double[][] a = new double[nf][nf];
        double[] b = new double[nf];
        for (int p = 0; p < nf; p++) {
            double[] gi = g[idx[p]];
            double s = 0;
            for (int j = 0; j < m; j++) {
                if (!free[j]) {
                    s -= gi[j] * u[j];
                }
            }
            b[p] = s;
            for (int q = 0; q < nf; q++) {
                a[p][q] = gi[idx[q]];
            }
        }
        if (!DenseLinearAlgebra.cholesky(a)) {
            return null;
        }
        DenseLinearAlgebra.choleskySolve(a, b);
        for (int p = 0; p < nf; p++) {
            if (!Double.isFinite(b[p])) {
                return null;
            }
            y[idx[p]] = b[p];
        }
        return y;
    }
}
