package org.mtl4j.weighting.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mtl4j.core.weighting.BlockGramianScope;
import org.mtl4j.core.weighting.GradientSpace;
import org.mtl4j.core.weighting.StepWeights;
import org.mtl4j.core.weighting.WeightingRegistry;
import org.mtl4j.testkit.JacobianGenerators;
import org.mtl4j.testkit.StepInfos;
import org.mtl4j.weighting.loss.GradNorm.InitialLoss;
import org.mtl4j.weighting.loss.GradNorm.NormScope;

/** Oracles of algorithms.md §4. */
class GradNormTest {

    /**
     * L_grad(s) = Σ_i |m softmax(s)_i ‖h_i‖ − target_i| with target fixed at s0, written from the
     * spec independently of the class.
     */
    private static double lGrad(double[] s, double[] s0, double[] norms, double[] losses, double[] l0, double alpha) {
        int m = s.length;
        double[] g0 = weightedNorms(s0, norms);
        double gMean = 0;
        double relMean = 0;
        for (int i = 0; i < m; i++) {
            gMean += g0[i] / m;
            relMean += losses[i] / l0[i] / m;
        }
        double[] g = weightedNorms(s, norms);
        double v = 0;
        for (int i = 0; i < m; i++) {
            double target = gMean * Math.pow(losses[i] / l0[i] / relMean, alpha);
            v += Math.abs(g[i] - target);
        }
        return v;
    }

    private static double[] weightedNorms(double[] s, double[] norms) {
        int m = s.length;
        double z = 0;
        for (double v : s) {
            z += Math.exp(v);
        }
        double[] g = new double[m];
        for (int i = 0; i < m; i++) {
            g[i] = m * Math.exp(s[i]) / z * norms[i];
        }
        return g;
    }

    @Test
    void logitGradientMatchesFiniteDifferencesOfLGrad() {
        SplittableRandom rng = new SplittableRandom(9);
        for (int m = 2; m <= 5; m++) {
            double[][] j = JacobianGenerators.withNormSpread(m, 6, 0.1, 10, rng);
            double[][] gram = JacobianGenerators.gramian(j);
            double[] norms = new double[m];
            double[] s = new double[m];
            double[] losses = new double[m];
            double[] epoch0 = new double[m];
            double[] epoch1 = new double[m];
            for (int i = 0; i < m; i++) {
                norms[i] = Math.sqrt(gram[i][i]);
                s[i] = rng.nextDouble() * 2 - 1;
                losses[i] = 0.1 + rng.nextDouble();
                epoch0[i] = 0.5 + rng.nextDouble();
                epoch1[i] = 100; // only epoch 0 is L(0)
            }
            GradNorm gn = GradNorm.Config.defaults().create(m);
            gn.setTrainableValues(s);
            StepWeights sw = gn.weigh(gram, losses, StepInfos.of(7, 2, 1L, List.of(epoch0, epoch1)));
            double h = 1e-6;
            for (int k = 0; k < m; k++) {
                double[] plus = s.clone();
                double[] minus = s.clone();
                plus[k] += h;
                minus[k] -= h;
                double fd = (lGrad(plus, s, norms, losses, epoch0, 1.5) - lGrad(minus, s, norms, losses, epoch0, 1.5)) / (2 * h);
                assertEquals(fd, sw.trainableGradient()[k], 1e-6 * Math.max(1, Math.abs(fd)), "m=" + m + ", k=" + k);
            }
            double sum = 0;
            for (int i = 0; i < m; i++) {
                sum += sw.weights()[i];
                assertEquals(m * Math.exp(s[i]) / java.util.Arrays.stream(s).map(Math::exp).sum(), sw.weights()[i], 1e-12);
            }
            assertEquals(m, sum, 1e-12);
        }
    }

