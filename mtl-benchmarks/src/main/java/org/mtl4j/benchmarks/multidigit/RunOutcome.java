package org.mtl4j.benchmarks.multidigit;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mtl4j.core.train.RunResult;

/**
 * One finished run of an experiment: which tasks and seed, the trainer's result, and where its
 * files are.
 *
 * @param label  method label (strategy name and parameters, or {@code stl})
 * @param tasks  names of the tasks trained, in head order
 * @param seed   run seed
 * @param result the trainer's result (test metrics at the selected epoch in {@code bestTest})
 * @param dir    the run's directory ({@code run.json}, {@code epochs.csv}, plots)
 */
public record RunOutcome(String label, List<String> tasks, long seed, RunResult result, Path dir) {
    /** Validates and copies. */
    public RunOutcome {
        Objects.requireNonNull(label, "label");
        tasks = List.copyOf(tasks);
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(dir, "dir");
    }

    /**
     * @param task   task name
     * @param metric metric name
     * @return the test value at the selected epoch (NaN if absent)
     */
    public double bestTest(String task, String metric) {
        return value(result.bestTest(), task, metric);
    }

    /**
     * @param task   task name
     * @param metric metric name
     * @return the validation value at the selected epoch (NaN if absent)
     */
    public double bestValidation(String task, String metric) {
        return value(result.bestValidation(), task, metric);
    }

    /**
     * @param task   task name
     * @param metric metric name
     * @return the test value after the last epoch (NaN if absent)
     */
    public double finalTest(String task, String metric) {
        return value(result.finalTest(), task, metric);
    }

    private static double value(Map<String, Map<String, Double>> values, String task, String metric) {
        Map<String, Double> m = values.get(task);
        Double v = m == null ? null : m.get(metric);
        return v == null ? Double.NaN : v;
    }
}
