package org.mtl4j.benchmarks.multidigit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mtl4j.core.io.AtomicFiles;
import org.mtl4j.core.listener.EpochEvent;
import org.mtl4j.core.listener.RunStartEvent;
import org.mtl4j.core.listener.StepEvent;
import org.mtl4j.core.listener.TrainingControl;
import org.mtl4j.core.listener.TrainingListener;

/**
 * Keeps what the plots need (every epoch's losses, metrics and mean weights; every step's task
 * weights) and rewrites the per-epoch CSV after each epoch, so an interrupted run still leaves
 * its curves.
 *
 * <pre>
 * epochs.csv columns: epoch, seconds, selection_score, best_epoch, then per task t:
 *   train_loss_t, val_loss_t, val_accuracy_t, test_loss_t, test_accuracy_t, weight_t
 * then min_cosine_mean, conflict_share
 * (empty cells where a value does not exist, e.g. weight_t for strategies without weights)
 * </pre>
 * Conflict statistics come from the steps whose Gram matrix was formed (every step under
 * {@code train --conflict-stats}): {@code min_cosine_mean} is the epoch's mean over steps of
 * {@code min_{i<j} cos(g_i, g_j)}, {@code conflict_share} the share of those steps in which some
 * pair of task gradients conflicts ({@code cos < 0}).
 */
public final class RunHistory implements TrainingListener {
    private final Path csv;
    private List<String> tasks = List.of();
    private int stepsPerEpoch = 1;
    private final List<EpochEvent> epochs = new ArrayList<>();
    private final List<double[]> stepWeights = new ArrayList<>();
    private final List<Double> stepTimes = new ArrayList<>();
    private final List<Double> stepMinCosines = new ArrayList<>();
    private final List<Double> stepMinCosineTimes = new ArrayList<>();
    /** per finished epoch: {mean min-cosine, conflict share} over its steps with a Gram matrix, or null */
    private final List<double[]> epochConflicts = new ArrayList<>();
    private double minCosSum;
    private int minCosCount;
    private int conflictCount;

    /** @param csv where to write the per-epoch CSV (null = keep in memory only) */
    public RunHistory(Path csv) {
        this.csv = csv;
    }

    @Override
    public void onRunStart(RunStartEvent e, TrainingControl control) {
        tasks = e.tasks();
        stepsPerEpoch = Math.max(1, e.stepsPerEpoch());
    }

    @Override
    public void onStep(StepEvent e, TrainingControl control) {
        if (e.weights() != null) {
            stepWeights.add(e.weights());
            stepTimes.add(e.epoch() + (e.batchIndex() + 1.0) / stepsPerEpoch);
        }
        if (Double.isFinite(e.minCosine())) {
            stepMinCosines.add(e.minCosine());
            stepMinCosineTimes.add(e.epoch() + (e.batchIndex() + 1.0) / stepsPerEpoch);
            minCosSum += e.minCosine();
            minCosCount++;
            if (e.minCosine() < 0) {
                conflictCount++;
            }
        }
    }

    @Override
    public void onEpoch(EpochEvent e, TrainingControl control) {
        epochs.add(e);
        epochConflicts.add(minCosCount == 0 ? null : new double[] {minCosSum / minCosCount, (double) conflictCount / minCosCount});
        minCosSum = 0;
        minCosCount = 0;
        conflictCount = 0;
        if (csv != null) {
            byte[] content = csv().getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(csv, out -> out.write(content));
        }
    }

    /** @return task names of the run */
    public List<String> tasks() {
        return tasks;
    }

    /** @return the finished epochs */
    public List<EpochEvent> epochs() {
        return List.copyOf(epochs);
    }

    /** @return task weights of every step that reported weights */
    public List<double[]> stepWeights() {
        return List.copyOf(stepWeights);
    }

    /** @return the time (in epochs, fractional) of each entry of {@link #stepWeights()} */
    public double[] stepTimes() {
        return stepTimes.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** @return every recorded step's minimum cosine between task gradients (steps with a Gram matrix) */
    public double[] stepMinCosines() {
        return stepMinCosines.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** @return the time (in epochs, fractional) of each entry of {@link #stepMinCosines()} */
    public double[] stepMinCosineTimes() {
        return stepMinCosineTimes.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** @return the CSV text of the epochs so far */
    public String csv() {
        StringBuilder sb = new StringBuilder("epoch,seconds,selection_score,best_epoch");
        for (String t : tasks) {
            for (String col : List.of("train_loss_", "val_loss_", "val_accuracy_", "test_loss_", "test_accuracy_", "weight_")) {
                sb.append(',').append(col).append(t);
            }
        }
        sb.append(",min_cosine_mean,conflict_share\n");
        for (int k = 0; k < epochs.size(); k++) {
            EpochEvent e = epochs.get(k);
            sb.append(e.epoch()).append(',').append(num(e.seconds())).append(',').append(num(e.selectionScore()))
                    .append(',').append(e.bestEpoch());
            for (int i = 0; i < tasks.size(); i++) {
                String t = tasks.get(i);
                sb.append(',').append(num(e.trainLosses()[i]));
                sb.append(',').append(metric(e.validation(), t, "loss"));
                sb.append(',').append(metric(e.validation(), t, "accuracy"));
                sb.append(',').append(metric(e.test(), t, "loss"));
                sb.append(',').append(metric(e.test(), t, "accuracy"));
                sb.append(',').append(e.meanWeights() == null ? "" : num(e.meanWeights()[i]));
            }
            double[] c = epochConflicts.get(k);
            sb.append(',').append(c == null ? "" : num(c[0])).append(',').append(c == null ? "" : num(c[1]));
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String metric(Map<String, Map<String, Double>> values, String task, String metric) {
        Map<String, Double> m = values.get(task);
        Double v = m == null ? null : m.get(metric);
        return v == null ? "" : num(v);
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "";
    }
}
