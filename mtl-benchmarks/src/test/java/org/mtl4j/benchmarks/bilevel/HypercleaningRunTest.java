package org.mtl4j.benchmarks.bilevel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mtl4j.benchmarks.data.LabeledImages;
import org.mtl4j.weighting.bilevel.OuterOptimizer;

/** Smoke runs of the hyper-cleaning loop on tiny synthetic images, and its metrics. */
class HypercleaningRunTest {

    private static LabeledImages pool(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] pix = new float[n * 784];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
            for (int k = 0; k < 784; k++) {
                pix[i * 784 + k] = (k % 10 == labels[i] ? 0.8f : 0f) + (float) (0.2 * r.nextDouble());
            }
        }
        return new LabeledImages(28, 28, pix, labels);
    }

    @Test
    void bothMethodsRunAndReportMetricsInRange() {
        List<CleaningTask> tasks = List.of(
                CleaningTask.build("a", pool(60, 1), null, new CleaningSplit(30, 10, 5, 15), 0.5, 1),
                CleaningTask.build("b", pool(60, 2), null, new CleaningSplit(30, 10, 5, 15), 0.5, 2));
        for (BilevelMethod m : BilevelMethod.values()) {
            HypercleaningConfig cfg = new HypercleaningConfig(m, 3, 2, 0.1, 0.05, OuterOptimizer.ADAM, 0.1, 0.5, true, 10, 5, 1, 16, 8);
            HypercleaningRun.Result r = new HypercleaningRun(cfg, tasks, 7).run();
            assertEquals(3, r.trace().size());
            assertEquals(2, r.tasks().size());
            for (HypercleaningRun.TaskResult t : r.tasks()) {
                assertTrue(t.testAccuracy() >= 0 && t.testAccuracy() <= 1);
                assertTrue(t.cleaning().f1() >= 0 && t.cleaning().f1() <= 1);
            }
            assertEquals(CleaningNetwork.numParams(2, 16, 8), r.numParams());
        }
    }

    @Test
    void cleaningMetricsAreCountedAgainstTheTrueLabels() {
        CleaningTask t = new CleaningTask("x", null, new int[4], new boolean[] {true, true, false, false}, null, null, null, null,
                null, null);
        HypercleaningRun.Cleaning c = HypercleaningRun.cleaning(new double[] {9, 0.5, -1, 0.0, 3}, 1, t);
        // kept: α ≥ 0 → samples 0, 2 (α = 0.0), 3 of the task (offset 1): clean kept = 1 of 2 clean, kept = 3
        assertEquals(3, c.kept());
        assertEquals(1, c.cleanKept());
        assertEquals(1.0 / 3, c.precision(), 1e-15);
        assertEquals(0.5, c.recall(), 1e-15);
        assertEquals(2 * (1.0 / 3) * 0.5 / (1.0 / 3 + 0.5), c.f1(), 1e-15);
        int[] s = HypercleaningRun.sample(10, 4, new SplittableRandom(1));
        assertEquals(4, java.util.Arrays.stream(s).distinct().count());
        assertThrows(IllegalArgumentException.class, () -> new HypercleaningConfig(BilevelMethod.MOML, 1, 0, 0.1, 0.1,
                OuterOptimizer.SGD, 0.1, 0.5, true, 0, 0, 0, 8, 8));
    }
}
