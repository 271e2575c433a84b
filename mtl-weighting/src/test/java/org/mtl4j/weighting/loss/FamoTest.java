package org.mtl4j.weighting.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mtl4j.core.weighting.PostStepLossHook;
import org.mtl4j.core.weighting.StepInfo;

/** FAMO: algorithms.md §15 oracles (weights at init, Σw = 1, the first logit update, scale invariance). */
class FamoTest {
    private static StepInfo step(long t) {
        return new StepInfo(t, 0, new SplittableRandom(t), List.of());
    }

    @Test
    void atInitTheWeightsAreTheNormalisedInverseLosses() {
        double[] losses = {0.5, 2.0, 8.0};
        Famo famo = Famo.Config.defaults().create(3);
        double[] w = famo.weigh(losses, step(1)).weights();
        double s = 0;
        for (double l : losses) {
            s += 1 / (l + 1e-8);
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(1 / (losses[i] + 1e-8) / s, w[i], 1e-15, "task " + i);
        }
        assertEquals(1.0, w[0] + w[1] + w[2], 1e-15);
    }

    @Test
    void firstLogitUpdateMovesEachLogitByTheLearningRateAgainstItsGradientSign() {
        Famo famo = Famo.Config.defaults().create(3);
        double[] before = {1.0, 1.0, 1.0};
        double[] after = {0.5, 0.9, 0.99};   // task 0 improved most, task 2 least
        famo.weigh(before, step(1));
        famo.afterStep(before, after);
        double[] xi = famo.logits();
        // z = 1/3, δ_i = log(before) − log(after); grad_j = z(δ_j − mean δ); Adam's first step ≈ −lr·sign(grad)
        double[] delta = new double[3];
        double mean = 0;
        for (int i = 0; i < 3; i++) {
            delta[i] = Math.log(1 + 1e-8) - Math.log(after[i] + 1e-8);
            mean += delta[i] / 3;
        }
        for (int j = 0; j < 3; j++) {
            double grad = (delta[j] - mean) / 3;
            assertEquals(-0.025 * Math.signum(grad), xi[j], 1e-8, "logit " + j);
        }
        double[] w = famo.weigh(before, step(2)).weights();
        assertTrue(w[0] < w[1] && w[1] < w[2], "the task whose loss fell most loses weight: " + java.util.Arrays.toString(w));
    }

    @Test
    void adamWithCoupledDecayMatchesAnIndependentRecomputation() {
        Famo famo = new Famo.Config(0.1, 0.05, new double[] {0.1, 0.0}).create(2);
        double[] xi = {0, 0};
        double[] mom = {0, 0};
        double[] vel = {0, 0};
        SplittableRandom r = new SplittableRandom(4);
        for (int k = 1; k <= 6; k++) {
            double[] before = {0.5 + r.nextDouble(), 0.5 + r.nextDouble()};
            double[] after = {before[0] * (0.8 + 0.3 * r.nextDouble()), before[1] * (0.8 + 0.3 * r.nextDouble())};
            famo.weigh(before, step(k));
            famo.afterStep(before, after);
            double z0 = 1 / (1 + Math.exp(xi[1] - xi[0]));
            double[] z = {z0, 1 - z0};
            double[] d = {Math.log(before[0] - 0.1 + 1e-8) - Math.log(after[0] - 0.1 + 1e-8),
                Math.log(before[1] + 1e-8) - Math.log(after[1] + 1e-8)};
            double zd = z[0] * d[0] + z[1] * d[1];
            for (int j = 0; j < 2; j++) {
                double g = z[j] * (d[j] - zd) + 0.05 * xi[j];
                mom[j] = 0.9 * mom[j] + 0.1 * g;
                vel[j] = 0.999 * vel[j] + 0.001 * g * g;
                xi[j] -= 0.1 * (mom[j] / (1 - Math.pow(0.9, k))) / (Math.sqrt(vel[j] / (1 - Math.pow(0.999, k))) + 1e-8);
            }
            assertArrayEquals(xi, famo.logits(), 1e-12, "step " + k);
        }
    }

    @Test
    void scalingATaskAndItsLowerBoundKeepsTheDirection() {
        // d ∝ Σ_i g_i / D_i: scaling L_i, Lmin_i (and so g_i) by c leaves w_i·c·g_i ∝ w_i·g_i
        double[] losses = {0.7, 1.3, 2.2};
        double[] lmin = {0.1, 0.2, 0.3};
        double c = 50;
        double[] w = new Famo.Config(0.025, 1e-3, lmin).create(3).weigh(losses, step(1)).weights();
        double[] scaledLosses = {losses[0], losses[1] * c, losses[2]};
        double[] scaledMin = {lmin[0], lmin[1] * c, lmin[2]};
        double[] ws = new Famo.Config(0.025, 1e-3, scaledMin).create(3).weigh(scaledLosses, step(1)).weights();
        double[] coef = {w[0], w[1], w[2]};
        double[] coefScaled = {ws[0], ws[1] * c, ws[2]};
        double ratio = coefScaled[0] / coef[0];
        for (int i = 0; i < 3; i++) {
            assertEquals(ratio, coefScaled[i] / coef[i], 1e-6, "coefficient of g_" + i);
        }
    }

    @Test
    void singleTaskEdgeCasesAndState() {
        Famo famo = Famo.Config.defaults().create(1);
        assertArrayEquals(new double[] {1}, famo.weigh(new double[] {3}, step(1)).weights(), 0);
        famo.afterStep(new double[] {3}, new double[] {1});
        assertArrayEquals(new double[] {0}, famo.logits(), 0, "m = 1: the logit gradient is 0");
        assertTrue(famo instanceof PostStepLossHook);
        Famo a = Famo.Config.defaults().create(2);
        a.weigh(new double[] {1, 2}, step(1));
        a.afterStep(new double[] {1, 2}, new double[] {0.5, 1.9});
        Map<String, double[]> s = a.saveState();
        Famo b = Famo.Config.defaults().create(2);
        b.loadState(s);
        a.afterStep(new double[] {0.5, 1.9}, new double[] {0.4, 1.0});
        b.afterStep(new double[] {0.5, 1.9}, new double[] {0.4, 1.0});
        assertArrayEquals(a.logits(), b.logits(), 0.0);
        // losses below the lower bound are clamped, not NaN
        double[] w = new Famo.Config(0.025, 0, new double[] {1, 1}).create(2).weigh(new double[] {0.5, 2}, step(1)).weights();
        assertTrue(Double.isFinite(w[0]) && Math.abs(w[0] + w[1] - 1) < 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Famo.Config(0, 0, new double[0]));
        assertTrue(e.getMessage().contains("wLr"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Famo.Config(0.1, 0, new double[] {1, 2}).create(3));
        assertThrows(IllegalArgumentException.class, () -> b.loadState(Map.of("adamSteps", new double[] {-1})));
    }
}
