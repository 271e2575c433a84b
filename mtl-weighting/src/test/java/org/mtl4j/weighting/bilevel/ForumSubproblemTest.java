package org.mtl4j.weighting.bilevel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mtl4j.weighting.solver.SolverStatus;

/**
 * The FORUM QP (kernel K6): first-order optimality (KKT) checked independently over the
 * generators of the feasible polyhedron, the reduction against the full QP, γ* = max(πᵀλ*, 0),
 * and the combiner's barrier property and momentum (algorithms.md §20, Oracles 1, 3, 4).
 */
class ForumSubproblemTest {

    /** Gram of random vectors u_1..u_m, q in R^d (rank-deficient when d < m + 1). */
    static double[][] randomGram(SplittableRandom r, int m, int d, double qScale) {
        double[][] rows = new double[m + 1][d];
        for (int i = 0; i <= m; i++) {
            for (int k = 0; k < d; k++) {
                rows[i][k] = r.nextGaussian() * (i == m ? qScale : 1.0);
            }
        }
        double[][] g = new double[m + 1][m + 1];
        for (int i = 0; i <= m; i++) {
            for (int j = 0; j <= m; j++) {
                for (int k = 0; k < d; k++) {
                    g[i][j] += rows[i][k] * rows[j][k];
                }
            }
        }
        return g;
    }

