package org.mtl4j.weighting.solver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShiftedNonNegQpTest {

    private final ShiftedNonNegQp qp = ShiftedNonNegQp.defaults();

    /** KKT of §18 oracle 5: μ = 2Ĝv ≥ 0, v ≥ u, μ ⊙ (v − u) = 0. */
    private static void assertKkt(double[][] gHat, double[] u, double[] v, String label) {
        int m = u.length;
        double scale = Math.max(1e-300, Checks.maxAbs(gHat) * Checks.maxAbs(v));
        for (int k = 0; k < m; k++) {
            double mu = 0;
            for (int j = 0; j < m; j++) {
                mu += 2 * gHat[k][j] * v[j];
            }
            assertTrue(v[k] >= u[k], label + ": v[" + k + "] < u");
            assertTrue(mu >= -1e-9 * scale, label + ": mu[" + k + "] = " + mu);
            assertEquals(0.0, mu * (v[k] - u[k]), 1e-9 * scale * (1 + Math.abs(v[k] - u[k])), label + " k=" + k);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 10, 40})
    void kktHoldsForEveryUpgradSubproblem(int m) {
        SplittableRandom rng = new SplittableRandom(200 + m);
        for (int p : new int[] {Math.max(1, m / 3), m + 10}) {      // rank-deficient and full rank
            double[][] g = GramFixtures.gram(GramFixtures.gaussian(rng, m, p));
            double[][] gHat = qp.regularise(g);
            for (int i = 0; i < m; i++) {
                double[] u = new double[m];
                u[i] = 1.0 / m;
                ShiftedQpResult r = qp.solve(g, u);
                assertEquals(SolverStatus.OPTIMAL, r.status());
                assertKkt(gHat, u, r.v(), "m=" + m + " p=" + p + " i=" + i);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 6})
    void matchesBruteForceOverAllActiveSets(int m) {
        SplittableRandom rng = new SplittableRandom(300 + m);
        for (int trial = 0; trial < 10; trial++) {
            double[][] g = GramFixtures.gram(GramFixtures.gaussian(rng, m, trial % 2 == 0 ? 2 : m + 2));
            double[][] gHat = qp.regularise(g);
            double[] u = new double[m];
            for (int k = 0; k < m; k++) {
                u[k] = rng.nextDouble() < 0.5 ? GramFixtures.gauss(rng) : 0.0;
            }
            double[] expected = bruteForce(gHat, u);
            double[] v = qp.solve(g, u).v();
            assertArrayEquals(expected, v, 1e-9, "m=" + m + " trial " + trial);
        }
    }

    @Test
    void nonConflictingGradientsKeepThePreference() {
        // §18 oracle 2: every G_ij ≥ 0 gives w = pref exactly
        SplittableRandom rng = new SplittableRandom(12);
        for (int m : new int[] {1, 2, 5, 20}) {
            double[][] j = GramFixtures.gaussian(rng, m, 4);
            for (double[] row : j) {
                for (int k = 0; k < row.length; k++) {
                    row[k] = Math.abs(row[k]);
                }
            }
            double[] pref = new double[m];
            Arrays.fill(pref, 1.0 / m);
            ShiftedQpResult r = qp.dualConeWeights(GramFixtures.gram(j), pref);
            assertArrayEquals(pref, r.v(), 1e-15, "m=" + m);
        }
        // all-zero Gram: Ĝ = regEps·I, v⁽ⁱ⁾ = pref_i e_i
        double[] pref = {0.2, 0.3, 0.5};
        assertArrayEquals(pref, qp.dualConeWeights(new double[3][3], pref).v(), 0);
    }

    @Test
    void conflictingPairIsProjectedOntoTheDualCone() {
        // g_1 = (1, 0), g_2 = (−1, 1): UPGrad's d has non-negative inner products with both (up to regEps)
        double[][] j = {{1, 0}, {-1, 1}};
        double[][] g = GramFixtures.gram(j);
        double[] w = qp.dualConeWeights(g, new double[] {0.5, 0.5}).v();
        double[] d = GramFixtures.combine(j, w);
        double regSlack = ShiftedNonNegQp.DEFAULT_REG_EPS * (g[0][0] + g[1][1]) * (Math.abs(w[0]) + Math.abs(w[1]));
        assertTrue(GramFixtures.dot(j[0], d) >= -regSlack);
        assertTrue(GramFixtures.dot(j[1], d) >= -regSlack);
        assertTrue(w[0] > 0.5 && w[1] > 0.5, Arrays.toString(w)); // both weights were raised to remove the conflict
    }

    @Test
    void oneSweepResultIsHonest() {
        SplittableRandom rng = new SplittableRandom(13);
        double[][] g = GramFixtures.gram(GramFixtures.gaussian(rng, 8, 3));
        double[] u = new double[8];
        u[0] = 1;
        // polish disabled in effect: one sweep, loose structure; the status must not claim OPTIMAL unless KKT holds
        ShiftedQpResult r = new ShiftedNonNegQp(1e-4, 1e-4, 1, 1e-12).solve(g, u);
        if (r.status() == SolverStatus.OPTIMAL) {
            assertKkt(qp.regularise(g), u, r.v(), "one sweep");
        } else {
            assertEquals(SolverStatus.APPROXIMATE, r.status());
        }
    }

    @Test
    void invalidInputThrows() {
        assertThrows(IllegalArgumentException.class, () -> new ShiftedNonNegQp(1e-4, 0, 10, 1e-12));
        assertThrows(IllegalArgumentException.class, () -> new ShiftedNonNegQp(-1, 1e-4, 10, 1e-12));
        assertThrows(IllegalArgumentException.class, () -> new ShiftedNonNegQp(1e-4, 1e-4, 0, 1e-12));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> qp.solveRegularised(new double[][] {{1, 0}, {0, 0}}, new double[2]));
        assertTrue(e.getMessage().contains("gHat[1][1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> qp.solve(new double[][] {{1}}, new double[2]));
        assertThrows(IllegalArgumentException.class, () -> qp.solve(new double[][] {{1}}, new double[] {Double.NaN}));
    }

    /** Exact minimiser by enumerating every set of free coordinates (test-only; m ≤ 10). */
    private static double[] bruteForce(double[][] gHat, double[] u) {
        int m = u.length;
        double best = Double.POSITIVE_INFINITY;
        double[] arg = null;
        for (int mask = 0; mask < (1 << m); mask++) {
            double[] v = u.clone();
            int nf = Integer.bitCount(mask);
            if (nf > 0) {
                int[] free = new int[nf];
                int c = 0;
                for (int k = 0; k < m; k++) {
                    if ((mask & (1 << k)) != 0) {
                        free[c++] = k;
                    }
                }
                double[][] a = new double[nf][nf];
                double[] b = new double[nf];
                for (int p = 0; p < nf; p++) {
                    for (int q = 0; q < nf; q++) {
                        a[p][q] = gHat[free[p]][free[q]];
                    }
                    for (int k = 0; k < m; k++) {
                        if ((mask & (1 << k)) == 0) {
                            b[p] -= gHat[free[p]][k] * u[k];
                        }
                    }
                }
                double[] x = OjAlgoQpSolverTest.solveLinear(a, b);
                boolean feasible = true;
                for (int p = 0; p < nf; p++) {
                    feasible &= x[p] >= u[free[p]] - 1e-14;
                    v[free[p]] = x[p];
                }
                if (!feasible) {
                    continue;
                }
            }
            double f = 0;
            for (int a = 0; a < m; a++) {
                for (int b = 0; b < m; b++) {
                    f += v[a] * gHat[a][b] * v[b];
                }
            }
            if (f < best) {
                best = f;
                arg = v;
            }
        }
        return arg;
    }
}
