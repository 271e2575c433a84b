package org.mtl4j.core.task;

import java.util.List;
import java.util.Objects;
import org.mtl4j.core.loss.Loss;
import org.mtl4j.core.metric.Metric;

/**
 * One task of a multi-task problem: its id, the training loss {@code L_i} and the evaluation
 * metrics (each with its own direction, higher or lower is better). The network head that maps
 * the shared representation to this task's output lives in the model
 * ({@link org.mtl4j.core.model.HpsModel}), in the same order as the {@link TaskSet}.
 *
 * @param id      task id
 * @param loss    training loss, a batch mean
 * @param metrics evaluation metrics, at least one; the first is the task's primary metric
 */
public record Task(TaskId id, Loss loss, List<Metric> metrics) {
    /** Validates and copies. */
    public Task {
        Objects.requireNonNull(id, "task id");
        Objects.requireNonNull(loss, "loss of task " + id);
        if (metrics == null || metrics.isEmpty()) {
            throw new IllegalArgumentException("task " + id + " needs at least one metric, found " + metrics);
        }
        metrics = List.copyOf(metrics);
    }

    /** @return a task with the given name, loss and metrics */
    public static Task of(String name, Loss loss, Metric... metrics) {
        return new Task(TaskId.of(name), loss, List.of(metrics));
    }
}
