package org.mtl4j.weighting.bilevel;

import java.util.Arrays;
import org.mtl4j.weighting.solver.MinNormSolver;
import org.mtl4j.weighting.solver.OjAlgoQpSolver;
import org.mtl4j.weighting.solver.QpProblem;
import org.mtl4j.weighting.solver.QpSolution;
import org.mtl4j.weighting.solver.QpSolver;
import org.mtl4j.weighting.solver.SolverStatus;

/**
 * The FORUM subproblem (Ye et al., ECAI 2024, eq. (3.29) of the thesis; algorithms.md §20 steps
 * 7–8, kernel K6). Given the Gram matrix {@code M = A Aᵀ} of {@code A = [u_1; …; u_m; q]} (the
 * upper-level gradients and the constraint gradient {@code q = ∇q̃}):
 * <pre>
 *   Q   = ‖q‖² + 1e-8,      π_i = ρ − ⟨q, u_i⟩ / Q                      (eq. 3.27, φ_k = ρ/2·‖∇q̃‖²)
 *   min_{λ, γ}  wᵀ M w − γ ρ Q,    w = (λ, γ)
 *   s.t.        Σ_i λ_i = 1,  λ ≥ 0,  γ ≥ 0,  γ ≥ Σ_i λ_i π_i
 * </pre>
 * which is twice {@code ½‖Σλ_i∇F_i + γ∇q̃‖² − γφ_k} and has the same minimiser. At the solution
 * {@code γ* = max(πᵀλ*, 0)}. Solved by {@link ForumQpMethod#REDUCED} (default) or
 * {@link ForumQpMethod#FULL} with the project's verified QP solver ({@link OjAlgoQpSolver}).
 *
 * <p>Special cases: {@code m = 1} gives {@code λ = (1)}. If the QP solver fails, λ falls back to the
 * MGDA min-norm point of the {@code u_i} and the status is {@link SolverStatus#FAILED} (the caller
 * reports the fallback).
 *
 * <p>Immutable and thread-safe.
 */
public final class ForumSubproblem {
    /** Additive guard of {@code Q = ‖q‖² + 1e-8} (reference code). */
    public static final double Q_GUARD = 1e-8;

    private final ForumQpMethod method;
    private final QpSolver solver;

    /** @param method how to solve the QP */
    public ForumSubproblem(ForumQpMethod method) {
        this(method, new OjAlgoQpSolver());
    }

    /**
     * @param method how to solve the QP
     * @param solver the QP backend
     */
    public ForumSubproblem(ForumQpMethod method, QpSolver solver) {
        if (method == null) {
            throw new IllegalArgumentException("method must be REDUCED or FULL, found null");
        }
        if (solver == null) {
            throw new IllegalArgumentException("solver must not be null");
        }
        this.method = method;
        this.solver = solver;
    }

    /**
     * The subproblem's solution.
     *
     * @param lambda    λ* on the simplex
     * @param gamma     γ* = max(πᵀλ*, 0)
     * @param pi        π
     * @param q         Q = ‖q‖² + 1e-8
     * @param objective the objective {@code wᵀMw − γρQ} at (λ*, γ*)
     * @param status    the QP status (FAILED: λ is the MGDA fallback)
     */
    public record Solution(double[] lambda, double gamma, double[] pi, double q, double objective, SolverStatus status) {
        /** Copies the arrays. */
        public Solution {
            lambda = lambda.clone();
            pi = pi.clone();
        }

        @Override
        public double[] lambda() {
            return lambda.clone();
        }

        @Override
        public double[] pi() {
            return pi.clone();
        }
    }

    /**
     * @param gram {@code (m+1) × (m+1)} Gram matrix of {@code [u_1 … u_m, q]} (symmetric, finite, m ≥ 1)
     * @param rho  ρ &gt; 0
     * @return the solution
     */
    public Solution solve(double[][] gram, double rho) {
        checkGram(gram);
        if (!(rho > 0) || !Double.isFinite(rho)) {
            throw new IllegalArgumentException("rho must be > 0, found " + rho);
        }
        int m = gram.length - 1;
        double bigQ = gram[m][m] + Q_GUARD;
        double[] pi = new double[m];
        for (int i = 0; i < m; i++) {
            pi[i] = rho - gram[i][m] / bigQ;
        }
        if (m == 1) {
            double[] l = {1.0};
            return finish(gram, rho, bigQ, pi, l, SolverStatus.OPTIMAL);
        }
        return method == ForumQpMethod.FULL ? solveFull(gram, rho, bigQ, pi) : solveReduced(gram, rho, bigQ, pi);
    }

    private Solution solveFull(double[][] gram, double rho, double bigQ, double[] pi) {
        int m = pi.length;
        double[][] twoM = new double[m + 1][m + 1];
        for (int i = 0; i <= m; i++) {
            for (int j = 0; j <= m; j++) {
                twoM[i][j] = gram[i][j] + gram[j][i];
            }
        }
        double[] c = new double[m + 1];
        c[m] = -rho * bigQ;
        double[] row = Arrays.copyOf(pi, m + 1);
        row[m] = -1;
        QpProblem p = QpProblem.onSimplex(twoM, c, m).withLowerBound(m, 0.0).withInequality(row, 0.0);
        QpSolution s = solver.solve(p);
        if (s.status() == SolverStatus.FAILED) {
            return fallback(gram, rho, bigQ, pi);
        }
        return finish(gram, rho, bigQ, pi, normalise(Arrays.copyOf(s.x(), m)), s.status());
    }

