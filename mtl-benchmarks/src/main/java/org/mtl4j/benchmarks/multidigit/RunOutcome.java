package org.mtl4j.benchmarks.multidigit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mtl4j.benchmarks.data.DatasetFormatException;
import org.mtl4j.core.io.Json;
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

    /**
     * Rebuilds the outcome of a finished run from its {@code run.json} (as written by
     * {@link ExperimentRunner}).
     *
     * @param record the run record
     * @return the outcome, or null when the run has not finished (no {@code finished} entry)
     * @throws IOException if the file cannot be read or is not a run record
     */
    public static RunOutcome fromRecord(Path record) throws IOException {
        JsonNode root = Json.mapper().readTree(record.toFile());
        if (root == null || !root.has("format") || !root.path("format").asText().startsWith("mtl4j-run-record")) {
            throw new DatasetFormatException(record, "not an mtl4j run record");
        }
        if (!root.has("finished") || !root.has("method")) {
            return null;
        }
        List<String> tasks = new ArrayList<>();
        root.path("tasks").forEach(t -> tasks.add(t.asText()));
        JsonNode epochs = root.path("epochs");
        Map<String, Map<String, Double>> last = epochs.size() == 0 ? Map.of() : metrics(epochs.get(epochs.size() - 1).path("test"));
        List<double[]> losses = new ArrayList<>();
        List<double[]> weights = new ArrayList<>();
        for (JsonNode e : epochs) {
            losses.add(doubles(e.path("trainLosses")));
            weights.add(e.path("meanWeights").isArray() ? doubles(e.path("meanWeights")) : null);
        }
        RunResult r = new RunResult(epochs.size(), root.path("bestEpoch").asInt(), metrics(root.path("bestValidation")),
                metrics(root.path("bestTest")), last, root.path("deltaPTest").asDouble(Double.NaN), losses, weights,
                root.path("stopReason").asText(""), root.path("seconds").asDouble(), record);
        return new RunOutcome(root.path("method").path("label").asText(), tasks, root.path("seed").asLong(), r,
                record.toAbsolutePath().getParent());
    }

    private static Map<String, Map<String, Double>> metrics(JsonNode node) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(t -> {
            Map<String, Double> m = new LinkedHashMap<>();
            t.getValue().fields().forEachRemaining(v -> m.put(v.getKey(), v.getValue().asDouble(Double.NaN)));
            out.put(t.getKey(), m);
        });
        return out;
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble(Double.NaN);
        }
        return out;
    }

    private static double value(Map<String, Map<String, Double>> values, String task, String metric) {
        Map<String, Double> m = values.get(task);
        Double v = m == null ? null : m.get(metric);
        return v == null ? Double.NaN : v;
    }
}
