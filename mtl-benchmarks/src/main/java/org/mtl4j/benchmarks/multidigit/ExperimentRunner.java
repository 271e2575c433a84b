package org.mtl4j.benchmarks.multidigit;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mtl4j.core.io.AtomicFiles;
import org.mtl4j.core.io.Json;
import org.mtl4j.core.listener.TrainingListener;
import org.mtl4j.core.model.HpsModel;
import org.mtl4j.core.train.MtlTrainer;
import org.mtl4j.core.train.RunResult;
import org.mtl4j.core.weighting.WeightingConfig;
import org.mtl4j.core.weighting.WeightingRegistry;

/**
 * Trains one run of a {@link TrainingBenchmark} under a {@link TrainProtocol} and leaves its files
 * in the run directory:
 * <pre>
 * run.json     the trainer's run record (configuration, data checksums, per-epoch losses, metrics
 *              and weights, selected epoch), completed at the end with: "benchmark" (the data
 *              description: generation seed, sizes, source and split checksums), "method",
 *              "taskIndices", "protocol" and, when STL test baselines are given, "deltaPVsStl"
 * epochs.csv   per-epoch losses, accuracies and mean weights ({@link RunHistory})
 * *.png        accuracy, loss and task-weight curves ({@link RunPlots})
 * </pre>
 * The model, data order and strategy randomness are fixed by the seed (see {@code MtlTrainer}).
 */
public final class ExperimentRunner {
    private final TrainingBenchmark benchmark;
    private final TrainProtocol protocol;
    private final ListenerFactory listeners;
    private final boolean plots;

    /** Makes the extra listeners of one run (progress bar, logging), given its label and seed. */
    @FunctionalInterface
    public interface ListenerFactory {
        /**
         * @param label method label
         * @param seed  run seed
         * @return listeners for that run
         */
        List<TrainingListener> create(String label, long seed);
    }

    /**
     * @param benchmark the benchmark
     * @param protocol  epochs, optimiser, schedule
     * @param listeners extra listeners per run
     * @param plots     whether to write PNG plots
     */
    public ExperimentRunner(TrainingBenchmark benchmark, TrainProtocol protocol, ListenerFactory listeners, boolean plots) {
        this.benchmark = Objects.requireNonNull(benchmark, "benchmark");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.listeners = Objects.requireNonNull(listeners, "listeners");
        this.plots = plots;
    }

    /** @return the benchmark */
    public TrainingBenchmark benchmark() {
        return benchmark;
    }

    /** @return the protocol */
    public TrainProtocol protocol() {
        return protocol;
    }

    /**
     * Trains and evaluates one run.
     *
     * @param label              method label for records and plots
     * @param weighting          the weighting strategy
     * @param taskIndices        the tasks to train (one index = a single-task baseline)
     * @param seed               run seed
     * @param dir                the run directory (created)
     * @param selectionBaselines validation metrics per task used for model selection by Δp
     *                           (empty = the run's own epoch-0 validation results)
     * @param stlTest            single-task test accuracies per task for Δp in the record (empty = none)
     * @return the outcome
     * @throws IOException if the run's files cannot be written
     */
    public RunOutcome run(String label, WeightingConfig weighting, int[] taskIndices, long seed, Path dir,
                          Map<String, Map<String, Double>> selectionBaselines, Map<String, Double> stlTest) throws IOException {
        Files.createDirectories(dir);
        HpsModel model = benchmark.model(seed, taskIndices);
        BenchmarkSplits splits = benchmark.data(taskIndices);
        RunHistory history = new RunHistory(dir.resolve("epochs.csv"));
        List<TrainingListener> all = new ArrayList<>();
        all.add(history);
        all.addAll(listeners.create(label, seed));
        Path record = dir.resolve("run.json");
        MtlTrainer trainer = new MtlTrainer(model, weighting, protocol.trainerConfig(seed, selectionBaselines), record, all);
        RunResult result = trainer.fit(splits.train(), splits.validation(), splits.test());
        List<String> tasks = model.tasks().names();
        RunOutcome outcome = new RunOutcome(label, tasks, seed, result, dir);
        completeRecord(record, label, weighting, taskIndices, outcome, stlTest);
        if (plots) {
            RunPlots.write(benchmark.name() + " " + label + " seed " + seed, history, dir);
        }
        return outcome;
    }

    private void completeRecord(Path record, String label, WeightingConfig weighting, int[] taskIndices, RunOutcome outcome,
                                Map<String, Double> stlTest) throws IOException {
        Map<String, Object> rec = Json.mapper().readValue(record.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {
        });
        rec.put("benchmark", benchmark.description());
        Map<String, Object> method = new LinkedHashMap<>();
        method.put("label", label);
        method.put("params", WeightingRegistry.resolvedParams(weighting));
        rec.put("method", method);
        rec.put("taskIndices", taskIndices);
        rec.put("protocol", protocol.describe());
        if (!stlTest.isEmpty()) {
            Map<String, Object> dp = new LinkedHashMap<>();
            dp.put("test", ExperimentSummary.deltaP(outcome, stlTest));
            dp.put("baselineTestAccuracy", stlTest);
            dp.put("note", "LibMTL delta_p in percent of the selected epoch's test accuracies against the mean"
                    + " single-task test accuracies (positive = better); the record's deltaPTest uses the"
                    + " validation baselines that selected the epoch");
            rec.put("deltaPVsStl", dp);
        }
        AtomicFiles.writeJson(record, rec);
    }
}