    private Solution solveReduced(double[][] gram, double rho, double bigQ, double[] pi) {
        int m = pi.length;
        boolean anyNonNeg = false;
        boolean anyNonPos = false;
        for (double p : pi) {
            anyNonNeg |= p >= 0;
            anyNonPos |= p <= 0;
        }
        Solution best = null;
        boolean failed = false;
        if (anyNonNeg) {
            double[][] qa = new double[m][m];
            double[] c = new double[m];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    double a = gram[i][j] + pi[j] * gram[i][m] + pi[i] * gram[j][m] + pi[i] * pi[j] * gram[m][m];
                    double b = gram[j][i] + pi[i] * gram[j][m] + pi[j] * gram[i][m] + pi[j] * pi[i] * gram[m][m];
                    qa[i][j] = a + b;
                }
                c[i] = -rho * bigQ * pi[i];
            }
            double[] neg = new double[m];
            for (int i = 0; i < m; i++) {
                neg[i] = -pi[i];
            }
            QpSolution s = solver.solve(QpProblem.onSimplex(qa, c).withInequality(neg, 0.0));
            if (s.status() == SolverStatus.FAILED) {
                failed = true;
            } else {
                best = finish(gram, rho, bigQ, pi, normalise(s.x()), s.status());
            }
        }
        if (anyNonPos) {
            double[][] qb = new double[m][m];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    qb[i][j] = gram[i][j] + gram[j][i];
                }
            }
            QpSolution s = solver.solve(QpProblem.onSimplex(qb, new double[m]).withInequality(pi, 0.0));
            if (s.status() == SolverStatus.FAILED) {
                failed = true;
            } else {
                Solution b = finish(gram, rho, bigQ, pi, normalise(s.x()), s.status());
                if (best == null || b.objective() < best.objective()) {
                    best = b;
                }
            }
        }
        if (best == null) {
            return fallback(gram, rho, bigQ, pi);
        }
        if (failed && best.status() == SolverStatus.OPTIMAL) {
            best = new Solution(best.lambda(), best.gamma(), pi, bigQ, best.objective(), SolverStatus.APPROXIMATE);
        }
        return best;
    }

    private Solution fallback(double[][] gram, double rho, double bigQ, double[] pi) {
        int m = pi.length;
        double[][] gu = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                gu[i][j] = 0.5 * (gram[i][j] + gram[j][i]);
            }
        }
        double[] l = MinNormSolver.defaults().solve(gu).weights();
        return finish(gram, rho, bigQ, pi, l, SolverStatus.FAILED);
    }

    private static Solution finish(double[][] gram, double rho, double bigQ, double[] pi, double[] lambda, SolverStatus status) {
        double gamma = Math.max(dot(pi, lambda), 0.0);
        return new Solution(lambda, gamma, pi, bigQ, objective(gram, rho, lambda, gamma), status);
    }

    /**
     * @return the QP objective {@code wᵀMw − γρQ} at {@code w = (λ, γ)}, with {@code Q = M_qq + 1e-8}
     */
    public static double objective(double[][] gram, double rho, double[] lambda, double gamma) {
        int m = lambda.length;
        double[] w = Arrays.copyOf(lambda, m + 1);
        w[m] = gamma;
        double v = 0;
        for (int i = 0; i <= m; i++) {
            for (int j = 0; j <= m; j++) {
                v += w[i] * gram[i][j] * w[j];
            }
        }
        return v - gamma * rho * (gram[m][m] + Q_GUARD);
    }

    /** Clips round-off negatives and renormalises onto the simplex (the solver's point is feasible to ~1e-9). */
    private static double[] normalise(double[] x) {
        double[] l = new double[x.length];
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            l[i] = Math.max(0.0, x[i]);
            sum += l[i];
        }
        if (!(sum > 0)) {
            Arrays.fill(l, 1.0 / l.length);
            return l;
        }
        for (int i = 0; i < l.length; i++) {
            l[i] /= sum;
        }
        return l;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void checkGram(double[][] gram) {
        if (gram == null || gram.length < 2) {
            throw new IllegalArgumentException("gram must be (m+1)×(m+1) with m >= 1 (u_1..u_m and q), found "
                    + (gram == null ? "null" : gram.length + " rows"));
        }
        int n = gram.length;
        double scale = 0;
        for (int i = 0; i < n; i++) {
            if (gram[i] == null || gram[i].length != n) {
                throw new IllegalArgumentException("gram row " + i + " must have length " + n);
            }
            for (int j = 0; j < n; j++) {
                if (!Double.isFinite(gram[i][j])) {
                    throw new IllegalArgumentException("gram[" + i + "][" + j + "] is not finite: " + gram[i][j]
                            + " (a non-finite upper-level or constraint gradient)");
                }
                scale = Math.max(scale, Math.abs(gram[i][j]));
            }
        }
        for (int i = 0; i < n; i++) {
            if (gram[i][i] < 0) {
                throw new IllegalArgumentException("gram[" + i + "][" + i + "] is a squared norm and must be >= 0, found " + gram[i][i]);
            }
            for (int j = i + 1; j < n; j++) {
                if (Math.abs(gram[i][j] - gram[j][i]) > 1e-9 * Math.max(1, scale)) {
                    throw new IllegalArgumentException("gram must be symmetric; gram[" + i + "][" + j + "] = " + gram[i][j]
                            + " but gram[" + j + "][" + i + "] = " + gram[j][i]);
                }
            }
        }
    }
}
