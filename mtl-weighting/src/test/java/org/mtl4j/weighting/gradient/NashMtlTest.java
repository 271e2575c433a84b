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
import org.mtl4j.core.weighting.FallbackPolicy;
import org.mtl4j.core.weighting.HeadPolicy;
import org.mtl4j.core.weighting.StepWeights;

class NashMtlTest {
    private static final NashMtlConfig UNCLIPPED = NashMtlConfig.defaults().withMaxNorm(0);

    private static StepWeights weigh(NashMtlConfig c, double[][] g, long t) {
        return c.create(g.length).weigh(Harness.gram(g), Harness.ones(g.length), Harness.step(t, 1));
    }

    @Test
    void bargainingSystemHoldsAndTheDirectionHasNormSqrtM() {
        for (long seed = 1; seed <= 6; seed++) {
            int m = 2 + (int) (seed % 5);
            double[][] g = Harness.gaussian(m, 12, seed);
            for (double[] row : g) {                       // a shared component keeps 0 out of the convex hull
                row[0] += 4;
            }
            double[][] gram = Harness.gram(g);
            double[] alpha = weigh(UNCLIPPED, g, 1).weights();
            double[] ga = JacobianMath.multiply(gram, alpha);
            for (int i = 0; i < m; i++) {
                assertTrue(alpha[i] > 0);
                assertEquals(1.0, alpha[i] * ga[i], 1e-6, "α_i (Gα)_i = 1");
            }
            double[] d = Harness.combine(g, alpha);
            assertEquals(m, dot(d, d), 1e-6 * m, "‖d‖² = m before clipping");
            double[] clipped = Harness.combine(g, weigh(NashMtlConfig.defaults(), g, 1).weights());
            assertEquals(1.0, Harness.norm(clipped), 1e-9, "clipped to maxNorm = 1");
            assertClose(Harness.scale(1 / Math.sqrt(m), d), clipped, 1e-9, "clipping keeps the direction");
        }
    }

    @Test
    void closedFormsAndTheSpecExample() {
        double[][] orthogonal = {{2, 0, 0}, {0, 0.5, 0}, {0, 0, 4}};
        assertArrayEquals(new double[] {0.5, 2, 0.25}, weigh(UNCLIPPED, orthogonal, 1).weights(), 1e-10, "α_i = 1/‖g_i‖");
        assertArrayEquals(new double[] {12.7866, 14.1205}, weigh(UNCLIPPED, new double[][] {{1, 0}, {-0.9, 0.1}}, 1).weights(), 1e-4,
                "algorithms.md §12 example");
        double[][] one = {{3, 4}};
        assertArrayEquals(new double[] {0.2}, weigh(UNCLIPPED, one, 1).weights(), 1e-12, "m = 1: α = 1/‖g‖");
        double[][] same = {{1, 2, 2}, {1, 2, 2}, {1, 2, 2}};
        double expected = 1 / Math.sqrt(3 * 9.0);
        assertArrayEquals(new double[] {expected, expected, expected}, weigh(UNCLIPPED, same, 1).weights(), 1e-10, "identical");
    }

    @Test
    void perTaskScalingLeavesTheDirectionUnchanged() {
        double[][] g = Harness.gaussian(4, 9, 3);
        for (double[] row : g) {
            row[0] += 3;
        }
        double[] c = {1e-3, 0.5, 20, 1e3};
        double[][] scaled = new double[4][];
        for (int i = 0; i < 4; i++) {
            scaled[i] = Harness.scale(c[i], g[i]);
        }
        double[] a1 = weigh(UNCLIPPED, g, 1).weights();
        double[] a2 = weigh(UNCLIPPED, scaled, 1).weights();
        for (int i = 0; i < 4; i++) {
            assertEquals(a1[i] / c[i], a2[i], 1e-8 * a1[i] / c[i], "α_i → α_i / c_i");
        }
        assertClose(Harness.combine(g, a1), Harness.combine(scaled, a2), 1e-8, "same d");
    }

    @Test
    void zeroGradientTaskGetsZeroWeight() {
        double[][] g = {{1, 0.2, 0}, {0, 0, 0}, {0.1, 1, 0.3}};
        double[] alpha = weigh(UNCLIPPED, g, 1).weights();
        assertEquals(0.0, alpha[1], 0.0);
        double[][] reduced = {g[0], g[2]};
        double[] r = weigh(UNCLIPPED, reduced, 1).weights();
        assertArrayEquals(new double[] {r[0], 0, r[1]}, alpha, 1e-12);
        assertArrayEquals(new double[] {0, 0}, weigh(NashMtlConfig.defaults(), new double[][] {{0, 0}, {0, 0}}, 1).weights(), 0.0);
    }

