package org.mtl4j.weighting.gradient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtl4j.weighting.gradient.Harness.assertClose;
import static org.mtl4j.weighting.gradient.Harness.dot;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mtl4j.core.weighting.Diagnostics;
import org.mtl4j.core.weighting.GradientSpace;
import org.mtl4j.core.weighting.StepWeights;
import org.mtl4j.weighting.solver.MinNormSolver;

class MgdaTest {

    private static double[] weights(MgdaConfig c, double[][] g, double[] losses) {
        return Harness.run(c.create(g.length), g, losses, Harness.step(1, 1)).weights();
    }

    /** λ_1 of the two-vector min-norm problem, clipped to [0, 1] (algorithms.md §6 oracle 2). */
    private static double twoTask(double[] g1, double[] g2) {
        double[] diff = Harness.axpy(-1, g2, g1);
        return Math.max(0, Math.min(1, dot(Harness.axpy(-1, g1, g2), g2) / dot(diff, diff)));
    }

    @Test
    void kktConditionsOfTheMinNormPoint() {
        for (MinNormSolver.Method method : MinNormSolver.Method.values()) {
            for (long seed = 1; seed <= 6; seed++) {
                int m = 2 + (int) seed % 5;
                double[][] g = Harness.gaussian(m, 4 + (int) seed, seed);
                Harness.Result r = Harness.run(MgdaConfig.defaults().withSolverMethod(method).create(m), g, Harness.ones(m),
                        Harness.step(1, 1));
                double[] d = r.direction();
                double dd = dot(d, d);
                double scale = 0;
                for (double[] row : Harness.gram(g)) {
                    for (double v : row) {
                        scale = Math.max(scale, Math.abs(v));
                    }
                }
                // the reference iteration stops at ‖Δλ‖₁ < 1e-5, so it only meets a loose tolerance
                double tol = (method == MinNormSolver.Method.SENER_KOLTUN ? 1e-3 : 1e-6) * Math.max(1, scale);
                double sum = 0;
                for (int i = 0; i < m; i++) {
                    double w = r.weights()[i];
                    assertTrue(w >= 0, "λ ≥ 0");
                    sum += w;
                    assertTrue(dot(g[i], d) >= dd - tol, "⟨g_i, d⟩ ≥ ‖d‖² (" + method + ", seed " + seed + ")");
                    if (w > 1e-9) {
                        assertEquals(dd, dot(g[i], d), tol, "equality on the support (" + method + ")");
                    }
                    assertTrue(dot(g[i], d) >= -tol, "common descent direction");
                }
                assertEquals(1, sum, 1e-12);
            }
        }
    }

    @Test
    void twoTaskClosedFormAndDominatedCase() {
        double[][] g = {{1, 0.3, -0.2}, {-0.4, 1, 0.5}};
        double l1 = twoTask(g[0], g[1]);
        assertArrayEquals(new double[] {l1, 1 - l1}, weights(MgdaConfig.defaults(), g, Harness.ones(2)), 1e-12);
        // ⟨g_1, g_2⟩ ≥ ‖g_1‖²: d = g_1
        double[][] dominated = {{1, 0}, {2, 1}};
        Harness.Result r = Harness.run(MgdaConfig.defaults().create(2), dominated, Harness.ones(2), Harness.step(1, 1));
        assertClose(dominated[0], r.direction(), 1e-12, "d = g_1");
        assertArrayEquals(new double[] {0.999, 0.001},
                weights(MgdaConfig.defaults().withSentinels(true), dominated, Harness.ones(2)), 1e-15);
    }

    @Test
    void orthogonalGradientsGiveInverseSquaredNorms() {
        double[][] g = {{2, 0, 0, 0}, {0, 0.5, 0, 0}, {0, 0, 3, 0}, {0, 0, 0, 1}};
        double[] w = weights(MgdaConfig.defaults(), g, Harness.ones(4));
        double[] inv = {1 / 4.0, 1 / 0.25, 1 / 9.0, 1};
        double s = inv[0] + inv[1] + inv[2] + inv[3];
        for (int i = 0; i < 4; i++) {
            assertEquals(inv[i] / s, w[i], 1e-10);
        }
    }

    @Test
    void commonScalingLeavesLambdaUnchanged() {
        double[][] g = Harness.gaussian(5, 8, 9);
        double[] w = weights(MgdaConfig.defaults(), g, Harness.ones(5));
        for (double c : new double[] {1e-3, 7.0, 1e3}) {
            double[][] s = new double[5][];
            for (int i = 0; i < 5; i++) {
                s[i] = Harness.scale(c, g[i]);
            }
            assertArrayEquals(w, weights(MgdaConfig.defaults(), s, Harness.ones(5)), 1e-8, "scale " + c);
        }
    }

