package org.mtl4j.weighting.gradient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtl4j.weighting.gradient.Harness.assertClose;
import static org.mtl4j.weighting.gradient.Harness.dot;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mtl4j.core.weighting.StepInfo;

class GradVacTest {

    /** Vector-form GradVac written from the spec; targets rhoHat[i][j][k] are updated in place. */
    private static double[] reference(double[][] g, int[] blocks, double[][][] rhoHat, double beta, StepInfo step) {
        int m = g.length;
        int p = g[0].length;
        double[] d = new double[p];
        int[] order = new int[m];
        for (int i = 0; i < m; i++) {
            double[] gi = g[i].clone();
            int n = 0;
            for (int j = 0; j < m; j++) {
                if (j != i) {
                    order[n++] = j;
                }
            }
            JacobianMath.shuffle(order, n, step.random());
            for (int o = 0; o < n; o++) {
                int j = order[o];
                int from = 0;
                for (int k = 0; k < blocks.length; k++) {
                    int to = from + blocks[k];
                    double[] a = Arrays.copyOfRange(gi, from, to);
                    double[] b = Arrays.copyOfRange(g[j], from, to);
                    double rho = dot(a, b) / (Harness.norm(a) * Harness.norm(b) + 1e-8);
                    rho = Math.max(-1, Math.min(1, rho));
                    double target = rhoHat[i][j][k];
                    if (rho < target && Harness.norm(b) > 0) {
                        double coef = Harness.norm(a) * (target * Math.sqrt(1 - rho * rho) - rho * Math.sqrt(1 - target * target))
                                / (Harness.norm(b) * Math.sqrt(1 - target * target) + 1e-8);
                        for (int x = from; x < to; x++) {
                            gi[x] += coef * g[j][x];
                        }
                    }
                    rhoHat[i][j][k] = (1 - beta) * target + beta * rho;
                    from = to;
                }
            }
            d = Harness.axpy(1, gi, d);
        }
        return d;
    }

    private static double[][] rotate(double[][] g, double amount, long seed) {
        double[][] n = Harness.gaussian(g.length, g[0].length, seed);
        double[][] out = new double[g.length][];
        for (int i = 0; i < g.length; i++) {
            out[i] = Harness.axpy(amount, n[i], g[i]);
        }
        return out;
    }

