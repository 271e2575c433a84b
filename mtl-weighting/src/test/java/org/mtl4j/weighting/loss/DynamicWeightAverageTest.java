package org.mtl4j.weighting.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.testkit.StepInfos;

/** Oracles of algorithms.md §3. */
class DynamicWeightAverageTest {
    private static double[] weigh(DynamicWeightAverage dwa, int epoch, List<double[]> history) {
        StepInfo info = StepInfos.of(10, epoch, 1L, history);
        return dwa.weigh(new double[dwa.numTasks()], info).weights();
    }

    @Test
    void firstTwoEpochsGiveOnes() {
        DynamicWeightAverage dwa = DynamicWeightAverage.Config.defaults().create(3);
        assertArrayEquals(new double[] {1, 1, 1}, weigh(dwa, 0, List.of()));
        assertArrayEquals(new double[] {1, 1, 1}, weigh(dwa, 1, List.of(new double[] {1, 2, 3})));
    }

    @Test
    void equalRatiosGiveOnes() {
        DynamicWeightAverage dwa = DynamicWeightAverage.Config.defaults().create(4);
        double[] a = {0.5, 2, 7, 0.01};
        double[] b = {0.35, 1.4, 4.9, 0.007};
        double[] w = weigh(dwa, 2, List.of(a, b));
        for (double wi : w) {
            assertEquals(1.0, wi, 1e-12);
        }
    }

    @Test
    void weightsSumToMAndMatchTheClosedForm() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int m = 1; m <= 6; m++) {
            double temperature = 0.5 + rng.nextDouble() * 3;
            DynamicWeightAverage dwa = new DynamicWeightAverage.Config(temperature).create(m);
            double[] older = new double[m];
            double[] old = new double[m];
            double[] last = new double[m];
            for (int i = 0; i < m; i++) {
                older[i] = 10 * rng.nextDouble();
                old[i] = 0.1 + rng.nextDouble();
                last[i] = 0.1 + rng.nextDouble();
            }
            double[] w = weigh(dwa, 3, List.of(older, old, last));
            double sum = 0;
            double z = 0;
            for (int i = 0; i < m; i++) {
                sum += w[i];
                z += Math.exp(last[i] / old[i] / temperature);
            }
            assertEquals(m, sum, 1e-12);
            for (int i = 0; i < m; i++) {
                assertEquals(m * Math.exp(last[i] / old[i] / temperature) / z, w[i], 1e-12, "uses the last two epochs");
            }
        }
    }

    @Test
    void slowerTaskGetsMoreWeight() {
        DynamicWeightAverage dwa = DynamicWeightAverage.Config.defaults().create(2);
        double[] w = weigh(dwa, 2, List.of(new double[] {1, 1}, new double[] {1, 0.5}));
        double e1 = Math.exp(0.5);
        double e2 = Math.exp(0.25);
        assertEquals(2 * e1 / (e1 + e2), w[0], 1e-15);
        assertEquals(2 * e2 / (e1 + e2), w[1], 1e-15);
    }

    @Test
    void singleTaskGivesOne() {
        DynamicWeightAverage dwa = DynamicWeightAverage.Config.defaults().create(1);
        assertArrayEquals(new double[] {1}, weigh(dwa, 5, List.of(new double[] {3}, new double[] {2}, new double[] {1})));
    }

    @Test
    void zeroDenominatorCountsAsRatioOne() {
        DynamicWeightAverage dwa = DynamicWeightAverage.Config.defaults().create(2);
        double[] w = weigh(dwa, 2, List.of(new double[] {0, 2}, new double[] {5, 2}));
        assertArrayEquals(new double[] {1, 1}, w, 1e-15);
    }

    @Test
    void overflowingRatioTakesTheSoftmaxLimit() {
        DynamicWeightAverage dwa = DynamicWeightAverage.Config.defaults().create(3);
        double[] w = weigh(dwa, 2, List.of(new double[] {1e-320, 1, 1}, new double[] {1e10, 1, 1}));
        assertArrayEquals(new double[] {3, 0, 0}, w);
    }

    @Test
    void missingHistoryIsAnError() {
        DynamicWeightAverage dwa = DynamicWeightAverage.Config.defaults().create(2);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> weigh(dwa, 2, List.<double[]>of(new double[] {1, 1})));
        assertEquals("DWA needs the mean training losses of the two previous epochs at epoch 2, but StepInfo.epochLosses"
                + " has 1 entries", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> weigh(dwa, 2, List.of(new double[] {1}, new double[] {1, 1})));
        assertThrows(IllegalArgumentException.class, () -> new DynamicWeightAverage.Config(0));
        assertThrows(IllegalArgumentException.class, () -> new DynamicWeightAverage.Config(Double.POSITIVE_INFINITY));
    }
}
