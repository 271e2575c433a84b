package org.mtl4j.weighting.solver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NashBargainingSolverTest {

    private final NashBargainingSolver solver = NashBargainingSolver.defaults();

    /** Oracles of §12, computed from J independently of the solver: ‖α⊙Gα − 1‖₂ ≤ 1e-9 and ‖Σα_i g_i‖² = m. */
    private static void assertNash(double[][] j, NashResult r, String label) {
        int m = j.length;
        assertEquals(SolverStatus.OPTIMAL, r.status(), label);
        double[] alpha = r.alpha();
        double[] d = GramFixtures.combine(j, alpha);
        double res = 0;
        for (int i = 0; i < m; i++) {
            assertTrue(alpha[i] > 0, label + ": alpha[" + i + "] = " + alpha[i]);
            double e = alpha[i] * GramFixtures.dot(j[i], d) - 1.0;
            res += e * e;
        }
        assertTrue(Math.sqrt(res) <= 1e-9, label + ": residual " + Math.sqrt(res));
        assertEquals(m, GramFixtures.dot(d, d), 1e-9 * m, label);
        assertTrue(r.residual() <= 1e-9, label);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 10, 40})
    void residualAndNormOraclesOnRandomProblems(int m) {
        SplittableRandom rng = new SplittableRandom(100 + m);
        List<double[][]> js = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            js.add(GramFixtures.gaussian(rng, m, m + 20));                          // full rank
        }
        double[][] cone = GramFixtures.gaussian(rng, m, Math.max(1, m / 4));       // rank-deficient, 0 outside the hull
        for (double[] row : cone) {
            row[0] = Math.abs(row[0]) + 2.0;
        }
        js.add(cone);
        js.add(GramFixtures.spreadNorms(GramFixtures.gaussian(rng, m, m + 5), 1e-3, 1e3));
        for (int k = 0; k < js.size(); k++) {
            double[][] j = js.get(k);
            assertNash(j, solver.solve(GramFixtures.gram(j)), "m=" + m + " family " + k);
        }
    }

    @Test
    void closedForms() {
        // m = 1: α = 1/‖g‖
        assertEquals(0.5, solver.solve(new double[][] {{4}}).alpha()[0], 1e-14);
        // orthogonal: α_i = 1/‖g_i‖
        double[][] diag = {{4, 0, 0}, {0, 0.01, 0}, {0, 0, 2.25}};
        assertArrayEquals(new double[] {0.5, 10, 1 / 1.5}, solver.solve(diag).alpha(), 1e-12);
        // identical gradients G = a·11ᵀ: α_i = 1/√(m a)
        double a = 3.0;
        double[][] same = {{a, a, a, a}, {a, a, a, a}, {a, a, a, a}, {a, a, a, a}};
        double[] alpha = solver.solve(same).alpha();
        for (double x : alpha) {
            assertEquals(1 / Math.sqrt(4 * a), x, 1e-12);
        }
    }

    @Test
    void publishedExample() {
        // algorithms.md §12 oracle 5: J = [[1,0],[−0.9,0.1]] gives α ≈ (12.7866, 14.1205)
        double[][] j = {{1, 0}, {-0.9, 0.1}};
        NashResult r = solver.solve(GramFixtures.gram(j));
        assertNash(j, r, "example");
        assertEquals(12.7866, r.alpha()[0], 1e-4);
        assertEquals(14.1205, r.alpha()[1], 1e-4);
    }

    @Test
    void scalingATaskGradientScalesItsWeightInversely() {
        SplittableRandom rng = new SplittableRandom(8);
        double[][] j = GramFixtures.gaussian(rng, 5, 12);
        double[] alpha = solver.solve(GramFixtures.gram(j)).alpha();
        double[] c = {0.01, 3, 1, 250, 0.5};
        double[][] jc = new double[5][];
        for (int i = 0; i < 5; i++) {
            jc[i] = GramFixtures.scaled(new double[][] {j[i]}, c[i])[0];
        }
        double[] alphaC = solver.solve(GramFixtures.gram(jc)).alpha();
        for (int i = 0; i < 5; i++) {
            assertEquals(alpha[i] / c[i], alphaC[i], 1e-10 * alpha[i] / c[i]);
        }
    }

    @Test
    void warmStartAtTheSolutionNeedsNoIteration() {
        SplittableRandom rng = new SplittableRandom(9);
        double[][] g = GramFixtures.gram(GramFixtures.gaussian(rng, 6, 10));
        NashResult cold = solver.solve(g);
        NashResult warm = solver.solve(g, cold.alpha());
        assertEquals(0, warm.iterations());
        assertEquals(SolverStatus.OPTIMAL, warm.status());
        double[] perturbed = cold.alpha();
        perturbed[0] *= 1.3;
        NashResult near = solver.solve(g, perturbed);
        assertEquals(SolverStatus.OPTIMAL, near.status());
        assertTrue(near.iterations() <= cold.iterations() + 1);
    }

    @Test
    void unsolvableSystemsFailWithoutThrowing() {
        // g_2 = −g_1: 0 is in the hull, Φ is unbounded below
        NashResult opposite = solver.solve(new double[][] {{1, -1}, {-1, 1}});
        assertEquals(SolverStatus.FAILED, opposite.status());
        // zero gradient: α_i → ∞
        NashResult zero = solver.solve(new double[][] {{1, 0}, {0, 0}});
        assertEquals(SolverStatus.FAILED, zero.status());
        assertEquals(0, zero.iterations());
        // three tasks whose hull contains 0
        double[][] j = {{1, 0}, {-0.5, 0.8}, {-0.5, -0.8}};
        assertEquals(SolverStatus.FAILED, solver.solve(GramFixtures.gram(j)).status());
    }

    @Test
    void iterationCapGivesAnHonestStatus() {
        SplittableRandom rng = new SplittableRandom(10);
        double[][] g = GramFixtures.gram(GramFixtures.spreadNorms(GramFixtures.gaussian(rng, 10, 12), 1e-2, 1e2));
        NashResult r = new NashBargainingSolver(1, 1e-12).solve(g);
        assertEquals(1, r.iterations());
        assertTrue(r.status() != SolverStatus.OPTIMAL);
        assertEquals(NashBargainingSolver.residual(g, r.alpha()), r.residual(), 0);
    }

    @Test
    void invalidInputThrows() {
        assertThrows(IllegalArgumentException.class, () -> new NashBargainingSolver(0, 1e-12));
        assertThrows(IllegalArgumentException.class, () -> new NashBargainingSolver(10, 0));
        double[][] g = {{1, 0}, {0, 1}};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> solver.solve(g, new double[] {1, -2}));
        assertTrue(e.getMessage().contains("warmStart[1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> solver.solve(g, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> solver.solve(new double[][] {{1, 2}, {0, 1}}));
    }
}
