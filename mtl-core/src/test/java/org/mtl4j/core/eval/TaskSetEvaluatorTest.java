package org.mtl4j.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mtl4j.core.loss.MeanSquaredError;
import org.mtl4j.core.loss.SoftmaxCrossEntropy;
import org.mtl4j.core.metric.Accuracy;
import org.mtl4j.core.metric.Direction;
import org.mtl4j.core.metric.MeanAbsoluteError;
import org.mtl4j.core.metric.MeanSquaredErrorMetric;
import org.mtl4j.core.task.Task;
import org.mtl4j.core.task.TaskId;
import org.mtl4j.core.task.TaskSet;
import org.nd4j.linalg.factory.Nd4j;

class TaskSetEvaluatorTest {

    private static TaskSet tasks() {
        return TaskSet.of(
                Task.of("digit", SoftmaxCrossEntropy.defaults(), Accuracy.defaults()),
                Task.of("size", MeanSquaredError.defaults(), MeanAbsoluteError.defaults(), MeanSquaredErrorMetric.defaults()));
    }

    @Test
    void evaluatesEveryMetricOfEveryTaskAndScoresAgainstABaseline() {
        TaskSetEvaluator ev = new TaskSetEvaluator(tasks());
        ev.update(0, Nd4j.createFromArray(new float[][]{{2, 1}, {0, 3}}), Nd4j.createFromArray(new int[]{0, 0}), null);
        ev.update(TaskId.of("digit"), Nd4j.createFromArray(new float[][]{{2, 1}, {0, 3}}), Nd4j.createFromArray(new int[]{0, 1}), null);
        ev.update(1, Nd4j.createFromArray(new float[][]{{1}, {3}}), Nd4j.createFromArray(new float[][]{{2}, {3}}), null);
        EvaluationResult r = ev.result();
        assertEquals(0.75, r.value(TaskId.of("digit"), "accuracy"), 0.0);
        assertEquals(0.5, r.value(TaskId.of("size"), "mae"), 1e-7);
        assertEquals(0.5, r.value(TaskId.of("size"), "mse"), 1e-7);
        assertEquals(Direction.LOWER_IS_BETTER, r.metric(MetricKey.of("size", "mae")).direction());

        // baseline from plain numbers, directions taken from the task set
        EvaluationResult stl = EvaluationResult.of(tasks(), Map.of(
                TaskId.of("digit"), Map.of("accuracy", 0.6),
                TaskId.of("size"), Map.of("mae", 0.4, "mse", 0.5)));
        // gains: digit +25 %; size mae −25 %, mse 0 -> Δp = (25 + (−12.5)) / 2 = 6.25; Δm = −(25 − 25 + 0)/3 = 0
        assertEquals(6.25, DeltaP.of(stl, r), 1e-5);
        assertEquals(0.0, DeltaM.of(stl, r), 1e-5);
    }

    @Test
    void rejectsUnknownTasksMetricsAndMissingBatches() {
        TaskSetEvaluator ev = new TaskSetEvaluator(tasks());
        assertThrows(IllegalArgumentException.class, () -> ev.update(2, Nd4j.zeros(1, 2), Nd4j.zeros(1), null));
        ev.update(0, Nd4j.createFromArray(new float[][]{{2, 1}}), Nd4j.createFromArray(new int[]{0}), null);
        assertThrows(IllegalStateException.class, ev::result);
        assertThrows(IllegalArgumentException.class, () -> EvaluationResult.of(tasks(),
                Map.of(TaskId.of("digit"), Map.of("miou", 0.5))));
        assertThrows(IllegalArgumentException.class, () -> EvaluationResult.of(tasks(),
                Map.of(TaskId.of("nope"), Map.of("accuracy", 0.5))));
        assertThrows(IllegalArgumentException.class, () -> new TaskSetEvaluator(TaskSet.of(
                Task.of("twice", MeanSquaredError.defaults(), MeanAbsoluteError.defaults(), new MeanAbsoluteError(2)))));
    }
}
