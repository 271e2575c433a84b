package org.mtl4j.weighting.solver;

import java.util.Arrays;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Min-norm point of the convex hull of the task gradients, the MGDA subproblem (algorithms.md
 * §0.6, kernel K2; §6):
 *
 * <pre>
 *   λ* = argmin_{λ ∈ Δ} λᵀ G λ,     G_ij = ⟨g_i, g_j⟩,   d = Σ λ*_i g_i
 *   KKT:  (Gλ*)_i ≥ λ*ᵀGλ*  for all i,  with equality where λ*_i > 0
 *         (i.e. ⟨g_i, d⟩ ≥ ‖d‖², equality on the support)
 * </pre>
 *
 * <ul>
 *   <li>{@code m = 1}: {@code λ = (1)}.</li>
 *   <li>{@code m = 2}: closed form, {@code γ} the weight on vector 1:
 *       {@code γ = 1} if {@code G_12 ≥ G_11}; {@code γ = 0} if {@code G_12 ≥ G_22}; otherwise
 *       {@code γ = (G_22 − G_12)/(G_11 + G_22 − 2G_12)}. With {@code sentinels = true} the values 1/0
 *       are replaced by 0.999/0.001 as in the Sener &amp; Koltun code and LibMTL (bit parity).</li>
 *   <li>{@code m ≥ 3} with a zero row ({@code G_ii = 0}, a zero gradient): {@code λ = e_i} for the
 *       first such i (objective 0, optimal), for every method.</li>
 *   <li>{@code m ≥ 3}: per {@link Method}.</li>
 * </ul>
 *
 * <p>EXACT_QP and FRANK_WOLFE work on {@code G / max_i G_ii} (the minimiser is scale invariant).
 * SENER_KOLTUN works on the raw {@code G}, because the reference's 1e-7 step-length filter is
 * scale dependent. The returned status is {@link SolverStatus#OPTIMAL} when
 * {@link #kktResidual} ≤ {@value #OPTIMALITY_TOLERANCE}{@code ·max_i G_ii}, else
 * {@link SolverStatus#APPROXIMATE}; the m = 1 and m = 2 closed forms and the zero-row case are
 * reported OPTIMAL (also with sentinels, which reproduce the reference deliberately).
 *
 * <p>References: J.-A. Désidéri, "Multiple-gradient descent algorithm (MGDA) for multiobjective
 * optimization", C. R. Math. 2012; O. Sener, V. Koltun, "Multi-Task Learning as Multi-Objective
 * Optimization", NeurIPS 2018, code {@code github.com/isl-org/MultiObjectiveOptimization}
 * ({@code multi_task/min_norm_solvers.py}); S. Lacoste-Julien, M. Jaggi, "On the Global Linear
 * Convergence of Frank-Wolfe Optimization Variants", NeurIPS 2015 (pairwise steps).
 *
 * <pre>{@code
 * MinNormResult r = MinNormSolver.defaults().solve(gram);   // gram = J Jᵀ, m × m
 * double[] lambda = r.weights();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class MinNormSolver {

    /** Algorithm for {@code m ≥ 3}. */
    public enum Method {
        /**
         * Exact solution of the QP {@code min λᵀGλ, λ ∈ Δ} (default). Fast path: at most {@code 20m + 50}
         * pairwise Frank–Wolfe steps to find the support, then Wolfe's min-norm-point active-set method
         * (P. Wolfe, Math. Programming 1976; exact solves of the bordered system on the support), accepted
         * when the KKT residual is ≤ {@value MinNormSolver#OPTIMALITY_TOLERANCE} (normalised). Fallback, if that does not verify: the QP solved by
         * the {@link QpSolver} ({@link OjAlgoQpSolver} by default), then polished by pairwise Frank–Wolfe to
         * a gap of 1e-12; the point with the smaller KKT residual of the two is returned.
         * {@code iterations} counts Frank–Wolfe steps plus linear solves.
         */
        EXACT_QP,
        /**
         * The reference iteration of Sener &amp; Koltun / LibMTL {@code _find_min_norm_element}: best pair
         * start, projected descent direction {@code r = −Gλ + mean(Gλ)}, step to the nearest face
         * (candidates &gt; 1e-7; {@code s = min(1, candidates of r_k > 0)} when no {@code r_k < 0}
         * candidate exists, as in that code), simplex projection (K1), exact line search by the
         * two-point closed form, at most {@value #SENER_KOLTUN_MAX_ITER} iterations, stop when
         * {@code ‖Δλ‖₁ < 1e-5} returning the previous λ. Its accuracy is limited by that stopping rule
         * (KKT residuals up to ~3e-4·‖G‖ were observed), so the status is often APPROXIMATE. Note: the
         * upstream loops never increment their iteration counter, so upstream has no effective cap; the
         * cap of 250 follows algorithms.md §0.6.
         */
        SENER_KOLTUN,
        /**
         * Frank–Wolfe with pairwise (away-to-toward) steps and exact line search, started at
         * {@code 1/m}; stops when {@code max_{λ_i>0}(Gλ)_i − min_i(Gλ)_i ≤ 1e-12} (normalised), at most
         * {@value #FRANK_WOLFE_MAX_ITER} iterations. Linear convergence on the simplex; no ojAlgo.
         */
        FRANK_WOLFE
    }

    /** Iteration cap of the Sener &amp; Koltun reference ({@code MAX_ITER}). */
    public static final int SENER_KOLTUN_MAX_ITER = 250;
    /** Stopping threshold of the Sener &amp; Koltun reference on {@code ‖Δλ‖₁} ({@code STOP_CRIT}). */
    public static final double SENER_KOLTUN_STOP = 1e-5;
    /** Iteration cap of the pairwise Frank–Wolfe method and of the EXACT_QP polish. */
    public static final int FRANK_WOLFE_MAX_ITER = 100_000;
    /** Pairwise duality-gap target of the Frank–Wolfe method, relative to {@code max_i G_ii}. */
    public static final double FRANK_WOLFE_GAP = 1e-12;
    /** KKT residual, relative to {@code max_i G_ii}, below which the status is OPTIMAL. */
    public static final double OPTIMALITY_TOLERANCE = 1e-8;

    private static final Logger LOG = LoggerFactory.getLogger(MinNormSolver.class);
    private static final double SENTINEL_HIGH = 0.999;
    private static final double SENTINEL_LOW = 0.001;
    private static final double SENER_KOLTUN_MIN_STEP = 1e-7;
    private static final int FRANK_WOLFE_REFRESH = 64;

    private static final double ACTIVE_SET_TOLERANCE = 1e-13;
    /**
     * The active-set point is accepted when it meets the same normalised KKT tolerance that defines
     * OPTIMAL; only unverified points go to the (slow, on rank-deficient G up to ~100 ms) QP backend.
     */
    private static final double ACTIVE_SET_ACCEPT = OPTIMALITY_TOLERANCE;

    private final Method method;
    private final boolean sentinels;
    private final QpSolver qpSolver;
    private final boolean activeSetFirst;

    /**
     * @param method    algorithm for {@code m ≥ 3}; default {@link Method#EXACT_QP}
     * @param sentinels {@code true} to return 0.999/0.001 instead of 1/0 from the two-vector closed form
     *                  (Sener &amp; Koltun / LibMTL parity, also inside the SENER_KOLTUN iteration); default
     *                  {@code false}
     */
    public MinNormSolver(Method method, boolean sentinels) {
        this(method, sentinels, new OjAlgoQpSolver());
    }

    /**
     * As {@link #MinNormSolver(Method, boolean)} with an explicit QP backend for {@link Method#EXACT_QP}.
     */
    public MinNormSolver(Method method, boolean sentinels, QpSolver qpSolver) {
        this(method, sentinels, qpSolver, true);
    }

    /** Package-private: {@code activeSetFirst = false} forces EXACT_QP onto its QP-backend path (tests). */
    MinNormSolver(Method method, boolean sentinels, QpSolver qpSolver, boolean activeSetFirst) {
        if (method == null) {
            throw new IllegalArgumentException("method must not be null; expected one of " + Arrays.toString(Method.values()));
        }
        if (qpSolver == null) {
            throw new IllegalArgumentException("qpSolver must not be null");
        }
        this.method = method;
        this.sentinels = sentinels;
        this.qpSolver = qpSolver;
        this.activeSetFirst = activeSetFirst;
    }

    /** EXACT_QP without sentinels (the recommendation of algorithms.md §0.6). */
    public static MinNormSolver defaults() {
        return new MinNormSolver(Method.EXACT_QP, false);
    }

    /** The configured method. */
    public Method method() {
        return method;
    }

    /** Whether the 0.999/0.001 sentinels are used. */
    public boolean sentinels() {
        return sentinels;
    }

    /**
     * Solves {@code argmin_{λ∈Δ} λᵀGλ}.
     *
     * @param gram the {@code m × m} Gram matrix ({@code m ≥ 1}), symmetric to a relative 1e-9, finite,
     *             with non-negative diagonal; positive semi-definite (rank-deficient and zero allowed)
     * @return λ with status and iteration count; numerical trouble gives APPROXIMATE, never an exception
     * @throws IllegalArgumentException for invalid input
     */
    public MinNormResult solve(double[][] gram) {
        Checks.requireGram("gram", gram);
        int m = gram.length;
        if (m == 1) {
            return new MinNormResult(new double[] {1.0}, SolverStatus.OPTIMAL, 0);
        }
        if (m == 2) {
            double gamma = twoPointWeight(gram[0][0], 0.5 * (gram[0][1] + gram[1][0]), gram[1][1], sentinels);
            return new MinNormResult(new double[] {gamma, 1.0 - gamma}, SolverStatus.OPTIMAL, 0);
        }
        for (int i = 0; i < m; i++) {
            if (gram[i][i] == 0.0) {
                double[] e = new double[m];
                e[i] = 1.0;
                return new MinNormResult(e, SolverStatus.OPTIMAL, 0);
            }
        }
        double maxDiag = 0;
        for (int i = 0; i < m; i++) {
            maxDiag = Math.max(maxDiag, gram[i][i]);
        }
        double[] lambda;
        int iterations;
        double[][] normalised = Checks.symmetrisedCopy(gram, 1.0 / maxDiag);
        switch (method) {
            case SENER_KOLTUN -> {
                double[][] raw = Checks.symmetrisedCopy(gram, 1.0);
                int[] it = new int[1];
                lambda = senerKoltun(raw, it);
                iterations = it[0];
            }
            case FRANK_WOLFE -> {
                lambda = new double[m];
                Arrays.fill(lambda, 1.0 / m);
                iterations = pairwiseFrankWolfe(normalised, lambda, FRANK_WOLFE_MAX_ITER, FRANK_WOLFE_GAP);
            }
            case EXACT_QP -> {
                lambda = new double[m];
                Arrays.fill(lambda, 1.0 / m);
                iterations = activeSetFirst ? pairwiseFrankWolfe(normalised, lambda, 20 * m + 50, 1e-9) : 0;
                int solves = activeSetFirst ? WolfeMinNormPoint.solve(normalised, lambda, ACTIVE_SET_TOLERANCE) : -1;
                iterations += Math.max(solves, 0);
                double activeSetResidual = activeSetFirst ? kktResidual(normalised, lambda) : Double.POSITIVE_INFINITY;
                if (!(activeSetResidual <= ACTIVE_SET_ACCEPT)) {
                    if (activeSetFirst) {
                        LOG.debug("active-set min-norm did not verify (m={}, residual {}); using the QP backend",
                                m, activeSetResidual);
                    }
                    double[] backend = exactQpStart(normalised);
                    iterations += pairwiseFrankWolfe(normalised, backend, FRANK_WOLFE_MAX_ITER, FRANK_WOLFE_GAP);
                    if (kktResidual(normalised, backend) < activeSetResidual) {
                        lambda = backend;
                    }
                }
            }
            default -> throw new IllegalStateException("unhandled method " + method);
        }
        double residual = kktResidual(normalised, lambda);
        SolverStatus status = residual <= OPTIMALITY_TOLERANCE ? SolverStatus.OPTIMAL : SolverStatus.APPROXIMATE;
        if (status != SolverStatus.OPTIMAL) {
            LOG.debug("min-norm {} stopped with relative KKT residual {} after {} iterations (m={})",
                    method, residual, iterations, m);
        }
        return new MinNormResult(lambda, status, iterations);
    }

    /**
     * KKT residual of {@code λ} for {@code min_{λ∈Δ} λᵀGλ}, in the units of {@code G}:
     * <pre>
     *   max( max_i (λᵀGλ − (Gλ)_i)⁺,  max_{i: λ_i > 0} |(Gλ)_i − λᵀGλ| )
     * </pre>
     * It is 0 exactly at the minimiser; {@code λ} is assumed to lie on the simplex.
     *
     * @param gram   symmetric {@code m × m} matrix
     * @param lambda point on the simplex, length {@code m}
     */
    public static double kktResidual(double[][] gram, double[] lambda) {
        Checks.requireSymmetric("gram", gram);
        Checks.requireFiniteVector("lambda", lambda, gram.length);
        if (lambda.length != gram.length) {
            throw new IllegalArgumentException("lambda must have length " + gram.length + ", found " + lambda.length);
        }
        int m = gram.length;
        double[] h = new double[m];
        Checks.multiply(gram, lambda, h);
        double f = Checks.dot(lambda, h);
        double r = 0;
        for (int i = 0; i < m; i++) {
            r = Math.max(r, f - h[i]);
            if (lambda[i] > 0) {
                r = Math.max(r, Math.abs(h[i] - f));
            }
        }
        return r;
    }

    /**
     * Two-vector closed form: the weight {@code γ} on the first vector of {@code min ‖γa + (1−γ)b‖²}
     * given {@code aa = ‖a‖², ab = ⟨a,b⟩, bb = ‖b‖²}.
     */
    static double twoPointWeight(double aa, double ab, double bb, boolean sentinels) {
        if (ab >= aa) {
            return sentinels ? SENTINEL_HIGH : 1.0;
        }
        if (ab >= bb) {
            return sentinels ? SENTINEL_LOW : 0.0;
        }
        double gamma = (bb - ab) / ((aa - ab) + (bb - ab));
        return Math.min(1.0, Math.max(0.0, gamma));
    }

    private double[] exactQpStart(double[][] normalised) {
        int m = normalised.length;
        QpSolution s = qpSolver.solve(QpProblem.onSimplex(normalised, new double[m]));
        double[] lambda = new double[m];
        double sum = 0;
        if (s.status() != SolverStatus.FAILED) {
            double[] x = s.x();
            for (int i = 0; i < m; i++) {
                lambda[i] = Math.max(0.0, x[i]);
                sum += lambda[i];
            }
        } else {
            LOG.debug("QP backend failed on the min-norm problem (m={}); polishing from 1/m", m);
        }
        if (!(sum > 0) || !Double.isFinite(sum)) {
            Arrays.fill(lambda, 1.0 / m);
        } else {
            for (int i = 0; i < m; i++) {
                lambda[i] /= sum;
            }
        }
        return lambda;
    }

    /**
     * Pairwise Frank–Wolfe from {@code lambda} (modified in place) on a matrix with unit max diagonal, until
     * the pairwise gap {@code max_{λ_i>0}(Gλ)_i − min_i(Gλ)_i} is ≤ {@code gapTolerance} or after
     * {@code maxIterations} steps.
     * Each step moves mass from the active vertex with the largest {@code (Gλ)_i} to the vertex with the
     * smallest, with exact line search, so dropped coordinates become exactly 0.
     *
     * @return iterations performed
     */
    static int pairwiseFrankWolfe(double[][] g, double[] lambda, int maxIterations, double gapTolerance) {
        int m = lambda.length;
        double[] h = new double[m];
        Checks.multiply(g, lambda, h);
        int it = 0;
        int sinceRefresh = 0;
        while (true) {
            int toward = 0;
            int away = -1;
            for (int i = 0; i < m; i++) {
                if (h[i] < h[toward]) {
                    toward = i;
                }
                if (lambda[i] > 0 && (away < 0 || h[i] > h[away])) {
                    away = i;
                }
            }
            double gap = h[away] - h[toward];
            if (gap <= gapTolerance || it >= maxIterations) {
                if (sinceRefresh == 0 || it >= maxIterations) {
                    return it;
                }
                Checks.multiply(g, lambda, h); // confirm with exact products before stopping
                sinceRefresh = 0;
                continue;
            }
            double curvature = g[toward][toward] + g[away][away] - 2.0 * g[toward][away];
            double step = curvature > 0 ? Math.min(gap / curvature, lambda[away]) : lambda[away];
            if (step >= lambda[away]) {
                step = lambda[away];
                lambda[away] = 0.0;
            } else {
                lambda[away] -= step;
            }
            lambda[toward] += step;
            it++;
            if (++sinceRefresh >= FRANK_WOLFE_REFRESH) {
                Checks.multiply(g, lambda, h);
                sinceRefresh = 0;
            } else {
                double[] gt = g[toward];
                double[] ga = g[away];
                for (int i = 0; i < m; i++) {
                    h[i] += step * (gt[i] - ga[i]);
                }
            }
        }
    }

    private double[] senerKoltun(double[][] g, int[] iterations) {
        int m = g.length;
        double[] lambda = new double[m];
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                double gamma = twoPointWeight(g[i][i], g[i][j], g[j][j], false);
                double cost = gamma * gamma * g[i][i] + 2 * gamma * (1 - gamma) * g[i][j]
                        + (1 - gamma) * (1 - gamma) * g[j][j];
                if (cost < best) {
                    best = cost;
                    double w = sentinels ? twoPointWeight(g[i][i], g[i][j], g[j][j], true) : gamma;
                    Arrays.fill(lambda, 0.0);
                    lambda[i] = w;
                    lambda[j] = 1 - w;
                }
            }
        }
        double[] gl = new double[m];
        double[] r = new double[m];
        double[] next = new double[m];
        double[] gn = new double[m];
        int it = 0;
        while (it < SENER_KOLTUN_MAX_ITER) {
            it++;
            Checks.multiply(g, lambda, gl);
            double mean = 0;
            for (int k = 0; k < m; k++) {
                mean -= gl[k];
            }
            mean /= m;
            for (int k = 0; k < m; k++) {
                r[k] = -gl[k] - mean;
            }
            double stepNeg = Double.POSITIVE_INFINITY;
            double stepPos = Double.POSITIVE_INFINITY;
            for (int k = 0; k < m; k++) {
                if (r[k] < 0) {
                    double t = -lambda[k] / r[k];
                    if (t > SENER_KOLTUN_MIN_STEP) {
                        stepNeg = Math.min(stepNeg, t);
                    }
                } else if (r[k] > 0) {
                    double t = (1.0 - lambda[k]) / r[k];
                    if (t > SENER_KOLTUN_MIN_STEP) {
                        stepPos = Math.min(stepPos, t);
                    }
                }
            }
            double s = Double.isFinite(stepNeg) ? stepNeg : 1.0;
            s = Math.min(s, stepPos);
            for (int k = 0; k < m; k++) {
                next[k] = lambda[k] + s * r[k];
            }
            double[] nu = SimplexProjection.project(next);
            Checks.multiply(g, nu, gn);
            double ll = Checks.dot(lambda, gl);
            double ln = Checks.dot(lambda, gn);
            double nn = Checks.dot(nu, gn);
            double c = twoPointWeight(ll, ln, nn, sentinels);
            double change = 0;
            for (int k = 0; k < m; k++) {
                next[k] = c * lambda[k] + (1 - c) * nu[k];
                change += Math.abs(next[k] - lambda[k]);
            }
            if (change < SENER_KOLTUN_STOP) {
                break;
            }
            System.arraycopy(next, 0, lambda, 0, m);
        }
        iterations[0] = it;
        return lambda;
    }
}
