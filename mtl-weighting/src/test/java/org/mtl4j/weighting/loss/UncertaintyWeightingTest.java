package org.mtl4j.weighting.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mtl4j.core.weighting.StepWeights;
import org.mtl4j.testkit.StepInfos;

/** Oracles of algorithms.md §2. */
class UncertaintyWeightingTest {

    /** L_UW(s) = Σ ½e^{−s_i}L_i + ½s_i, computed independently of the class. */
    private static double objective(double[] s, double[] losses) {
        double v = 0;
        for (int i = 0; i < s.length; i++) {
            v += 0.5 * Math.exp(-s[i]) * losses[i] + 0.5 * s[i];
        }
        return v;
    }

    @Test
    void initialWeightIsHalfESqrt() {
        UncertaintyWeighting uw = UncertaintyWeighting.Config.defaults().create(3);
        StepWeights w = uw.weigh(new double[] {1, 2, 3}, StepInfos.of(1, 1L));
        for (double wi : w.weights()) {
            assertEquals(0.5 * Math.exp(0.5), wi, 1e-15);
        }
        assertEquals(0.8243606353500641, w.weights()[0], 1e-15);
    }

    @Test
    void trainableGradientMatchesFiniteDifferencesOfTheObjective() {
        UncertaintyWeighting uw = UncertaintyWeighting.Config.defaults().create(4);
        double[] s = {-0.7, 0.0, 0.4, 1.9};
        double[] losses = {0.3, 2.5, 0.05, 11.0};
        uw.setTrainableValues(s);
        double[] grad = uw.weigh(losses, StepInfos.of(1, 1L)).trainableGradient();
        double h = 1e-6;
        for (int i = 0; i < s.length; i++) {
            double[] plus = s.clone();
            double[] minus = s.clone();
            plus[i] += h;
            minus[i] -= h;
            double fd = (objective(plus, losses) - objective(minus, losses)) / (2 * h);
            assertEquals(fd, grad[i], 1e-8, "dL/ds_" + i);
            assertEquals(0.5 * (1 - Math.exp(-s[i]) * losses[i]), grad[i], 1e-15);
        }
    }

    @Test
    void weightsAreTheLossCoefficientsOfTheObjective() {
        UncertaintyWeighting uw = UncertaintyWeighting.Config.defaults().create(2);
        double[] s = {0.3, -1.2};
        uw.setTrainableValues(s);
        double[] losses = {1.5, 0.2};
        double[] w = uw.weigh(losses, StepInfos.of(1, 1L)).weights();
        double h = 1e-6;
        for (int i = 0; i < 2; i++) {
            double[] plus = losses.clone();
            double[] minus = losses.clone();
            plus[i] += h;
            minus[i] -= h;
            assertEquals((objective(s, plus) - objective(s, minus)) / (2 * h), w[i], 1e-9);
        }
    }

    @Test
    void gradientDescentWithFixedLossesConvergesToLogLoss() {
        double[] losses = {0.3, 2.0, 7.5};
        UncertaintyWeighting uw = new UncertaintyWeighting.Config(0.0).create(3);
        double[] w = null;
        for (int t = 1; t <= 3000; t++) {
            StepWeights sw = uw.weigh(losses, StepInfos.of(t, 1L));
            w = sw.weights();
            double[] s = uw.trainableValues();
            for (int i = 0; i < 3; i++) {
                s[i] -= 0.5 * sw.trainableGradient()[i];
            }
            uw.setTrainableValues(s);
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(Math.log(losses[i]), uw.trainableValues()[i], 1e-9);
            assertEquals(1 / (2 * losses[i]), w[i], 1e-9);
        }
    }

    @Test
    void singleTaskWorks() {
        UncertaintyWeighting uw = new UncertaintyWeighting.Config(0.0).create(1);
        StepWeights w = uw.weigh(new double[] {2.0}, StepInfos.of(1, 1L));
        assertArrayEquals(new double[] {0.5}, w.weights());
        assertArrayEquals(new double[] {-0.5}, w.trainableGradient());
    }

    @Test
    void stateRoundTripAndReset() {
        UncertaintyWeighting uw = UncertaintyWeighting.Config.defaults().create(2);
        uw.setTrainableValues(new double[] {1, 2});
        Map<String, double[]> state = uw.saveState();
        uw.reset();
        assertArrayEquals(new double[] {-0.5, -0.5}, uw.trainableValues());
        uw.loadState(state);
        assertArrayEquals(new double[] {1, 2}, uw.trainableValues());
        assertThrows(IllegalArgumentException.class, () -> uw.loadState(Map.of("x", new double[2])));
        assertThrows(IllegalArgumentException.class, () -> uw.loadState(Map.of("s", new double[3])));
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new UncertaintyWeighting.Config(Double.NaN));
        UncertaintyWeighting uw = UncertaintyWeighting.Config.defaults().create(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> uw.weigh(new double[] {1}, StepInfos.of(1, 1L)));
        assertEquals("UW: expected 2 losses (one per task), found 1: [1.0]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> uw.weigh(new double[] {1, Double.NaN}, StepInfos.of(1, 1L)));
        assertThrows(IllegalArgumentException.class, () -> uw.setTrainableValues(new double[] {1, Double.POSITIVE_INFINITY}));
        assertThrows(IllegalArgumentException.class, () -> UncertaintyWeighting.Config.defaults().create(0));
    }
}
