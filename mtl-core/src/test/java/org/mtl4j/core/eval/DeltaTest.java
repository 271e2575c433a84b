package org.mtl4j.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mtl4j.core.metric.Direction;
import org.mtl4j.core.task.TaskId;

/**
 * Δp and Δm against numbers recomputed by hand and published table rows
 * (benchmarks.md §2.5, §3.7; rows marked there as verified or consistency-checked).
 */
class DeltaTest {

    private static final Direction UP = Direction.HIGHER_IS_BETTER;
    private static final Direction DOWN = Direction.LOWER_IS_BETTER;
    private static final String[] NYU_METRICS = {
        "miou", "pixel-accuracy", "abs-err", "rel-err", "angle-mean", "angle-median", "within-11.25", "within-22.5", "within-30"};
    private static final String[] NYU_TASKS = {"segmentation", "segmentation", "depth", "depth",
        "normal", "normal", "normal", "normal", "normal"};
    private static final Direction[] NYU_DIRECTIONS = {UP, UP, DOWN, DOWN, DOWN, DOWN, UP, UP, UP};

    private static EvaluationResult nyu(double... values) {
        EvaluationResult.Builder b = EvaluationResult.builder();
        for (int i = 0; i < 9; i++) {
            b.put(NYU_TASKS[i], NYU_METRICS[i], values[i], NYU_DIRECTIONS[i]);
        }
        return b.build();
    }

    private static final EvaluationResult SEGNET_STL = nyu(38.30, 63.76, 0.6754, 0.2780, 25.01, 19.21, 30.14, 57.20, 69.15);

    @Test
    void deltaMReproducesPublishedNyuRows() {
        // Δm as reported by Nash-MTL/CAGrad (benchmarks.md §3.7; rows with 4-decimal depth errors)
        assertEquals(5.59, DeltaM.of(SEGNET_STL, nyu(39.29, 65.33, 0.5493, 0.2263, 28.15, 23.96, 22.09, 47.50, 61.08)), 0.005);
        assertEquals(1.38, DeltaM.of(SEGNET_STL, nyu(30.47, 59.90, 0.6070, 0.2555, 24.88, 19.45, 29.18, 56.88, 69.36)), 0.005);
        assertEquals(0.19, DeltaM.of(SEGNET_STL, nyu(39.79, 65.49, 0.5486, 0.2250, 26.31, 21.58, 25.61, 52.36, 65.58)), 0.005);
        assertEquals(-4.05, DeltaM.of(SEGNET_STL, nyu(40.13, 65.93, 0.5261, 0.2171, 25.26, 20.08, 28.40, 55.47, 68.15)), 0.005);
        assertEquals(0.0, DeltaM.of(SEGNET_STL, SEGNET_STL), 0.0);
    }

    @Test
    void deltaPReproducesLibMtlNumbers() {
        // DeepLab/ResNet-50 EW vs STL from the DB-MTL paper: Δp −1.78 (benchmarks.md §3.7)
        EvaluationResult stl = nyu(53.50, 75.39, 0.3926, 0.1605, 21.99, 15.16, 39.04, 65.00, 75.16);
        EvaluationResult ew = nyu(53.93, 75.53, 0.3825, 0.1577, 23.57, 17.01, 35.04, 60.99, 72.05);
        assertEquals(-1.78, DeltaP.of(stl, ew), 0.005);
        // Office-31 EW vs STL, one accuracy per task: Δp −0.61 (benchmarks.md §2.5)
        EvaluationResult officeStl = EvaluationResult.builder()
                .put("amazon", "accuracy", 86.61, UP).put("dslr", "accuracy", 95.63, UP).put("webcam", "accuracy", 96.85, UP).build();
        EvaluationResult officeEw = EvaluationResult.builder()
                .put("amazon", "accuracy", 83.53, UP).put("dslr", "accuracy", 97.27, UP).put("webcam", "accuracy", 96.85, UP).build();
        assertEquals(-0.61, DeltaP.of(officeStl, officeEw), 0.005);
    }

    @Test
    void deltaPAveragesWithinTasksFirstAndDeltaMOverAllMetrics() {
        // hand example: task a has 1 metric (+10 %), task b has 3 metrics (−10 %, 0, 0)
        EvaluationResult base = EvaluationResult.builder()
                .put("a", "acc", 0.5, UP)
                .put("b", "err1", 2.0, DOWN).put("b", "err2", 4.0, DOWN).put("b", "acc", 0.8, UP).build();
        EvaluationResult run = EvaluationResult.builder()
                .put("a", "acc", 0.55, UP)
                .put("b", "err1", 2.2, DOWN).put("b", "err2", 4.0, DOWN).put("b", "acc", 0.8, UP).build();
        // Δp = (10 + (−10 + 0 + 0)/3) / 2 = 10/3;  Δm = −(10 − 10 + 0 + 0)/4 = 0
        assertEquals(10.0 / 3, DeltaP.of(base, run), 1e-12);
        assertEquals(0.0, DeltaM.of(base, run), 1e-12);
        Map<TaskId, Double> perTask = DeltaP.perTask(base, run, run.keys());
        assertEquals(10.0, perTask.get(TaskId.of("a")), 1e-12);
        assertEquals(-10.0 / 3, perTask.get(TaskId.of("b")), 1e-12);
        // NYUv2 SegNet EW: Δp (LibMTL) and Δm (Nash) differ in weight and sign
        EvaluationResult segEw = nyu(39.29, 65.33, 0.5493, 0.2263, 28.15, 23.96, 22.09, 47.50, 61.08);
        assertEquals(0.878, DeltaP.of(SEGNET_STL, segEw), 0.001);
    }

