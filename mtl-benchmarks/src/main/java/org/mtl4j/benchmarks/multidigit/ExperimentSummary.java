package org.mtl4j.benchmarks.multidigit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.mtl4j.benchmarks.data.DatasetFormatException;
import org.mtl4j.core.eval.DeltaP;
import org.mtl4j.core.eval.EvaluationResult;
import org.mtl4j.core.io.AtomicFiles;
import org.mtl4j.core.io.Json;
import org.mtl4j.core.metric.Direction;

/**
 * The summary of one method over seeds, written as {@code summary.json} and {@code summary.csv}
 * next to the run directories, and the single-task baselines read back from an STL summary.
 *
 * <pre>
 * per task t: test accuracy at the selected epoch, mean ± sample std over seeds ({@link MeanStd});
 *             likewise the validation accuracy at that epoch and the test accuracy after the last epoch
 * Δp (multi-task runs, when STL baselines exist): per seed, LibMTL's
 *     Δp = 100 · (1/T) Σ_t (A_t − B_t) / B_t     (A = the run's test accuracy, B = mean STL test accuracy)
 *   then mean ± std over seeds (the mean equals Δp of the mean accuracies, Δp being linear in A)
 * summary.csv: method,task,metric,mean,std,n,values   (values ';'-separated, task "all" for Δp)
 * </pre>
 */
public final class ExperimentSummary {
    /** Format tag of summary files. */
    public static final String FORMAT = "mtl4j-summary/1";
    /** The metric summarised. */
    public static final String METRIC = "accuracy";

    private ExperimentSummary() {
    }

    /**
     * @param outcome a multi-task run
     * @param stlTest mean single-task test accuracy per task (must cover the run's tasks)
     * @return Δp in percent of the run's selected-epoch test accuracies against {@code stlTest}
     */
    public static double deltaP(RunOutcome outcome, Map<String, Double> stlTest) {
        EvaluationResult.Builder base = EvaluationResult.builder();
        EvaluationResult.Builder res = EvaluationResult.builder();
        for (String t : outcome.tasks()) {
            Double b = stlTest.get(t);
            if (b == null) {
                throw new IllegalArgumentException("the single-task baselines cover " + stlTest.keySet()
                        + " but not task '" + t + "'");
            }
            base.put(t, METRIC, b, Direction.HIGHER_IS_BETTER);
            res.put(t, METRIC, outcome.bestTest(t, METRIC), Direction.HIGHER_IS_BETTER);
        }
        return DeltaP.of(base.build(), res.build());
    }

