package org.mtl4j.weighting.solver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class OjAlgoQpSolverTest {

    private final QpSolver solver = new OjAlgoQpSolver();

    @Test
    void unconstrainedProblemMatchesTheLinearSolve() {
        SplittableRandom rng = new SplittableRandom(1);
        for (int n : new int[] {1, 2, 5, 12}) {
            double[][] q = randomSpd(rng, n);
            double[] c = new double[n];
            for (int i = 0; i < n; i++) {
                c[i] = 3 * GramFixtures.gauss(rng);
            }
            double[] expected = solveLinear(q, negate(c)); // Q x = −c
            QpSolution s = solver.solve(QpProblem.unconstrained(q, c));
            assertEquals(SolverStatus.OPTIMAL, s.status());
            assertArrayEquals(expected, s.x(), 1e-8 * (1 + GramFixtures.dot(expected, expected)), "n=" + n);
            assertEquals(QpProblem.unconstrained(q, c).objective(expected), s.objective(), 1e-9);
        }
    }

    @Test
    void simplexProblemsMatchBruteForceGrid() {
        SplittableRandom rng = new SplittableRandom(2);
        for (int n : new int[] {2, 3}) {
            for (int trial = 0; trial < 10; trial++) {
                double[][] q = GramFixtures.gram(GramFixtures.gaussian(rng, n, trial % 2 == 0 ? 1 : 4)); // PSD, sometimes singular
                double[] c = {GramFixtures.gauss(rng), GramFixtures.gauss(rng), GramFixtures.gauss(rng)};
                c = java.util.Arrays.copyOf(c, n);
                QpProblem p = QpProblem.onSimplex(q, c);
                QpSolution s = solver.solve(p);
                assertEquals(SolverStatus.OPTIMAL, s.status());
                assertTrue(p.maxViolation(s.x()) <= 1e-9);
                double grid = n == 2 ? gridSimplex2(p) : gridSimplex3(p);
                double lipschitzSlack = 1e-4 * (1 + GramFixtures.frobenius(q) + Math.sqrt(GramFixtures.dot(c, c)));
                assertTrue(s.objective() <= grid + 1e-10, "solver " + s.objective() + " worse than grid " + grid);
                assertTrue(s.objective() >= grid - lipschitzSlack, "grid resolution bound violated");
            }
        }
    }

    @Test
    void boxProblemMatchesBruteForceGrid() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int trial = 0; trial < 10; trial++) {
            double[][] q = randomSpd(rng, 2);
            double[] c = {4 * GramFixtures.gauss(rng), 4 * GramFixtures.gauss(rng)};
            // −1 ≤ x_i ≤ 2 written as lower bounds and ≤ rows
            QpProblem p = QpProblem.unconstrained(q, c)
                    .withLowerBound(0, -1).withLowerBound(1, -1)
                    .withInequality(new double[] {1, 0}, 2).withInequality(new double[] {0, 1}, 2);
            QpSolution s = solver.solve(p);
            assertEquals(SolverStatus.OPTIMAL, s.status());
            double best = Double.POSITIVE_INFINITY;
            int n = 600;
            for (int a = 0; a <= n; a++) {
                for (int b = 0; b <= n; b++) {
                    best = Math.min(best, p.objective(new double[] {-1 + 3.0 * a / n, -1 + 3.0 * b / n}));
                }
            }
            assertTrue(s.objective() <= best + 1e-10);
            assertTrue(s.objective() >= best - 1e-3 * (1 + GramFixtures.frobenius(q) + Math.abs(c[0]) + Math.abs(c[1])));
        }
    }

    /**
     * FORUM subproblem (algorithms.md §20 step 8, K6) over w = (λ, γ):
     * min wᵀMw − γρQ s.t. λ ∈ Δ, γ ≥ 0, γ ≥ Σ λ_i π_i. Brute force: grid over λ, exact minimisation over γ
     * (a 1-D convex quadratic with a lower bound).
     */
    @Test
    void forumShapedQpMatchesBruteForce() {
        SplittableRandom rng = new SplittableRandom(4);
        double rho = 0.3;
        for (int m : new int[] {2, 3}) {
            for (int trial = 0; trial < 10; trial++) {
                int p = 6;
                double[][] a = GramFixtures.gaussian(rng, m + 1, p);     // rows u_1..u_m, q
                for (int i = 0; i < m; i++) {                             // unit u_i as in the code path
                    a[i] = GramFixtures.scaled(new double[][] {a[i]}, 1 / Math.sqrt(GramFixtures.dot(a[i], a[i])))[0];
                }
                double[] qv = a[m];
                double bigQ = GramFixtures.dot(qv, qv) + 1e-8;
                double[] pi = new double[m];
                for (int i = 0; i < m; i++) {
                    pi[i] = rho - GramFixtures.dot(qv, a[i]) / bigQ;
                }
                double[][] mm = GramFixtures.gram(a);
                double[][] twoM = GramFixtures.scaled(mm, 2.0);
                double[] c = new double[m + 1];
                c[m] = -rho * bigQ;
                double[] piRow = java.util.Arrays.copyOf(pi, m + 1);
                piRow[m] = -1;
                QpProblem problem = QpProblem.onSimplex(twoM, c, m).withLowerBound(m, 0.0).withInequality(piRow, 0.0);
                QpSolution s = solver.solve(problem);
                assertEquals(SolverStatus.OPTIMAL, s.status(), "m=" + m + " trial " + trial);
                assertTrue(problem.maxViolation(s.x()) <= 1e-9);

                double best = bruteForceForum(mm, pi, rho * bigQ, m);
                double tol = 1e-4 * (1 + GramFixtures.frobenius(mm));
                assertTrue(s.objective() <= best + 1e-9, "solver " + s.objective() + " worse than brute force " + best);
                assertTrue(s.objective() >= best - tol, "solver " + s.objective() + " far below brute force " + best);
                // §20 oracle 3: γ* = max(πᵀλ*, 0)
                double[] w = s.x();
                double piLambda = 0;
                for (int i = 0; i < m; i++) {
                    piLambda += pi[i] * w[i];
                }
                assertEquals(Math.max(piLambda, 0), w[m], 1e-6);
            }
        }
    }

    @Test
    void zeroQuadraticTermOnTheSimplexIsTheBestVertex() {
        // Q = 0: a linear programme over Δ, solved by the vertex with the smallest c_i
        double[] c = {0.3, -1.2, 0.7, -0.4};
        QpSolution s = solver.solve(QpProblem.onSimplex(new double[4][4], c));
        assertEquals(SolverStatus.OPTIMAL, s.status());
        assertArrayEquals(new double[] {0, 1, 0, 0}, s.x(), 1e-9);
        assertEquals(-1.2, s.objective(), 1e-9);
        // rank-one Q with m > rank: min over Δ of (aᵀx)² with a of mixed signs reaches 0
        double[] a = {1, -2, 0.5};
        double[][] q = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                q[i][j] = 2 * a[i] * a[j];
            }
        }
        QpSolution r = solver.solve(QpProblem.onSimplex(q, new double[3]));
        assertEquals(SolverStatus.OPTIMAL, r.status());
        assertEquals(0.0, r.objective(), 1e-12);
    }

    @Test
    void equalityConstrainedProblemMatchesKktSystem() {
        // min ½‖x‖² s.t. x_0 + 2x_1 + 3x_2 = 14 → x = 14·a/‖a‖² = (1, 2, 3)
        double[][] eye = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        QpProblem p = QpProblem.unconstrained(eye, new double[3]).withEquality(new double[] {1, 2, 3}, 14);
        QpSolution s = solver.solve(p);
        assertEquals(SolverStatus.OPTIMAL, s.status());
        assertArrayEquals(new double[] {1, 2, 3}, s.x(), 1e-9);
    }

    @Test
    void infeasibleAndUnboundedProblemsFailWithoutThrowing() {
        double[][] one = {{1}};
        QpProblem infeasible = QpProblem.unconstrained(one, new double[] {0}).withLowerBound(0, 1)
                .withInequality(new double[] {1}, 0);
        assertEquals(SolverStatus.FAILED, solver.solve(infeasible).status());
        QpProblem zeroRowInfeasible = QpProblem.unconstrained(one, new double[] {0}).withInequality(new double[] {0}, -1);
        assertEquals(SolverStatus.FAILED, solver.solve(zeroRowInfeasible).status());
        QpProblem zeroRowSatisfied = QpProblem.unconstrained(one, new double[] {-2}).withInequality(new double[] {0}, 1);
        QpSolution ok = solver.solve(zeroRowSatisfied);
        assertEquals(SolverStatus.OPTIMAL, ok.status());
        assertEquals(2.0, ok.x()[0], 1e-12);
        QpProblem unbounded = QpProblem.unconstrained(new double[][] {{0}}, new double[] {1});
        QpSolution u = solver.solve(unbounded);
        assertNotEquals(SolverStatus.OPTIMAL, u.status());
    }

    @Test
    void problemValidationNamesTheBadValue() {
        double[][] q = {{1, 0}, {0, 1}};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QpProblem.unconstrained(q, new double[] {1}));
        assertTrue(e.getMessage().contains("c must have length 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> QpProblem.unconstrained(new double[][] {{1, 2}, {3, 1}}, new double[2]));
        assertTrue(e.getMessage().contains("symmetric"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> QpProblem.unconstrained(q, new double[] {0, Double.NaN}));
        assertTrue(e.getMessage().contains("c[1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new QpProblem(q, new double[2], new double[][] {{1, 1}}, new double[0], new double[0][], new double[0]));
        assertTrue(e.getMessage().contains("bEq"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new QpProblem(q, new double[2], new double[0][], new double[0], new double[][] {{1}}, new double[] {1}));
        assertTrue(e.getMessage().contains("aIneq[0]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> QpProblem.onSimplex(q, new double[2], 3));
        assertThrows(IllegalArgumentException.class, () -> QpProblem.onSimplex(q, new double[2], -1));
        assertThrows(IllegalArgumentException.class, () -> QpProblem.unconstrained(new double[0][], new double[0]));
    }

    @Test
    void problemIsImmutable() {
        double[][] q = {{2, 0}, {0, 2}};
        double[] c = {1, 1};
        QpProblem p = QpProblem.unconstrained(q, c);
        q[0][0] = 100;
        c[0] = 100;
        p.q()[1][1] = 100;
        assertEquals(2, p.q()[0][0]);
        assertEquals(2, p.q()[1][1]);
        assertEquals(1, p.c()[0]);
    }

    private static double bruteForceForum(double[][] mm, double[] pi, double rhoQ, int m) {
        int n = m == 2 ? 20000 : 600;
        double best = Double.POSITIVE_INFINITY;
        double[] lambda = new double[m];
        if (m == 2) {
            for (int a = 0; a <= n; a++) {
                lambda[0] = (double) a / n;
                lambda[1] = 1 - lambda[0];
                best = Math.min(best, forumInner(mm, pi, rhoQ, lambda));
            }
        } else {
            for (int a = 0; a <= n; a++) {
                for (int b = 0; a + b <= n; b++) {
                    lambda[0] = (double) a / n;
                    lambda[1] = (double) b / n;
                    lambda[2] = (double) (n - a - b) / n;
                    best = Math.min(best, forumInner(mm, pi, rhoQ, lambda));
                }
            }
        }
        return best;
    }

    /** min over γ ≥ max(0, πᵀλ) of wᵀMw − γρQ, with w = (λ, γ): a 1-D convex quadratic. */
    private static double forumInner(double[][] mm, double[] pi, double rhoQ, double[] lambda) {
        int m = lambda.length;
        double ll = 0;
        double lq = 0;
        double lb = 0;
        for (int i = 0; i < m; i++) {
            lb += pi[i] * lambda[i];
            lq += lambda[i] * mm[i][m];
            for (int j = 0; j < m; j++) {
                ll += lambda[i] * mm[i][j] * lambda[j];
            }
        }
        double qq = mm[m][m];
        // f(γ) = ll + 2γ·lq + γ²·qq − γ·ρQ
        double free = (rhoQ - 2 * lq) / (2 * qq);
        double gamma = Math.max(Math.max(0, lb), free);
        return ll + 2 * gamma * lq + gamma * gamma * qq - gamma * rhoQ;
    }

    private static double gridSimplex2(QpProblem p) {
        double best = Double.POSITIVE_INFINITY;
        int n = 20000;
        for (int a = 0; a <= n; a++) {
            best = Math.min(best, p.objective(new double[] {(double) a / n, 1 - (double) a / n}));
        }
        return best;
    }

    private static double gridSimplex3(QpProblem p) {
        double best = Double.POSITIVE_INFINITY;
        int n = 600;
        for (int a = 0; a <= n; a++) {
            for (int b = 0; a + b <= n; b++) {
                best = Math.min(best, p.objective(new double[] {(double) a / n, (double) b / n, (double) (n - a - b) / n}));
            }
        }
        return best;
    }

    static double[][] randomSpd(SplittableRandom rng, int n) {
        double[][] g = GramFixtures.gram(GramFixtures.gaussian(rng, n, n + 3));
        for (int i = 0; i < n; i++) {
            g[i][i] += 0.1;
        }
        return g;
    }

    /** Gaussian elimination with partial pivoting (test-only reference). */
    static double[] solveLinear(double[][] a0, double[] b0) {
        int n = b0.length;
        double[][] a = Checks.deepCopy(a0);
        double[] b = b0.clone();
        for (int k = 0; k < n; k++) {
            int piv = k;
            for (int i = k + 1; i < n; i++) {
                if (Math.abs(a[i][k]) > Math.abs(a[piv][k])) {
                    piv = i;
                }
            }
            double[] t = a[k];
            a[k] = a[piv];
            a[piv] = t;
            double tb = b[k];
            b[k] = b[piv];
            b[piv] = tb;
            for (int i = k + 1; i < n; i++) {
                double f = a[i][k] / a[k][k];
                for (int j = k; j < n; j++) {
                    a[i][j] -= f * a[k][j];
                }
                b[i] -= f * b[k];
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = b[i];
            for (int j = i + 1; j < n; j++) {
                s -= a[i][j] * x[j];
            }
            x[i] = s / a[i][i];
        }
        return x;
    }

    private static double[] negate(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = -v[i];
        }
        return r;
    }
}
