package org.mtl4j.benchmarks.multidigit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mtl4j.core.listener.EpochEvent;
import org.mtl4j.core.listener.RunStartEvent;
import org.mtl4j.core.listener.StepEvent;

/** The conflict columns of epochs.csv against sums computed here. */
class RunHistoryTest {

    private static StepEvent step(int epoch, int batch, double minCos) {
        return new StepEvent(epoch, 10L * epoch + batch, batch, new double[] {1, 2}, new double[] {1, 1}, minCos, 1, 1e-3, 1);
    }

    private static EpochEvent epoch(int e) {
        return new EpochEvent(e, new double[] {1, 2}, null, Map.of(), Map.of(), 0, e, 1, Map.of());
    }

    @Test
    void epochStatisticsUseOnlyStepsWithAGramMatrix() {
        RunHistory h = new RunHistory(null);
        h.onRunStart(new RunStartEvent(List.of("a", "b"), 2, 4, 0, "ew"), null);
        double[] first = {0.5, -0.2, Double.NaN, 0.1};
        for (int b = 0; b < first.length; b++) {
            h.onStep(step(0, b, first[b]), null);
        }
        h.onEpoch(epoch(0), null);
        for (int b = 0; b < 4; b++) {
            h.onStep(step(1, b, Double.NaN), null);
        }
        h.onEpoch(epoch(1), null);
        List<String> lines = h.csv().lines().toList();
        String[] e0 = lines.get(1).split(",", -1);
        assertEquals((0.5 - 0.2 + 0.1) / 3, Double.parseDouble(e0[e0.length - 2]), 1e-6, "mean over the 3 steps with a value");
        assertEquals(1.0 / 3, Double.parseDouble(e0[e0.length - 1]), 1e-6, "one of 3 steps has cos < 0");
        String[] e1 = lines.get(2).split(",", -1);
        assertEquals("", e1[e1.length - 2], "no Gram matrix in epoch 1");
        assertEquals("", e1[e1.length - 1]);
        assertArrayEquals(new double[] {0.5, -0.2, 0.1}, h.stepMinCosines(), 0.0);
        assertArrayEquals(new double[] {0.25, 0.5, 1.0}, h.stepMinCosineTimes(), 1e-12, "fractional epochs of those steps");
    }
}
