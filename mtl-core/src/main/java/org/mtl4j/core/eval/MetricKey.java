package org.mtl4j.core.eval;

import org.mtl4j.core.task.TaskId;

/**
 * Typed key of one reported number: a task and the name of one of its metrics (e.g.
 * {@code segmentation/miou}).
 *
 * @param task   task id
 * @param metric metric name as returned by {@link org.mtl4j.core.metric.Metric#name()}
 */
public record MetricKey(TaskId task, String metric) {

    /** Validates. */
    public MetricKey {
        if (task == null) {
            throw new IllegalArgumentException("task of a metric key is null");
        }
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("metric name of task '" + task + "' must be non-blank, found '" + metric + "'");
        }
    }

    /** @return the key for task {@code task} and metric {@code metric} */
    public static MetricKey of(String task, String metric) {
        return new MetricKey(TaskId.of(task), metric);
    }

    @Override
    public String toString() {
        return task + "/" + metric;
    }
}