    /**
     * Vertices of {λ ∈ Δ, γ ≥ 0, γ ≥ πᵀλ}: (e_i, max(π_i, 0)) and, on every edge where π changes
     * sign, the point with πᵀλ = 0 and γ = 0. Its only extreme ray is (0, 1).
     */
    static List<double[]> vertices(double[] pi) {
        int m = pi.length;
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            double[] v = new double[m + 1];
            v[i] = 1;
            v[m] = Math.max(pi[i], 0);
            out.add(v);
            for (int j = i + 1; j < m; j++) {
                if (pi[i] * pi[j] < 0) {
                    double t = pi[j] / (pi[j] - pi[i]);
                    double[] e = new double[m + 1];
                    e[i] = t;
                    e[j] = 1 - t;
                    out.add(e);
                }
            }
        }
        return out;
    }

    /** max violation of ∇φ(w*)ᵀ(v − w*) ≥ 0 over the vertices and ∇φ_γ ≥ 0 along the ray; φ = wᵀMw − γρQ. */
    static double kktViolation(double[][] gram, double rho, ForumSubproblem.Solution s) {
        int m = gram.length - 1;
        double[] w = new double[m + 1];
        System.arraycopy(s.lambda(), 0, w, 0, m);
        w[m] = s.gamma();
        double[] grad = new double[m + 1];
        for (int i = 0; i <= m; i++) {
            for (int j = 0; j <= m; j++) {
                grad[i] += 2 * gram[i][j] * w[j];
            }
        }
        grad[m] -= rho * (gram[m][m] + ForumSubproblem.Q_GUARD);
        double worst = Math.max(0, -grad[m]);
        for (double[] v : vertices(s.pi())) {
            double dir = 0;
            for (int i = 0; i <= m; i++) {
                dir += grad[i] * (v[i] - w[i]);
            }
            worst = Math.max(worst, -dir);
        }
        return worst;
    }

    @Test
    void solutionsSatisfyTheKktConditionsAndBothMethodsAgree() {
        SplittableRandom r = new SplittableRandom(42);
        ForumSubproblem reduced = new ForumSubproblem(ForumQpMethod.REDUCED);
        ForumSubproblem full = new ForumSubproblem(ForumQpMethod.FULL);
        for (int trial = 0; trial < 60; trial++) {
            int m = 2 + trial % 3;
            int d = trial % 4 == 0 ? m : 6;
            double qScale = new double[] {0.05, 0.5, 2.0}[trial % 3];
            double rho = new double[] {0.1, 0.3, 0.5}[(trial / 3) % 3];
            double[][] g = randomGram(r, m, d, qScale);
            ForumSubproblem.Solution a = reduced.solve(g, rho);
            ForumSubproblem.Solution b = full.solve(g, rho);
            double scale = 0;
            for (double[] row : g) {
                for (double x : row) {
                    scale = Math.max(scale, Math.abs(x));
                }
            }
            String where = "trial " + trial + " (m=" + m + ", d=" + d + ")";
            assertTrue(a.status() != SolverStatus.FAILED && b.status() != SolverStatus.FAILED, where);
            assertTrue(kktViolation(g, rho, a) <= 1e-6 * Math.max(1, scale), where + " reduced KKT " + kktViolation(g, rho, a));
            assertTrue(kktViolation(g, rho, b) <= 1e-6 * Math.max(1, scale), where + " full KKT " + kktViolation(g, rho, b));
            assertEquals(b.objective(), a.objective(), 1e-7 * Math.max(1, scale), where);
            double sum = 0;
            for (double l : a.lambda()) {
                assertTrue(l >= 0, where);
                sum += l;
            }
            assertEquals(1.0, sum, 1e-12, where);
            assertEquals(Math.max(0, ForumSubproblem.dot(a.pi(), a.lambda())), a.gamma(), 1e-12, where);
        }
    }

    @Test
    void piAndTheDegenerateCases() {
        double[][] g = {{1, 0.5, 0.2}, {0.5, 2, -0.4}, {0.2, -0.4, 0.8}};
        ForumSubproblem.Solution s = new ForumSubproblem(ForumQpMethod.REDUCED).solve(g, 0.3);
        double bigQ = 0.8 + 1e-8;
        assertEquals(bigQ, s.q(), 0);
        assertEquals(0.3 - 0.2 / bigQ, s.pi()[0], 1e-15);
        assertEquals(0.3 + 0.4 / bigQ, s.pi()[1], 1e-15);
        // m = 1: λ = 1
        ForumSubproblem.Solution one = new ForumSubproblem(ForumQpMethod.FULL).solve(new double[][] {{2, -1}, {-1, 3}}, 0.5);
        assertArrayEquals(new double[] {1.0}, one.lambda());
        assertEquals(Math.max(0, 0.5 + 1 / (3 + 1e-8)), one.gamma(), 1e-15);
        // q = 0: π_i = ρ and λ is the MGDA min-norm point of the u_i
        double[][] zeroQ = {{1, 0.2, 0}, {0.2, 4, 0}, {0, 0, 0}};
        ForumSubproblem.Solution z = new ForumSubproblem(ForumQpMethod.REDUCED).solve(zeroQ, 0.2);
        assertEquals(0.2, z.pi()[0], 1e-15);
        double gamma1 = (4 - 0.2) / (1 + 4 - 0.4);
        assertEquals(gamma1, z.lambda()[0], 1e-7);
    }

    @Test
    void combinerKeepsTheBarrierAndMovesLambdaWithMomentum() {
        SplittableRandom r = new SplittableRandom(7);
        ForumCombiner c = new ForumCombiner(3, 0.3, ForumQpMethod.REDUCED);
        ForumSubproblem sp = new ForumSubproblem(ForumQpMethod.REDUCED);
        double[] prev = null;
        for (int k = 0; k < 12; k++) {
            double[][] g = randomGram(r, 3, 5, 0.7);
            ForumSubproblem.Solution sol = sp.solve(g, 0.3);
            ForumCombiner.Weights w = c.combine(g, k);
            double[] lt = w.lambdaTilde();
            double beta = k == 0 ? 1.0 : Math.pow(k + 1.0, -0.75);
            assertEquals(beta, w.beta(), 1e-15);
            double sum = 0;
            for (int i = 0; i < 3; i++) {
                double expected = k == 0 ? sol.lambda()[i] : prev[i] + beta * (sol.lambda()[i] - prev[i]);
                assertEquals(expected, lt[i], 1e-9, "momentum step " + k);
                assertTrue(lt[i] >= 0);
                sum += lt[i];
            }
            assertEquals(1.0, sum, 1e-12);
            assertEquals(Math.max(0, ForumSubproblem.dot(sol.pi(), lt)), w.nu(), 1e-9);
            double qq = g[3][3];
            double inner = w.constraintInner(g);
            double dNorm = 0;
            double[] coef = {lt[0], lt[1], lt[2], w.nu()};
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    dNorm += coef[i] * g[i][j] * coef[j];
                }
            }
            double tol = 1e-6 * Math.max(1, Math.sqrt(qq * dNorm));
            assertTrue(inner >= 0.3 * qq - tol, "barrier ⟨q, D⟩ ≥ ρ‖q‖² at step " + k + ": " + inner + " vs " + 0.3 * qq);
            if (w.nu() > 0) {
                assertEquals(0.3 * (qq + 1e-8), inner, 1e-6 * Math.max(1, qq), "equality when ν > 0");
            }
            prev = lt;
        }
        c.reset();
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, c.saveState("x.").get("x.lambdaTilde"), 1e-15);
    }

    @Test
    void badInputIsRejected() {
        ForumSubproblem sp = new ForumSubproblem(ForumQpMethod.REDUCED);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sp.solve(new double[][] {{1, Double.NaN}, {Double.NaN, 1}}, 0.1));
        assertTrue(e.getMessage().contains("gram[0][1] is not finite: NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> sp.solve(new double[][] {{1, 0}, {0, 1}}, 0.0));
        assertTrue(e.getMessage().contains("rho must be > 0, found 0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> sp.solve(new double[][] {{1}}, 0.1));
        assertTrue(e.getMessage().contains("m >= 1"), e.getMessage());
    }
}
