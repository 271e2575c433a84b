package org.mtl4j.benchmarks.multidigit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mtl4j.core.model.HpsModel;
import org.mtl4j.core.task.Task;
import org.mtl4j.core.task.TaskSet;

/**
 * A benchmark whose data is in memory and which can build fresh models: what
 * {@link TrainCommand} needs to train multi-task runs and single-task baselines on it.
 *
 * <p>Tasks are addressed by their index in {@link #tasks()}. {@link #data(int...)} and
 * {@link #model(long, int...)} with the same indices serve and predict exactly those tasks in that
 * order, so {@code data(t)} and {@code model(seed, t)} form the single-task baseline of task t.
 */
public interface TrainingBenchmark {

    /** @return the benchmark's command-line name, e.g. {@code multi-fashion} */
    String name();

    /** @return all tasks, in head order */
    TaskSet tasks();

    /**
     * @param taskIndices indices into {@link #tasks()} (non-empty, distinct)
     * @return train / validation / test sources serving those tasks
     */
    BenchmarkSplits data(int... taskIndices);

    /**
     * @param seed        initialisation seed
     * @param taskIndices indices into {@link #tasks()} (non-empty, distinct)
     * @return a freshly initialised model with one head per given task
     */
    HpsModel model(long seed, int... taskIndices);

    /**
     * @return a JSON-ready description of the data for run records and summaries: generation
     *         seed, sizes, source and split checksums
     */
    Map<String, Object> description();

    /**
     * @param taskIndices indices into {@link #tasks()}
     * @return those tasks as a task set, in the given order
     * @throws IllegalArgumentException if the indices are empty, repeated or out of range
     */
    default TaskSet subset(int... taskIndices) {
        TaskSet all = tasks();
        if (taskIndices.length == 0) {
            throw new IllegalArgumentException("taskIndices must name at least one task, found none");
        }
        List<Task> picked = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (int t : taskIndices) {
            if (t < 0 || t >= all.size()) {
                throw new IllegalArgumentException("task index must be in [0, " + all.size() + "), found " + t);
            }
            if (!seen.add(t)) {
                throw new IllegalArgumentException("task index " + t + " is repeated in " + Arrays.toString(taskIndices));
            }
            picked.add(all.get(t));
        }
        return TaskSet.of(picked);
    }
}