    @Test
    void matchesTheVectorFormOverSeveralStepsWithBlocks() {
        int m = 4;
        int[] tensors = {3, 5, 2, 6};
        int[] layers = {8, 8};
        double[][] base = Harness.gaussian(m, 16, 21);
        for (GradVacConfig.GroupType type : GradVacConfig.GroupType.values()) {
            int[] blocks = switch (type) {
                case WHOLE_MODEL -> new int[] {16};
                case ALL_LAYER -> layers;
                case ALL_MATRIX -> tensors;
            };
            GradVac s = GradVacConfig.defaults().withGroupType(type).create(m);
            s.setParameterBlocks(new long[] {8, 8}, new long[] {3, 5, 2, 6});
            double[][][] rhoHat = new double[m][m][blocks.length];
            for (int t = 1; t <= 6; t++) {
                double[][] g = rotate(base, 0.7, 100 + t);
                double[] expected = reference(g, blocks, rhoHat, 0.5, Harness.step(t, 3));
                Harness.Result r = Harness.run(s, g, Harness.ones(m), Harness.step(t, 3));
                assertClose(expected, r.direction(), 1e-9, type + " step " + t);
                if (blocks.length == 1) {
                    assertNotNull(r.weights());
                    assertClose(r.direction(), Harness.combine(g, r.weights()), 1e-10, "d = Jᵀw");
                } else {
                    assertNull(r.weights());
                }
            }
            double[] state = s.saveState().get("rhoHat");
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    for (int k = 0; k < blocks.length; k++) {
                        assertEquals(rhoHat[i][j][k], state[(i * m + j) * blocks.length + k], 1e-9);
                    }
                }
            }
        }
    }

    @Test
    void floatJacobianWithBlocksMatchesDouble() {
        double[][] g = Harness.gaussian(3, 40, 31);
        double[][] results = new double[2][];
        org.nd4j.linalg.api.buffer.DataType[] types = {org.nd4j.linalg.api.buffer.DataType.DOUBLE,
            org.nd4j.linalg.api.buffer.DataType.FLOAT};
        for (int t = 0; t < 2; t++) {
            GradVac s = GradVacConfig.defaults().withGroupType(GradVacConfig.GroupType.ALL_MATRIX).create(3);
            s.setParameterBlocks(new long[] {25, 15}, new long[] {7, 18, 1, 14});
            Harness.run(s, g, Harness.ones(3), Harness.step(1, 2), types[t]);
            results[t] = Harness.run(s, g, Harness.ones(3), Harness.step(2, 2), types[t]).direction();
        }
        assertClose(results[0], results[1], 1e-5, "float vs double, 4 blocks");
    }

    @Test
    void adjustedGradientReachesTheTargetCosine() {
        double[][] first = {{1, 0.2, 0.1}, {0.9, 0.3, -0.1}};   // cosine ≈ 0.95 → targets 0.475
        GradVac s = GradVacConfig.defaults().create(2);
        Harness.run(s, first, Harness.ones(2), Harness.step(1, 1));
        double[] targets = s.saveState().get("rhoHat");
        double[][] g = {{1, 0.5, -0.3}, {-0.2, 1, 0.4}};
        double cos01 = dot(g[0], g[1]) / (Harness.norm(g[0]) * Harness.norm(g[1]));
        assertTrue(cos01 < targets[1], "below target");
        double[][][] c = s.coefficients(new double[][][] {Harness.gram(g)}, Harness.step(2, 1));
        double[] adjusted = Harness.combine(g, c[0][0]);
        double cos = dot(adjusted, g[1]) / (Harness.norm(adjusted) * Harness.norm(g[1]));
        assertEquals(targets[1], cos, 1e-6, "cos(ĝ_0, g_1) = ρ̂_01");
    }

    @Test
    void firstStepEqualsPcGradWithTheSamePermutations() {
        for (long seed = 1; seed <= 4; seed++) {
            double[][] g = Harness.gaussian(5, 6, seed);
            double[] pc = Harness.run(PcGradConfig.defaults().create(5), g, Harness.ones(5), Harness.step(1, seed)).direction();
            double[] vac = Harness.run(GradVacConfig.defaults().create(5), g, Harness.ones(5), Harness.step(1, seed)).direction();
            assertClose(pc, vac, 1e-6, "seed " + seed);
        }
    }

    @Test
    void cosinesAboveTheTargetsGiveTheSum() {
        double[][] g = {{1, 0.1, 0}, {0.5, 1, 0.2}, {0.3, 0.2, 1}};
        Harness.Result r = Harness.run(GradVacConfig.defaults().create(3), g, Harness.ones(3), Harness.step(1, 2));
        assertClose(Harness.sum(g), r.direction(), 1e-12, "Σ g_i");
    }

    @Test
    void stateRoundTripAndReset() {
        double[][] g1 = Harness.gaussian(3, 5, 1);
        double[][] g2 = Harness.gaussian(3, 5, 2);
        GradVac a = GradVacConfig.defaults().withBeta(0.3).create(3);
        Harness.run(a, g1, Harness.ones(3), Harness.step(1, 4));
        Map<String, double[]> state = a.saveState();
        GradVac b = GradVacConfig.defaults().withBeta(0.3).create(3);
        b.loadState(state);
        assertArrayEquals(Harness.run(a, g2, Harness.ones(3), Harness.step(2, 4)).direction(),
                Harness.run(b, g2, Harness.ones(3), Harness.step(2, 4)).direction(), 0.0);
        a.reset();
        GradVac fresh = GradVacConfig.defaults().withBeta(0.3).create(3);
        assertArrayEquals(Harness.run(fresh, g2, Harness.ones(3), Harness.step(2, 4)).direction(),
                Harness.run(a, g2, Harness.ones(3), Harness.step(2, 4)).direction(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> b.loadState(Map.of("rhoHat", new double[5])));
        assertThrows(IllegalArgumentException.class, () -> b.loadState(Map.of("other", new double[9])));
    }

    @Test
    void blocksMustCoverTheParameters() {
        GradVac s = GradVacConfig.defaults().withGroupType(GradVacConfig.GroupType.ALL_MATRIX).create(2);
        s.setParameterBlocks(new long[] {4}, new long[] {1, 3});
        assertThrows(IllegalArgumentException.class, () -> Harness.run(s, Harness.gaussian(2, 5, 1), Harness.ones(2), Harness.step(1, 1)));
        assertThrows(IllegalArgumentException.class, () -> s.setParameterBlocks(new long[] {4}, new long[] {0, 4}));
        assertThrows(IllegalArgumentException.class, () -> s.setParameterBlocks(new long[] {4}, new long[] {5}));
        // no blocks set: the whole vector is one block
        double[][] g = Harness.gaussian(3, 6, 5);
        double[] whole = Harness.run(GradVacConfig.defaults().create(3), g, Harness.ones(3), Harness.step(1, 6)).direction();
        double[] layer = Harness.run(GradVacConfig.defaults().withGroupType(GradVacConfig.GroupType.ALL_LAYER).create(3), g,
                Harness.ones(3), Harness.step(1, 6)).direction();
        assertArrayEquals(whole, layer, 0.0);
    }

    @Test
    void edgeCasesAndValidation() {
        double[][] one = {{1, -2}};
        assertClose(one[0], Harness.run(GradVacConfig.defaults().create(1), one, Harness.ones(1), Harness.step(1, 1)).direction(),
                1e-15, "m = 1");
        double[][] same = {{1, 2}, {1, 2}};
        GradVac s = GradVacConfig.defaults().create(2);
        for (int t = 1; t <= 3; t++) {
            assertClose(new double[] {2, 4}, Harness.run(s, same, Harness.ones(2), Harness.step(t, 1)).direction(), 1e-12, "m·g");
        }
        assertThrows(IllegalArgumentException.class, () -> GradVacConfig.defaults().withBeta(0));
        assertThrows(IllegalArgumentException.class, () -> GradVacConfig.defaults().withBeta(1.5));
        assertThrows(IllegalArgumentException.class, () -> GradVacConfig.defaults().withGroupType(null));
    }
}
