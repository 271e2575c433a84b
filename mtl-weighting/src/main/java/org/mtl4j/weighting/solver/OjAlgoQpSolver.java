package org.mtl4j.weighting.solver;

import java.util.ArrayList;
import java.util.List;

import org.ojalgo.matrix.store.R064Store;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.convex.ConvexSolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link QpSolver} backed by ojAlgo's {@code ConvexSolver} builder (ojAlgo 57.1.0), with an active-set
 * polish and an independent optimality check. This is the only class of the project that imports
 * ojAlgo (style rule R11).
 *
 * <p><b>Mapping.</b> ojAlgo minimises {@code ½xᵀQx − Cᵀx} (note the minus) subject to
 * {@code AE x = BE}, {@code AI x ≤ BI} with free variables, so this class passes {@code C = −c}. The
 * objective is divided by {@code s = max(max|Q|, max|c|)} (same minimiser) and each constraint row by
 * its largest absolute coefficient; all-zero rows are dropped when satisfied ({@code 0 ≤ b},
 * {@code 0 = 0}) and make the problem {@link SolverStatus#FAILED} otherwise. Every solve uses fresh
 * {@code Optimisation.Options} (with {@code sparse = false}, which selects ojAlgo's dense direct
 * active-set solver, several times faster on these small dense problems than the default);
 * ojAlgo's static registries are never touched.
 *
 * <p><b>Why a polish.</b> On singular {@code Q} (rank-deficient Gram matrices, the normal case here)
 * ojAlgo 57.1.0 sometimes reports {@code OPTIMAL} for points that are infeasible by orders of
 * magnitude, and its feasible answers are accurate to about 1e-8 only. So the ojAlgo point is used
 * as a guess of the active set {@code 𝒜 = {i : b_i − a_i x ≤ τ}} (τ ∈ {1e-7, 1e-5, 1e-9}), and the
 * equality-constrained KKT system
 * <pre>
 *   [ Q   Eᵀ  A_𝒜ᵀ ] [x]   [−c ]
 *   [ E   0   0    ] [y] = [ e ]
 *   [ A_𝒜 0   0    ] [z]   [b_𝒜]
 * </pre>
 * is solved (regularised by 1e-10 and refined iteratively, so singular {@code Q} and redundant rows
 * are fine). The polished point is accepted as {@link SolverStatus#OPTIMAL} only if it is feasible to
 * 1e-9, its inequality multipliers are ≥ −1e-9 and the stationarity residual is ≤ 1e-9 (relative,
 * in the scaled problem): these are the KKT conditions, so OPTIMAL is verified independently of
 * ojAlgo's own state. If no active-set guess verifies, ojAlgo is re-run with a ridge {@code 1e-10·I},
 * then with a ridge {@code 1e-8·I} and extended precision. If nothing verifies, the best ojAlgo point
 * that is feasible to 1e-7 is returned as {@link SolverStatus#APPROXIMATE}; otherwise the result is
 * {@link SolverStatus#FAILED} (infeasible, unbounded, or an exception inside ojAlgo). ojAlgo does not
 * expose iteration counts, so {@link QpSolution#iterations()} is the number of ojAlgo runs (1–3).
 *
 * <p><b>Accuracy limits.</b> When the entries of {@code Q} span many orders of magnitude (e.g. a Gram
 * matrix of gradients with norms from 1e-3 to 1e3) ojAlgo's answer can be off by ~1e-7·max|Q| in the
 * objective, the active-set guess does not verify, and the result is APPROXIMATE. For the min-norm
 * problem use {@link MinNormSolver}, which does not depend on this path.
 *
 * <pre>{@code
 * QpSolution s = new OjAlgoQpSolver().solve(QpProblem.onSimplex(gram, new double[m]));
 * }</pre>
 */
public final class OjAlgoQpSolver implements QpSolver {

    private static final Logger LOG = LoggerFactory.getLogger(OjAlgoQpSolver.class);
    private static final double[] RIDGES = {0.0, 1e-10, 1e-8};
    private static final double[] ACTIVE_THRESHOLDS = {1e-7, 1e-5, 1e-9};
    private static final double KKT_TOLERANCE = 1e-9;
    private static final double APPROXIMATE_FEASIBILITY = 1e-7;
    private static final double REGULARISATION = 1e-10;
    private static final int REFINEMENT_STEPS = 30;

    /** Creates a stateless solver. */
    public OjAlgoQpSolver() {
        // stateless
    }

    @Override
    public QpSolution solve(QpProblem problem) {
        if (problem == null) {
            throw new IllegalArgumentException("problem must not be null");
        }
        Scaled sp = Scaled.of(problem);
        if (sp.infeasible) {
            return failed(problem, "a constraint row is all zeros with an unsatisfiable right-hand side", 0);
        }
        double[] fallback = null;
        double fallbackObjective = Double.POSITIVE_INFINITY;
        int runs = 0;
        for (double ridge : RIDGES) {
            runs++;
            double[] x = runOjAlgo(sp, ridge, ridge >= 1e-8);
            if (x == null) {
                continue;
            }
            for (double threshold : ACTIVE_THRESHOLDS) {
                double[] polished = polish(sp, x, threshold);
                if (polished != null) {
                    return new QpSolution(polished, SolverStatus.OPTIMAL, problem.objective(polished), runs);
                }
            }
            if (sp.maxViolation(x) <= APPROXIMATE_FEASIBILITY * sp.rhsScale) {
                double f = problem.objective(x);
                if (f < fallbackObjective) {
                    fallbackObjective = f;
                    fallback = x;
                }
            }
        }
        if (fallback != null) {
            LOG.debug("QP with {} variables: KKT verification failed, returning a feasible ojAlgo point", sp.n);
            return new QpSolution(fallback, SolverStatus.APPROXIMATE, fallbackObjective, runs);
        }
        return failed(problem, "no feasible point found (infeasible, unbounded or numerically failed)", runs);
    }

    /** One ojAlgo run on the scaled problem; null if ojAlgo threw or returned a non-finite point. */
    private static double[] runOjAlgo(Scaled sp, double ridge, boolean extendedPrecision) {
        int n = sp.n;
        R064Store qStore = R064Store.FACTORY.make(n, n);
        R064Store cStore = R064Store.FACTORY.make(n, 1);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                qStore.set(i, j, sp.q[i][j]);
            }
            qStore.set(i, i, sp.q[i][i] + ridge);
            cStore.set(i, 0, -sp.c[i]);
        }
        ConvexSolver.Builder builder = ConvexSolver.newBuilder().objective(qStore, cStore);
        if (sp.e.length > 0) {
            builder.equalities(store(sp.e, n), column(sp.be));
        }
        if (sp.a.length > 0) {
            builder.inequalities(store(sp.a, n), column(sp.ba));
        }
        Optimisation.Options options = new Optimisation.Options();
        options.sparse = Boolean.FALSE; // dense direct active-set (DirectASS): 3-10x faster than the default here
        if (extendedPrecision) {
            options.convex().extendedPrecision(true);
        }
        Optimisation.Result result;
        try {
            result = builder.build(options).solve();
        } catch (RuntimeException e) {
            LOG.debug("ojAlgo ConvexSolver threw on a {}-variable QP (ridge {})", n, ridge, e);
            return null;
        }
        if (result.size() < n) {
            return null;
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = result.doubleValue(i);
        }
        return Checks.allFinite(x) ? x : null;
    }

    /**
     * Solves the KKT system on the active set guessed from {@code x} and verifies all KKT conditions.
     *
     * @return the polished point, or null if it does not verify
     */
    static double[] polish(Scaled sp, double[] x, double threshold) {
        int n = sp.n;
        List<Integer> active = new ArrayList<>();
        for (int r = 0; r < sp.a.length; r++) {
            if (sp.ba[r] - Checks.dot(sp.a[r], x) <= threshold * (1 + Math.abs(sp.ba[r]))) {
                active.add(r);
            }
        }
        int ne = sp.e.length;
        int na = active.size();
        int size = n + ne + na;
        double[][] k = new double[size][size];
        double[] rhs = new double[size];
        for (int i = 0; i < n; i++) {
            System.arraycopy(sp.q[i], 0, k[i], 0, n);
            rhs[i] = -sp.c[i];
        }
        for (int r = 0; r < ne + na; r++) {
            double[] row = r < ne ? sp.e[r] : sp.a[active.get(r - ne)];
            for (int j = 0; j < n; j++) {
                k[n + r][j] = row[j];
                k[j][n + r] = row[j];
            }
            rhs[n + r] = r < ne ? sp.be[r] : sp.ba[active.get(r - ne)];
        }
        double[][] reg = Checks.deepCopy(k);
        for (int i = 0; i < size; i++) {
            reg[i][i] += i < n ? REGULARISATION : -REGULARISATION;
        }
        int[] perm = new int[size];
        if (!DenseLinearAlgebra.lu(reg, perm)) {
            return null;
        }
        double[] sol = new double[size];
        double[] residual = rhs.clone();
        for (int step = 0; step < REFINEMENT_STEPS; step++) {
            double[] delta = DenseLinearAlgebra.luSolve(reg, perm, residual);
            for (int i = 0; i < size; i++) {
                sol[i] += delta[i];
            }
            Checks.multiply(k, sol, residual);
            double rmax = 0;
            for (int i = 0; i < size; i++) {
                residual[i] = rhs[i] - residual[i];
                rmax = Math.max(rmax, Math.abs(residual[i]));
            }
            if (rmax <= 1e-15 * (1 + Checks.maxAbs(rhs))) {
                break;
            }
        }
        if (!Checks.allFinite(sol)) {
            return null;
        }
        double[] xp = java.util.Arrays.copyOf(sol, n);
        // primal feasibility on all rows
        if (sp.maxViolation(xp) > KKT_TOLERANCE * sp.rhsScale) {
            return null;
        }
        // dual feasibility: multipliers of the active inequalities are >= 0 (KKT rows are [Q Aᵀ] so z enters as +Aᵀz)
        double zScale = 1;
        for (int r = 0; r < na; r++) {
            zScale = Math.max(zScale, Math.abs(sol[n + ne + r]));
        }
        for (int r = 0; r < na; r++) {
            if (sol[n + ne + r] < -KKT_TOLERANCE * zScale) {
                return null;
            }
        }
        // stationarity: Qx + c + Eᵀy + A_𝒜ᵀz = 0
        double gradScale = 1 + Checks.maxAbs(sp.c) + Checks.maxAbs(sp.q) * Checks.maxAbs(xp);
        for (int i = 0; i < n; i++) {
            double s = sp.c[i];
            for (int j = 0; j < n; j++) {
                s += sp.q[i][j] * xp[j];
            }
            for (int r = 0; r < ne + na; r++) {
                double[] row = r < ne ? sp.e[r] : sp.a[active.get(r - ne)];
                s += row[i] * sol[n + r];
            }
            if (Math.abs(s) > KKT_TOLERANCE * gradScale * Math.max(1, zScale)) {
                return null;
            }
        }
        return xp;
    }

    private static QpSolution failed(QpProblem problem, String reason, int runs) {
        LOG.debug("QP with {} variables failed: {}", problem.dimension(), reason);
        double[] x = new double[problem.dimension()];
        return new QpSolution(x, SolverStatus.FAILED, problem.objective(x), runs);
    }

    private static R064Store store(double[][] a, int n) {
        R064Store m = R064Store.FACTORY.make(a.length, n);
        for (int r = 0; r < a.length; r++) {
            for (int j = 0; j < n; j++) {
                m.set(r, j, a[r][j]);
            }
        }
        return m;
    }

    private static R064Store column(double[] b) {
        R064Store m = R064Store.FACTORY.make(b.length, 1);
        for (int r = 0; r < b.length; r++) {
            m.set(r, 0, b[r]);
        }
        return m;
    }

    /** The problem with the objective divided by its largest coefficient and rows scaled to unit max-norm. */
    static final class Scaled {
        final int n;
        final double[][] q;
        final double[] c;
        final double[][] e;
        final double[] be;
        final double[][] a;
        final double[] ba;
        final double rhsScale;
        boolean infeasible;

        private Scaled(int n, double[][] q, double[] c, List<double[]> e, List<Double> be, List<double[]> a,
                List<Double> ba) {
            this.n = n;
            this.q = q;
            this.c = c;
            this.e = e.toArray(new double[0][]);
            this.be = be.stream().mapToDouble(Double::doubleValue).toArray();
            this.a = a.toArray(new double[0][]);
            this.ba = ba.stream().mapToDouble(Double::doubleValue).toArray();
            this.rhsScale = 1 + Math.max(Checks.maxAbs(this.be), Checks.maxAbs(this.ba));
        }

        static Scaled of(QpProblem problem) {
            int n = problem.dimension();
            double[][] q0 = problem.qView();
            double[] c0 = problem.cView();
            double s = Math.max(Checks.maxAbs(q0), Checks.maxAbs(c0));
            if (!(s > 0)) {
                s = 1.0;
            }
            double[][] q = Checks.symmetrisedCopy(q0, 1.0 / s);
            double[] c = new double[n];
            for (int i = 0; i < n; i++) {
                c[i] = c0[i] / s;
            }
            List<double[]> e = new ArrayList<>();
            List<Double> be = new ArrayList<>();
            List<double[]> a = new ArrayList<>();
            List<Double> ba = new ArrayList<>();
            boolean infeasible = addRows(problem.aEqView(), problem.bEqView(), true, e, be);
            infeasible |= addRows(problem.aIneqView(), problem.bIneqView(), false, a, ba);
            Scaled sp = new Scaled(n, q, c, e, be, a, ba);
            sp.infeasible = infeasible;
            return sp;
        }

        private static boolean addRows(double[][] rows, double[] rhs, boolean equality, List<double[]> out,
                List<Double> outRhs) {
            boolean infeasible = false;
            for (int r = 0; r < rows.length; r++) {
                double s = Checks.maxAbs(rows[r]);
                if (s == 0) {
                    infeasible |= equality ? rhs[r] != 0 : rhs[r] < 0;
                    continue;
                }
                double[] row = new double[rows[r].length];
                for (int j = 0; j < row.length; j++) {
                    row[j] = rows[r][j] / s;
                }
                out.add(row);
                outRhs.add(rhs[r] / s);
            }
            return infeasible;
        }

        double maxViolation(double[] x) {
            double v = 0;
            for (int r = 0; r < e.length; r++) {
                v = Math.max(v, Math.abs(Checks.dot(e[r], x) - be[r]));
            }
            for (int r = 0; r < a.length; r++) {
                v = Math.max(v, Checks.dot(a[r], x) - ba[r]);
            }
            return v;
        }
    }
}
