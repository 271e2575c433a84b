package org.mtl4j.core.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mtl4j.core.metric.Direction;
import org.mtl4j.core.metric.Metric;
import org.mtl4j.core.task.Task;
import org.mtl4j.core.task.TaskId;
import org.mtl4j.core.task.TaskSet;

/**
 * Metric values of all tasks on one evaluation set (a run's result, or the single-task baselines
 * that {@link DeltaP} and {@link DeltaM} compare against), in task order.
 *
 * @param tasks one result per task, distinct task ids; copied
 */
public record EvaluationResult(List<TaskResult> tasks) {

    /** Validates and copies. */
    public EvaluationResult {
        if (tasks == null || tasks.isEmpty()) {
            throw new IllegalArgumentException("an evaluation result needs at least one task, found " + tasks);
        }
        Set<TaskId> seen = new HashSet<>();
        for (TaskResult t : tasks) {
            if (t == null) {
                throw new IllegalArgumentException("null task result in " + tasks);
            }
            if (!seen.add(t.task())) {
                throw new IllegalArgumentException("duplicate task '" + t.task() + "' in an evaluation result");
            }
        }
        tasks = List.copyOf(tasks);
    }

    /**
     * Builds a result (typically single-task baselines) from plain numbers, taking each metric's
     * direction from the task set.
     *
     * @param taskSet the tasks whose metrics name the values
     * @param values  task → metric name → value; every task and metric must exist in {@code taskSet}
     * @return the result, in the task set's task and metric order
     */
    public static EvaluationResult of(TaskSet taskSet, Map<TaskId, Map<String, Double>> values) {
        Builder b = builder();
        for (TaskId id : values.keySet()) {
            taskSet.indexOf(id); // throws for unknown tasks
        }
        for (Task task : taskSet) {
            Map<String, Double> tv = values.get(task.id());
            if (tv == null) {
                continue;
            }
            Set<String> known = new HashSet<>();
            for (Metric metric : task.metrics()) {
                known.add(metric.name());
                Double v = tv.get(metric.name());
                if (v != null) {
                    b.put(task.id(), metric.name(), v, metric.direction());
                }
            }
            for (String name : tv.keySet()) {
                if (!known.contains(name)) {
                    throw new IllegalArgumentException("task '" + task.id() + "' has no metric '" + name + "'; its metrics are "
                            + known);
                }
            }
        }
        return b.build();
    }

    /** @return a builder that keeps insertion order */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the result of task {@code task}
     * @throws IllegalArgumentException when the task is absent
     */
    public TaskResult task(TaskId task) {
        for (TaskResult t : tasks) {
            if (t.task().equals(task)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no result for task '" + task + "'; tasks are " + taskIds());
    }

    /** @return whether a value exists for {@code key} */
    public boolean contains(MetricKey key) {
        for (TaskResult t : tasks) {
            if (t.task().equals(key.task())) {
                return t.metrics().containsKey(key.metric());
            }
        }
        return false;
    }

    /**
     * @return the value and direction at {@code key}
     * @throws IllegalArgumentException when absent
     */
    public MetricValue metric(MetricKey key) {
        return task(key.task()).metric(key.metric());
    }

    /** @return the value at {@code key} */
    public double value(MetricKey key) {
        return metric(key).value();
    }

    /** @return the value of metric {@code metric} of task {@code task} */
    public double value(TaskId task, String metric) {
        return value(new MetricKey(task, metric));
    }

    /** @return all keys, in task order and each task's metric order */
    public List<MetricKey> keys() {
        List<MetricKey> keys = new ArrayList<>();
        for (TaskResult t : tasks) {
            for (String m : t.metrics().keySet()) {
                keys.add(new MetricKey(t.task(), m));
            }
        }
        return keys;
    }

    /** @return the task ids in order */
    public List<TaskId> taskIds() {
        List<TaskId> ids = new ArrayList<>();
        for (TaskResult t : tasks) {
            ids.add(t.task());
        }
        return ids;
    }

    /** @return task → metric name → value, ordered, unmodifiable (e.g. for JSON run records) */
    public Map<TaskId, Map<String, Double>> asMap() {
        Map<TaskId, Map<String, Double>> out = new LinkedHashMap<>();
        for (TaskResult t : tasks) {
            Map<String, Double> m = new LinkedHashMap<>();
            t.metrics().forEach((k, v) -> m.put(k, v.value()));
            out.put(t.task(), Collections.unmodifiableMap(m));
        }
        return Collections.unmodifiableMap(out);
    }

    /** Collects values task by task; a repeated (task, metric) pair is an error. */
    public static final class Builder {
        private final Map<TaskId, Map<String, MetricValue>> values = new LinkedHashMap<>();

        private Builder() {
        }

        /** Adds one value. */
        public Builder put(TaskId task, String metric, double value, Direction direction) {
            MetricKey key = new MetricKey(task, metric);
            Map<String, MetricValue> m = values.computeIfAbsent(task, t -> new LinkedHashMap<>());
            if (m.containsKey(metric)) {
                throw new IllegalArgumentException("value for " + key + " given twice");
            }
            m.put(metric, new MetricValue(value, direction));
            return this;
        }

        /** Adds one value to the task named {@code task}. */
        public Builder put(String task, String metric, double value, Direction direction) {
            return put(TaskId.of(task), metric, value, direction);
        }

        /** @return the result */
        public EvaluationResult build() {
            List<TaskResult> list = new ArrayList<>();
            values.forEach((task, metrics) -> list.add(new TaskResult(task, metrics)));
            return new EvaluationResult(list);
        }
    }
}