    /** Gram matrix of the columns {@code [from, to)} of {@code j}, by plain loops. */
    private static double[][] blockGram(double[][] j, int from, int to) {
        int m = j.length;
        double[][] g = new double[m][m];
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                for (int c = from; c < to; c++) {
                    g[a][b] += j[a][c] * j[b][c];
                }
            }
        }
        return g;
    }

    @Test
    void lastSharedLayerBalancesTheNormsOfTheLastBlockOnly() {
        // θ = [layer 0: 4 params | layer 1: 2 params]; task 0 dominates layer 0, task 1 the last layer
        double[][] j = {
            {10, 10, 10, 10, 1, 0},
            {0.1, 0.1, 0.1, 0.1, 0, 3}};
        GradNorm gn = new GradNorm.Config(1.5, NormScope.LAST_SHARED_LAYER, 0, InitialLoss.FIRST_STEP).create(2);
        gn.setParameterBlocks(new long[] {4, 2}, new long[] {3, 1, 1, 1});
        assertEquals(new BlockGramianScope.Block(4, 2), gn.gramianBlock(6));
        StepWeights sw = gn.weigh(blockGram(j, 4, 6), new double[] {2, 4}, StepInfos.of(1, 1L));
        // first step: r = 1, target = Ḡ = (1 + 3)/2, π = (½, ½), w = (1, 1); last-block norms n = (1, 3),
        // signs (−1, +1): ∂L/∂s_0 = −1·1·2·½·½ + 1·3·2·½·(−½) = −2, and ∂L/∂s_1 = +2
        assertArrayEquals(new double[] {-2, 2}, sw.trainableGradient(), 1e-12);
        assertArrayEquals(new double[] {1, 1}, sw.weights(), 1e-15);
        // over all of θ task 0 has the larger norm, so the signs and the gradient flip
        GradNorm all = new GradNorm.Config(1.5, NormScope.ALL_SHARED, 0, InitialLoss.FIRST_STEP).create(2);
        assertNull(all.gramianBlock(6));
        double[] allGrad = all.weigh(blockGram(j, 0, 6), new double[] {2, 4}, StepInfos.of(1, 1L)).trainableGradient();
        assertTrue(allGrad[0] > 0 && allGrad[1] < 0, java.util.Arrays.toString(allGrad));
    }

    @Test
    void lastSharedLayerGradientMatchesFiniteDifferencesOnTheLastBlockNorms() {
        SplittableRandom rng = new SplittableRandom(31);
        for (int m = 2; m <= 4; m++) {
            long[] layers = {5, 7, 4};
            int p = 16;
            double[][] j = JacobianGenerators.withNormSpread(m, p, 0.1, 10, rng);
            GradNorm gn = new GradNorm.Config(1.5, NormScope.LAST_SHARED_LAYER, 1, InitialLoss.EPOCH_MEAN).create(m);
            gn.setParameterBlocks(layers, new long[] {3, 2, 6, 1, 3, 1});
            BlockGramianScope.Block block = gn.gramianBlock(p);
            assertEquals(new BlockGramianScope.Block(12, 4), block);
            double[] norms = new double[m];
            double[] s = new double[m];
            double[] losses = new double[m];
            double[] epoch0 = new double[m];
            for (int i = 0; i < m; i++) {
                double sq = 0;
                for (int c = 12; c < 16; c++) {
                    sq += j[i][c] * j[i][c];
                }
                norms[i] = Math.sqrt(sq);
                s[i] = rng.nextDouble() * 2 - 1;
                losses[i] = 0.1 + rng.nextDouble();
                epoch0[i] = 0.5 + rng.nextDouble();
            }
            gn.setTrainableValues(s);
            StepWeights sw = gn.weigh(blockGram(j, 12, 16), losses, StepInfos.of(4, 1, 1L, List.<double[]>of(epoch0)));
            double h = 1e-6;
            for (int k = 0; k < m; k++) {
                double[] plus = s.clone();
                double[] minus = s.clone();
                plus[k] += h;
                minus[k] -= h;
                double fd = (lGrad(plus, s, norms, losses, epoch0, 1.5) - lGrad(minus, s, norms, losses, epoch0, 1.5)) / (2 * h);
                assertEquals(fd, sw.trainableGradient()[k], 1e-6 * Math.max(1, Math.abs(fd)), "m=" + m + ", k=" + k);
            }
            assertEquals(m, java.util.Arrays.stream(sw.weights()).sum(), 1e-12);
        }
    }

    @Test
    void lastSharedLayerNeedsTheParameterBlocks() {
        GradNorm gn = new GradNorm.Config(1.5, NormScope.LAST_SHARED_LAYER, 1, InitialLoss.EPOCH_MEAN).create(2);
        IllegalStateException none = assertThrows(IllegalStateException.class, () -> gn.gramianBlock(6));
        assertTrue(none.getMessage().contains("normScope = LAST_SHARED_LAYER")
                && none.getMessage().contains("setParameterBlocks"), none.getMessage());
        gn.setParameterBlocks(new long[] {4, 2}, new long[] {4, 2});
        IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class, () -> gn.gramianBlock(7));
        assertTrue(mismatch.getMessage().contains("sum to 6 but θ has p = 7"), mismatch.getMessage());
        gn.reset();
        assertEquals(new BlockGramianScope.Block(4, 2), gn.gramianBlock(6), "reset keeps the block structure");
        gn.setParameterBlocks(new long[] {6}, new long[] {6});
        assertEquals(new BlockGramianScope.Block(0, 6), gn.gramianBlock(6), "one layer: the block is all of θ");
        assertThrows(IllegalArgumentException.class, () -> gn.setParameterBlocks(new long[] {4, 0}, new long[] {4}));
        assertThrows(IllegalArgumentException.class, () -> gn.setParameterBlocks(new long[] {4, 2}, new long[] {5}));
        assertThrows(IllegalArgumentException.class, () -> gn.setParameterBlocks(null, new long[] {5}));
        // the other scopes read no block and need no sizes
        assertNull(GradNorm.Config.defaults().create(2).gramianBlock(6));
        assertNull(new GradNorm.Config(1.5, NormScope.REPRESENTATION, 1, InitialLoss.EPOCH_MEAN).create(2).gramianBlock(6));
        assertEquals(GradientSpace.SHARED_PARAMETERS, gn.gradientSpace());
    }

    @Test
    void registryOffersTheLastSharedLayerScope() {
        WeightingRegistry registry = WeightingRegistry.load();
        WeightingRegistry.ParamSpec scope = registry.params("gradnorm").stream()
                .filter(ps -> ps.name().equals("normScope")).findFirst().orElseThrow();
        assertEquals(List.of("ALL_SHARED", "LAST_SHARED_LAYER", "REPRESENTATION"), scope.allowedValues());
        assertEquals(new GradNorm.Config(1.5, NormScope.LAST_SHARED_LAYER, 1, InitialLoss.EPOCH_MEAN),
                registry.configure("gradnorm", Map.of("normScope", "last_shared_layer")));
    }

    @Test
    void singleTaskKeepsWeightOneForever() {
        GradNorm gn = GradNorm.Config.defaults().create(1);
        SplittableRandom rng = new SplittableRandom(1);
        List<double[]> history = List.of(new double[] {2.0});
        for (int t = 1; t <= 50; t++) {
            double g = rng.nextDouble() * 10;
            StepWeights sw = gn.weigh(new double[][] {{g}}, new double[] {rng.nextDouble()}, StepInfos.of(t, 1 + t / 10, 1L, history));
            assertArrayEquals(new double[] {1.0}, sw.weights());
            assertArrayEquals(new double[] {0.0}, sw.trainableGradient());
            double[] s = gn.trainableValues();
            s[0] -= 0.1 * sw.trainableGradient()[0];
            gn.setTrainableValues(s);
        }
    }

    @Test
    void balancedTasksGiveZeroGradient() {
        GradNorm gn = GradNorm.Config.defaults().create(3);
        double[][] gram = {{4, 1, -2}, {1, 4, 0.5}, {-2, 0.5, 4}};
        StepWeights sw = gn.weigh(gram, new double[] {0.5, 1.0, 1.5}, StepInfos.of(5, 1, 1L, List.<double[]>of(new double[] {1, 2, 3})));
        assertArrayEquals(new double[] {0, 0, 0}, sw.trainableGradient(), 1e-15);
        assertArrayEquals(new double[] {1, 1, 1}, sw.weights(), 1e-15);
    }

    @Test
    void warmUpUsesOnesWithoutGradient() {
        GradNorm gn = GradNorm.Config.defaults().create(2);
        gn.setTrainableValues(new double[] {3, -1});
        StepWeights sw = gn.weigh(new double[][] {{1, 0}, {0, 9}}, new double[] {1, 2}, StepInfos.of(1, 1L));
        assertArrayEquals(new double[] {1, 1}, sw.weights());
        assertNull(sw.trainableGradient());
        GradNorm three = new GradNorm.Config(1.5, NormScope.ALL_SHARED, 3, InitialLoss.EPOCH_MEAN).create(2);
        assertNull(three.weigh(new double[][] {{1, 0}, {0, 9}}, new double[] {1, 2},
                StepInfos.of(9, 2, 1L, List.of(new double[] {1, 1}, new double[] {1, 1}))).trainableGradient());
    }

    @Test
    void slowlyTrainingTaskGainsWeight() {
        // equal gradient norms; task 0's loss has not moved from L(0), task 1's has halved
        GradNorm gn = GradNorm.Config.defaults().create(2);
        double[][] gram = {{1, 0}, {0, 1}};
        double[] losses = {1.0, 0.5};
        List<double[]> history = List.<double[]>of(new double[] {1.0, 1.0});
        double[] w = null;
        for (int t = 1; t <= 1000; t++) {
            StepWeights sw = gn.weigh(gram, losses, StepInfos.of(t, 1, 1L, history));
            w = sw.weights();
            double[] s = gn.trainableValues();
            for (int i = 0; i < 2; i++) {
                s[i] -= 0.01 * sw.trainableGradient()[i];
            }
            gn.setTrainableValues(s);
        }
        // r = (4/3, 2/3), Ḡ = 1, targets t_i = r_i^1.5; with w_0 + w_1 = 2 the minimisers of
        // |w_0 − t_0| + |w_1 − t_1| are w_1 ∈ [2 − t_0, t_1], a flat set where the gradient vanishes
        double t0 = Math.pow(4.0 / 3, 1.5);
        double t1 = Math.pow(2.0 / 3, 1.5);
        assertTrue(w[1] >= 2 - t0 - 0.01 && w[1] <= t1 + 0.01, java.util.Arrays.toString(w));
        assertEquals(2, w[0] + w[1], 1e-12);
    }

    @Test
    void firstStepReferenceIsKeptInState() {
        GradNorm gn = new GradNorm.Config(1.0, NormScope.ALL_SHARED, 0, InitialLoss.FIRST_STEP).create(2);
        double[][] gram = {{1, 0}, {0, 4}};
        StepWeights first = gn.weigh(gram, new double[] {2, 4}, StepInfos.of(1, 1L));
        // at the first step r = 1, so target = Ḡ = (1 + 2)/2 and task 0 (G=1) is below, task 1 (G=2) above
        // Σ_i sign_i n_i m π_i (δ_i0 − π_0) with sign = (−1, +1), n = (1, 2), π = (½, ½)
        double expected0 = -1 * 1 * 2 * 0.5 * (1 - 0.5) + 1 * 2 * 2 * 0.5 * (0 - 0.5);
        assertEquals(expected0, first.trainableGradient()[0], 1e-15);
        Map<String, double[]> state = gn.saveState();
        assertArrayEquals(new double[] {2, 4}, state.get("l0"));
        GradNorm other = new GradNorm.Config(1.0, NormScope.ALL_SHARED, 0, InitialLoss.FIRST_STEP).create(2);
        other.loadState(state);
        StepInfosCheck.sameWeights(gn.weigh(gram, new double[] {1, 4}, StepInfos.of(2, 1L)),
                other.weigh(gram, new double[] {1, 4}, StepInfos.of(2, 1L)));
        gn.reset();
        assertEquals(java.util.Set.of("s"), gn.saveState().keySet());
        assertArrayEquals(new double[] {1, 1}, gn.trainableValues());
    }

    @Test
    void normScopeSelectsTheGradientSpace() {
        assertEquals(GradientSpace.SHARED_PARAMETERS, GradNorm.Config.defaults().create(2).gradientSpace());
        assertEquals(GradientSpace.REPRESENTATION,
                new GradNorm.Config(1.5, NormScope.REPRESENTATION, 1, InitialLoss.EPOCH_MEAN).create(2).gradientSpace());
    }

    @Test
    void badInputIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GradNorm.Config(1.5, NormScope.ALL_SHARED, 0, InitialLoss.EPOCH_MEAN));
        assertTrue(e.getMessage().startsWith("warmupEpochs must be >= 1 with initialLoss = EPOCH_MEAN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GradNorm.Config(-1, NormScope.ALL_SHARED, 1, InitialLoss.EPOCH_MEAN));
        assertThrows(IllegalArgumentException.class, () -> new GradNorm.Config(1, null, 1, InitialLoss.EPOCH_MEAN));
        GradNorm gn = GradNorm.Config.defaults().create(2);
        assertThrows(IllegalArgumentException.class,
                () -> gn.weigh(new double[][] {{1}}, new double[] {1, 1}, StepInfos.of(1, 1L)));
        assertThrows(IllegalArgumentException.class,
                () -> gn.weigh(new double[][] {{-1, 0}, {0, 1}}, new double[] {1, 1}, StepInfos.of(1, 1L)));
        assertThrows(IllegalStateException.class,
                () -> gn.weigh(new double[][] {{1, 0}, {0, 1}}, new double[] {1, 1}, StepInfos.of(1, 1, 1L, List.of())));
        assertThrows(IllegalArgumentException.class, () -> gn.weigh(new double[][] {{1, 0}, {0, 1}}, new double[] {-1, 1},
                StepInfos.of(1, 1, 1L, List.<double[]>of(new double[] {1, 1}))));
    }

    /** Bit-equality of two step results. */
    private static final class StepInfosCheck {
        static void sameWeights(StepWeights a, StepWeights b) {
            assertArrayEquals(a.weights(), b.weights());
            assertArrayEquals(a.trainableGradient(), b.trainableGradient());
        }
    }
}