    @Test
    void signsFollowTheDirection() {
        EvaluationResult base = EvaluationResult.builder().put("t", "acc", 0.8, UP).put("u", "err", 1.0, DOWN).build();
        EvaluationResult better = EvaluationResult.builder().put("t", "acc", 0.88, UP).put("u", "err", 0.9, DOWN).build();
        EvaluationResult worse = EvaluationResult.builder().put("t", "acc", 0.72, UP).put("u", "err", 1.1, DOWN).build();
        assertEquals(10.0, DeltaP.of(base, better), 1e-12);
        assertEquals(-10.0, DeltaM.of(base, better), 1e-12);
        assertEquals(-10.0, DeltaP.of(base, worse), 1e-12);
        assertEquals(10.0, DeltaM.of(base, worse), 1e-12);
        // a subset of keys
        assertEquals(10.0, DeltaM.of(base, worse, List.of(MetricKey.of("u", "err"))), 1e-12);
    }

    @Test
    void missingZeroOrMismatchedBaselinesAreRejected() {
        EvaluationResult run = EvaluationResult.builder().put("t", "acc", 0.8, UP).put("u", "err", 1.0, DOWN).build();
        EvaluationResult partial = EvaluationResult.builder().put("t", "acc", 0.8, UP).build();
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> DeltaP.of(partial, run));
        assertTrue(missing.getMessage().contains("u/err"), missing.getMessage());
        EvaluationResult zero = EvaluationResult.builder().put("t", "acc", 0.8, UP).put("u", "err", 0.0, DOWN).build();
        IllegalArgumentException z = assertThrows(IllegalArgumentException.class, () -> DeltaM.of(zero, run));
        assertTrue(z.getMessage().contains("u/err") && z.getMessage().contains("0.0"), z.getMessage());
        EvaluationResult flipped = EvaluationResult.builder().put("t", "acc", 0.8, DOWN).put("u", "err", 1.0, DOWN).build();
        assertThrows(IllegalArgumentException.class, () -> DeltaM.of(flipped, run));
        EvaluationResult nan = EvaluationResult.builder().put("t", "acc", Double.NaN, UP).put("u", "err", 1.0, DOWN).build();
        assertThrows(IllegalArgumentException.class, () -> DeltaP.of(nan, run));
        assertTrue(Double.isNaN(DeltaP.of(run, nan)), "a NaN result propagates");
        assertThrows(IllegalArgumentException.class, () -> DeltaM.of(run, run, List.of()));
        assertThrows(IllegalArgumentException.class, () -> DeltaM.of(run, run, List.of(MetricKey.of("t", "nope"))));
        // extra baseline metrics are ignored
        EvaluationResult extra = EvaluationResult.builder().put("t", "acc", 0.8, UP).put("u", "err", 1.0, DOWN)
                .put("u", "mse", 3.0, DOWN).build();
        assertEquals(0.0, DeltaM.of(extra, run), 0.0);
    }

    @Test
    void resultsValidateTheirContent() {
        assertThrows(IllegalArgumentException.class, () -> EvaluationResult.builder().put("t", "acc", 1, UP).put("t", "acc", 2, UP));
        assertThrows(IllegalArgumentException.class, () -> new EvaluationResult(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new MetricKey(TaskId.of("t"), " "));
        assertThrows(IllegalArgumentException.class, () -> new MetricValue(1, null));
        EvaluationResult r = EvaluationResult.builder().put("t", "b", 1, UP).put("t", "a", 2, DOWN).put("s", "c", 3, UP).build();
        assertEquals(List.of(MetricKey.of("t", "b"), MetricKey.of("t", "a"), MetricKey.of("s", "c")), r.keys());
        assertEquals(2.0, r.value(TaskId.of("t"), "a"), 0.0);
        assertEquals(DOWN, r.metric(MetricKey.of("t", "a")).direction());
        assertThrows(IllegalArgumentException.class, () -> r.value(TaskId.of("x"), "a"));
        assertEquals(List.of("b", "a"), List.copyOf(r.asMap().get(TaskId.of("t")).keySet()));
    }
}
