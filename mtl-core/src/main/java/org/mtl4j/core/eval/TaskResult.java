package org.mtl4j.core.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mtl4j.core.task.TaskId;

/**
 * The metric values of one task on one evaluation set, in the task's metric order.
 *
 * @param task    task id
 * @param metrics metric name → value and direction; at least one; copied, order kept
 */
public record TaskResult(TaskId task, Map<String, MetricValue> metrics) {

    /** Validates and copies. */
    public TaskResult {
        if (task == null) {
            throw new IllegalArgumentException("task of a task result is null");
        }
        if (metrics == null || metrics.isEmpty()) {
            throw new IllegalArgumentException("result of task '" + task + "' needs at least one metric, found " + metrics);
        }
        Map<String, MetricValue> copy = new LinkedHashMap<>();
        for (Map.Entry<String, MetricValue> e : metrics.entrySet()) {
            if (e.getKey() == null || e.getKey().isBlank() || e.getValue() == null) {
                throw new IllegalArgumentException("result of task '" + task + "' has a blank metric name or a null value: "
                        + e.getKey() + " = " + e.getValue());
            }
            copy.put(e.getKey(), e.getValue());
        }
        metrics = Collections.unmodifiableMap(copy);
    }

    /**
     * @param metric a metric name
     * @return its value and direction
     * @throws IllegalArgumentException when the task has no such metric
     */
    public MetricValue metric(String metric) {
        MetricValue v = metrics.get(metric);
        if (v == null) {
            throw new IllegalArgumentException("task '" + task + "' has no metric '" + metric + "'; it has " + metrics.keySet());
        }
        return v;
    }
}