    @Test
    void noSolutionFallsBackPerPolicy() {
        double[][] opposite = {{1, -2, 0.5}, {-1, 2, -0.5}};
        NashMtl s = NashMtlConfig.defaults().create(2);
        StepWeights first = s.weigh(Harness.gram(opposite), Harness.ones(2), Harness.step(1, 1));
        assertEquals(Diagnostics.Outcome.FAILED, first.diagnostics().outcome());
        assertTrue(first.diagnostics().fallbackUsed());
        assertArrayEquals(new double[] {1, 1}, first.weights(), 0.0, "previous α, initially 1 (d = 0 here)");
        // after a solvable step, the previous (unclipped) α is used: here α = (1/2, 1)
        double[][] ok = {{2, 0, 0}, {0, 1, 0}};
        s.weigh(Harness.gram(ok), Harness.ones(2), Harness.step(2, 1));
        double[] after = s.weigh(Harness.gram(opposite), Harness.ones(2), Harness.step(3, 1)).weights();
        double norm = Harness.norm(Harness.combine(opposite, new double[] {0.5, 1}));
        assertArrayEquals(Harness.scale(Math.min(1, 1 / norm), new double[] {0.5, 1}), after, 1e-9);
        assertArrayEquals(new double[] {0.5, 0.5},
                NashMtlConfig.defaults().withFallback(FallbackPolicy.USE_UNIFORM).create(2)
                        .weigh(Harness.gram(opposite), Harness.ones(2), Harness.step(1, 1)).weights(), 0.0);
        assertThrows(IllegalStateException.class, () -> NashMtlConfig.defaults().withFallback(FallbackPolicy.FAIL).create(2)
                .weigh(Harness.gram(opposite), Harness.ones(2), Harness.step(1, 1)));
    }

    @Test
    void weightsAreReusedBetweenUpdates() {
        NashMtl s = UNCLIPPED.withUpdateWeightsEvery(3).create(2);
        double[][] g1 = {{1, 0}, {0, 2}};
        double[][] g2 = {{1, 1}, {0, 3}};
        double[] a1 = s.weigh(Harness.gram(g1), Harness.ones(2), Harness.step(1, 1)).weights();
        assertArrayEquals(a1, s.weigh(Harness.gram(g2), Harness.ones(2), Harness.step(2, 1)).weights(), 0.0);
        assertArrayEquals(a1, s.weigh(Harness.gram(g2), Harness.ones(2), Harness.step(3, 1)).weights(), 0.0);
        double[] a4 = s.weigh(Harness.gram(g2), Harness.ones(2), Harness.step(4, 1)).weights();
        assertArrayEquals(weigh(UNCLIPPED, g2, 1).weights(), a4, 1e-10);
        // clipping uses the current Gram also when α is reused
        NashMtl clipped = NashMtlConfig.defaults().withUpdateWeightsEvery(3).create(2);
        clipped.weigh(Harness.gram(g1), Harness.ones(2), Harness.step(1, 1));
        double[] w2 = clipped.weigh(Harness.gram(g2), Harness.ones(2), Harness.step(2, 1)).weights();
        assertEquals(1.0, Harness.norm(Harness.combine(g2, w2)), 1e-12);
    }

    @Test
    void stateFamilyAndValidation() {
        NashMtl a = NashMtlConfig.defaults().create(3);
        assertEquals(HeadPolicy.WEIGHTED, a.referenceHeadPolicy());
        double[][] g = {{1, 0.1, 0}, {0, 1, 0.2}, {0.3, 0, 1}};
        a.weigh(Harness.gram(g), Harness.ones(3), Harness.step(1, 1));
        Map<String, double[]> state = a.saveState();
        NashMtl b = NashMtlConfig.defaults().withUpdateWeightsEvery(5).create(3);
        b.loadState(state);
        NashMtl c = NashMtlConfig.defaults().withUpdateWeightsEvery(5).create(3);
        c.loadState(state);
        assertArrayEquals(b.weigh(Harness.gram(g), Harness.ones(3), Harness.step(2, 1)).weights(),
                c.weigh(Harness.gram(g), Harness.ones(3), Harness.step(2, 1)).weights(), 0.0);
        a.reset();
        assertTrue(a.saveState().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> NashMtlConfig.defaults().withUpdateWeightsEvery(0));
        assertThrows(IllegalArgumentException.class, () -> NashMtlConfig.defaults().withMaxNorm(-1));
        assertThrows(IllegalArgumentException.class, () -> NashMtlConfig.defaults().withMaxNewtonIterations(0));
        assertThrows(IllegalArgumentException.class, () -> NashMtlConfig.defaults().withFallback(null));
        assertThrows(IllegalArgumentException.class, () -> a.loadState(Map.of("alpha", new double[3])));
    }
}