    /**
     * Builds the summary of the runs of one method.
     *
     * @param benchmark    benchmark name
     * @param label        method label ({@code stl} for the single-task baselines)
     * @param params       the strategy's resolved parameters
     * @param tasks        task names
     * @param runs         the runs: for STL one per (task, seed), else one per seed
     * @param protocol     the training protocol
     * @param data         the data description
     * @param baseline     the STL baselines the Δp refers to (null = none)
     * @return the JSON-ready summary
     */
    public static Map<String, Object> build(String benchmark, String label, Map<String, Object> params, List<String> tasks,
                                            List<RunOutcome> runs, TrainProtocol protocol, Map<String, Object> data,
                                            StlBaseline baseline) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("format", FORMAT);
        s.put("benchmark", benchmark);
        s.put("method", label);
        s.put("params", params);
        s.put("seeds", runs.stream().map(RunOutcome::seed).distinct().toList());
        s.put("tasks", tasks);
        s.put("protocol", protocol.describe());
        s.put("data", data);
        Map<String, MeanStd> test = new LinkedHashMap<>();
        Map<String, MeanStd> val = new LinkedHashMap<>();
        Map<String, MeanStd> last = new LinkedHashMap<>();
        for (String t : tasks) {
            List<RunOutcome> forTask = runs.stream().filter(r -> r.tasks().contains(t)).toList();
            if (forTask.isEmpty()) {
                continue;
            }
            test.put(t, MeanStd.of(forTask.stream().mapToDouble(r -> r.bestTest(t, METRIC)).toArray()));
            val.put(t, MeanStd.of(forTask.stream().mapToDouble(r -> r.bestValidation(t, METRIC)).toArray()));
            last.put(t, MeanStd.of(forTask.stream().mapToDouble(r -> r.finalTest(t, METRIC)).toArray()));
        }
        s.put("testAccuracy", test);
        s.put("validationAccuracy", val);
        s.put("finalTestAccuracy", last);
        if (baseline != null) {
            s.put("deltaP", MeanStd.of(runs.stream().mapToDouble(r -> deltaP(r, baseline.test())).toArray()));
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("file", baseline.file().toString());
            b.put("testAccuracy", baseline.test());
            s.put("baseline", b);
        }
        List<Map<String, Object>> rs = new ArrayList<>();
        for (RunOutcome r : runs) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("tasks", r.tasks());
            one.put("seed", r.seed());
            one.put("bestEpoch", r.result().bestEpoch());
            one.put("epochsCompleted", r.result().epochsCompleted());
            one.put("testAccuracy", metricOf(r, false));
            one.put("validationAccuracy", metricOf(r, true));
            if (baseline != null) {
                one.put("deltaP", deltaP(r, baseline.test()));
            }
            one.put("seconds", r.result().seconds());
            one.put("stopReason", r.result().stopReason());
            one.put("dir", r.dir().toString());
            rs.add(one);
        }
        s.put("runs", rs);
        return s;
    }

    private static Map<String, Double> metricOf(RunOutcome r, boolean validation) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String t : r.tasks()) {
            out.put(t, validation ? r.bestValidation(t, METRIC) : r.bestTest(t, METRIC));
        }
        return out;
    }

    /**
     * Every finished run found under a method directory ({@code seed-S/run.json}, or
     * {@code TASK/seed-S/run.json} for the single-task baselines) that was trained on the same data
     * (same checksums) under the same protocol (the Jacobian mode aside, see {@link #trainingProtocol}),
     * ordered by task list and seed. Runs of the same
     * method can so be spread over several processes (e.g. one per seed): each process's summary
     * covers every run finished so far. Other runs are skipped with a note on {@code notes}.
     *
     * @param methodDir the method directory
     * @param checksums the data checksums runs must match
     * @param protocol  the protocol runs must match
     * @param notes     where skipped runs are reported
     * @return the matching finished runs
     * @throws IOException if the directory or a record cannot be read
     */
    public static List<RunOutcome> collect(Path methodDir, Map<?, ?> checksums, TrainProtocol protocol, java.io.PrintStream notes)
            throws IOException {
        JsonNode wantSums = Json.mapper().valueToTree(checksums);
        JsonNode wantProtocol = trainingProtocol(Json.mapper().valueToTree(protocol.describe()));
        List<Path> records;
        try (var files = Files.find(methodDir, 3, (p, a) -> a.isRegularFile() && p.getFileName().toString().equals("run.json"))) {
            records = files.sorted().toList();
        }
        List<RunOutcome> out = new ArrayList<>();
        for (Path rec : records) {
            JsonNode root = Json.mapper().readTree(rec.toFile());
            RunOutcome o = RunOutcome.fromRecord(rec);
            if (o == null) {
                notes.println("note: " + rec + " is not finished; left out of the summary");
            } else if (!wantSums.equals(root.path("benchmark").path("checksums"))) {
                notes.println("note: " + rec + " was trained on other data; left out of the summary");
            } else if (!wantProtocol.equals(trainingProtocol(root.path("protocol")))) {
                notes.println("note: " + rec + " used another protocol " + root.path("protocol") + "; left out of the summary");
            } else {
                out.add(o);
            }
        }
        out.sort(java.util.Comparator.comparing((RunOutcome r) -> String.join(",", r.tasks())).thenComparingLong(RunOutcome::seed));
        return out;
    }

    /**
     * @return the protocol without its Jacobian mode: the mode decides what is computed besides the
     *         update (conflict statistics under {@code --conflict-stats}), not the training, so runs
     *         with and without the statistics — and records written before the mode was recorded —
     *         belong to one summary
     */
    private static JsonNode trainingProtocol(JsonNode protocol) {
        if (!protocol.isObject()) {
            return protocol;
        }
        com.fasterxml.jackson.databind.node.ObjectNode copy = ((com.fasterxml.jackson.databind.node.ObjectNode) protocol).deepCopy();
        copy.remove("jacobianMode");
        return copy;
    }

    /**
     * Writes {@code summary.json} and {@code summary.csv} into {@code dir}.
     *
     * @param summary a summary from {@link #build}
     * @param dir     target directory
     * @return the JSON file
     * @throws IOException if writing fails
     */
    public static Path write(Map<String, Object> summary, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path json = dir.resolve("summary.json");
        AtomicFiles.writeJson(json, summary);
        StringBuilder csv = new StringBuilder("method,task,metric,mean,std,n,values\n");
        String label = String.valueOf(summary.get("method"));
        for (String key : List.of("testAccuracy", "validationAccuracy", "finalTestAccuracy")) {
            @SuppressWarnings("unchecked")
            Map<String, MeanStd> m = (Map<String, MeanStd>) summary.get(key);
            m.forEach((task, ms) -> csv.append(row(label, task, key, ms)));
        }
        if (summary.get("deltaP") instanceof MeanStd dp) {
            csv.append(row(label, "all", "deltaP", dp));
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(dir.resolve("summary.csv"), out -> out.write(bytes));
        return json;
    }

    private static String row(String label, String task, String metric, MeanStd ms) {
        StringBuilder values = new StringBuilder();
        for (double v : ms.values()) {
            values.append(values.length() == 0 ? "" : ";").append(fmt(v));
        }
        return label + "," + task + "," + metric + "," + fmt(ms.mean()) + "," + fmt(ms.std()) + "," + ms.n() + "," + values + "\n";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /**
     * Single-task baselines read from an STL {@code summary.json}.
     *
     * @param file       the summary file
     * @param benchmark  its benchmark name
     * @param test       mean test accuracy per task
     * @param validation mean validation accuracy per task (model selection of multi-task runs)
     * @param checksums  the data checksums of the baseline runs
     */
    public record StlBaseline(Path file, String benchmark, Map<String, Double> test, Map<String, Double> validation,
                              Map<String, String> checksums) {
        /** Copies. */
        public StlBaseline {
            Objects.requireNonNull(file, "file");
            test = Map.copyOf(test);
            validation = Map.copyOf(validation);
            checksums = Map.copyOf(checksums);
        }

        /** @return the validation baselines in the trainer's format (task → {accuracy: value}) */
        public Map<String, Map<String, Double>> selectionBaselines() {
            Map<String, Map<String, Double>> out = new LinkedHashMap<>();
            validation.forEach((t, v) -> out.put(t, Map.of(METRIC, v)));
            return out;
        }

        /**
         * @param file an STL summary written by {@link #write}
         * @return its baselines
         * @throws IOException if unreadable; {@link DatasetFormatException} naming the file when it is
         *                     not an STL summary
         */
        public static StlBaseline read(Path file) throws IOException {
            JsonNode root;
            try {
                root = Json.mapper().readTree(file.toFile());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new DatasetFormatException(file, "not valid JSON: " + e.getOriginalMessage(), e);
            }
            if (root == null || !FORMAT.equals(root.path("format").asText()) || !"stl".equals(root.path("method").asText())) {
                throw new DatasetFormatException(file, "not an STL summary (expected format " + FORMAT
                        + " and method stl)");
            }
            Map<String, Double> test = means(root.path("testAccuracy"), file);
            Map<String, Double> val = means(root.path("validationAccuracy"), file);
            Map<String, String> sums = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = root.path("data").path("checksums").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                sums.put(e.getKey(), e.getValue().asText());
            }
            return new StlBaseline(file, root.path("benchmark").asText(), test, val, sums);
        }

        private static Map<String, Double> means(JsonNode node, Path file) throws DatasetFormatException {
            Map<String, Double> out = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode mean = e.getValue().path("mean");
                if (!mean.isNumber()) {
                    throw new DatasetFormatException(file, "task '" + e.getKey() + "' has no numeric mean");
                }
                out.put(e.getKey(), mean.asDouble());
            }
            if (out.isEmpty()) {
                throw new DatasetFormatException(file, "no per-task accuracies");
            }
            return out;
        }
    }
}