    @Test
    void normalisationsAndWhereTheWeightsApply() {
        double[][] g = {{3, 1, 0}, {-1, 2, 0.5}};
        double[] losses = {0.5, 4.0};
        for (MgdaConfig.Normalization n : MgdaConfig.Normalization.values()) {
            double[] norm = new double[2];
            for (int i = 0; i < 2; i++) {
                double l2 = Harness.norm(g[i]);
                norm[i] = switch (n) {
                    case NONE -> 1;
                    case L2 -> l2;
                    case LOSS -> losses[i];
                    case LOSS_PLUS -> losses[i] * l2;
                };
            }
            double l1 = twoTask(Harness.scale(1 / norm[0], g[0]), Harness.scale(1 / norm[1], g[1]));
            double[] raw = weights(MgdaConfig.defaults().withNormalization(n), g, losses);
            assertArrayEquals(new double[] {l1, 1 - l1}, raw, 1e-12, n + " RAW");
            double[] normalized = weights(MgdaConfig.defaults().withNormalization(n).withApplyTo(MgdaConfig.ApplyTo.NORMALIZED), g, losses);
            assertArrayEquals(new double[] {l1 / norm[0], (1 - l1) / norm[1]}, normalized, 1e-12, n + " NORMALIZED");
        }
        assertThrows(IllegalArgumentException.class,
                () -> weights(MgdaConfig.defaults().withNormalization(MgdaConfig.Normalization.LOSS), g, new double[] {0.0, 1.0}));
        assertThrows(IllegalArgumentException.class,
                () -> weights(MgdaConfig.defaults().withNormalization(MgdaConfig.Normalization.LOSS_PLUS), g, new double[] {1.0, -1.0}));
    }

    @Test
    void edgeCases() {
        assertArrayEquals(new double[] {1}, weights(MgdaConfig.defaults(), new double[][] {{1, 2}}, Harness.ones(1)), 0.0);
        // a zero gradient: λ = e_i and d = 0 (Pareto-stationary)
        double[][] zero = {{1, 2, 0}, {0, 0, 0}, {0, 1, 1}};
        Harness.Result r = Harness.run(MgdaConfig.defaults().create(3), zero, Harness.ones(3), Harness.step(1, 1));
        assertArrayEquals(new double[] {0, 1, 0}, r.weights(), 0.0);
        assertClose(new double[3], r.direction(), 0, "d = 0");
        // L2 with a zero gradient stays finite
        Harness.Result l2 = Harness.run(MgdaConfig.defaults().withNormalization(MgdaConfig.Normalization.L2).create(3), zero,
                Harness.ones(3), Harness.step(1, 1));
        assertTrue(Harness.allFinite(l2.weights()));
        // identical gradients: d = g
        double[][] same = {{1, -1, 2}, {1, -1, 2}, {1, -1, 2}};
        assertClose(same[0], Harness.run(MgdaConfig.defaults().create(3), same, Harness.ones(3), Harness.step(1, 1)).direction(),
                1e-12, "d = g");
    }

    @Test
    void configurationStateAndDiagnostics() {
        assertEquals(GradientSpace.REPRESENTATION, MgdaConfig.upperBound().create(2).gradientSpace());
        assertEquals(MgdaConfig.Normalization.LOSS_PLUS, MgdaConfig.upperBound().normalization());
        Mgda s = MgdaConfig.defaults().create(3);
        StepWeights sw = s.weigh(Harness.gram(Harness.gaussian(3, 5, 2)), Harness.ones(3), Harness.step(1, 1));
        assertEquals(Diagnostics.Outcome.OK, sw.diagnostics().outcome());
        Map<String, double[]> state = s.saveState();
        assertArrayEquals(sw.weights(), state.get("previousWeights"), 0.0);
        Mgda t = MgdaConfig.defaults().create(3);
        t.loadState(state);
        assertArrayEquals(sw.weights(), t.saveState().get("previousWeights"), 0.0);
        s.reset();
        assertTrue(s.saveState().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> t.loadState(Map.of("x", new double[3])));
        assertThrows(IllegalArgumentException.class, () -> MgdaConfig.defaults().withNormalization(null));
        assertThrows(IllegalArgumentException.class, () -> MgdaConfig.defaults().withFallback(null));
        assertThrows(IllegalArgumentException.class, () -> MgdaConfig.defaults().create(0));
    }
}
