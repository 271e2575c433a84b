package org.mtl4j.core.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtl4j.core.eval.DeltaP;
import org.mtl4j.core.eval.EvaluationResult;
import org.mtl4j.core.eval.MetricKey;
import org.mtl4j.core.metric.Metric;
import org.mtl4j.core.task.Task;
import org.mtl4j.core.task.TaskId;
import org.mtl4j.core.task.TaskSet;

/**
 * Adapts the trainer's plain result maps (task name → metric name → value, which also carry the
 * auxiliary {@code "loss"} entry) to {@link DeltaP}: only the tasks' declared metrics count.
 */
final class DeltaSelection {
    private DeltaSelection() {
    }

    static double deltaP(TaskSet tasks, Map<String, Map<String, Double>> result, Map<String, Map<String, Double>> base) {
        List<MetricKey> keys = new ArrayList<>();
        for (Task t : tasks) {
            for (Metric metric : t.metrics()) {
                keys.add(new MetricKey(t.id(), metric.name()));
            }
        }
        return DeltaP.of(toResult(tasks, base, "baseline"), toResult(tasks, result, "result"), keys);
    }

    private static EvaluationResult toResult(TaskSet tasks, Map<String, Map<String, Double>> values, String what) {
        Map<TaskId, Map<String, Double>> byId = new LinkedHashMap<>();
        for (Task t : tasks) {
            Map<String, Double> v = values.get(t.id().name());
            if (v == null) {
                throw new IllegalArgumentException("no " + what + " for task '" + t.id() + "'; " + what + "s cover " + values.keySet());
            }
            Map<String, Double> declared = new LinkedHashMap<>();
            for (Metric metric : t.metrics()) {
                if (v.containsKey(metric.name())) {
                    declared.put(metric.name(), v.get(metric.name()));
                }
            }
            byId.put(t.id(), declared);
        }
        return EvaluationResult.of(tasks, byId);
    }
}
