package org.mtl4j.core.eval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mtl4j.core.metric.Metric;
import org.mtl4j.core.metric.MetricAccumulator;
import org.mtl4j.core.task.Task;
import org.mtl4j.core.task.TaskId;
import org.mtl4j.core.task.TaskSet;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Evaluates every metric of every task of a task set over one evaluation set: feed each batch's
 * head outputs with {@link #update}, then read {@link #result()}. One instance per evaluation set
 * (it holds fresh accumulators); not thread-safe.
 */
public final class TaskSetEvaluator {
    private final TaskSet tasks;
    private final List<List<MetricAccumulator>> accumulators = new ArrayList<>();
    private final long[] batches;

    /**
     * @param tasks the tasks; metric names must be distinct within each task
     */
    public TaskSetEvaluator(TaskSet tasks) {
        if (tasks == null) {
            throw new IllegalArgumentException("task set is null");
        }
        this.tasks = tasks;
        for (Task task : tasks) {
            Set<String> names = new HashSet<>();
            List<MetricAccumulator> list = new ArrayList<>();
            for (Metric metric : task.metrics()) {
                if (!names.add(metric.name())) {
                    throw new IllegalArgumentException("task '" + task.id() + "' has two metrics named '" + metric.name() + "'");
                }
                list.add(metric.newAccumulator());
            }
            accumulators.add(list);
        }
        this.batches = new long[tasks.size()];
    }

    /**
     * Adds one batch of task {@code task}.
     *
     * @param task   task position in the task set
     * @param output the head output of that task
     * @param labels its labels
     * @param mask   its mask or null
     */
    public void update(int task, INDArray output, INDArray labels, INDArray mask) {
        if (task < 0 || task >= tasks.size()) {
            throw new IllegalArgumentException("task index must be in [0, " + tasks.size() + "), found " + task);
        }
        for (MetricAccumulator acc : accumulators.get(task)) {
            acc.update(output, labels, mask);
        }
        batches[task]++;
    }

    /** Adds one batch of the task with id {@code task}. */
    public void update(TaskId task, INDArray output, INDArray labels, INDArray mask) {
        update(tasks.indexOf(task), output, labels, mask);
    }

    /**
     * @return every task's metric values over the batches added so far
     * @throws IllegalStateException when a task received no batch (or a metric nothing to count)
     */
    public EvaluationResult result() {
        EvaluationResult.Builder b = EvaluationResult.builder();
        for (int i = 0; i < tasks.size(); i++) {
            Task task = tasks.get(i);
            if (batches[i] == 0) {
                throw new IllegalStateException("task '" + task.id() + "' received no evaluation batch");
            }
            for (int k = 0; k < task.metrics().size(); k++) {
                Metric metric = task.metrics().get(k);
                b.put(task.id(), metric.name(), accumulators.get(i).get(k).value(), metric.direction());
            }
        }
        return b.build();
    }
}
