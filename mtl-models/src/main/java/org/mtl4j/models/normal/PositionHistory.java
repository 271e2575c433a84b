package org.mtl4j.models.normal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mtl4j.core.io.AtomicFiles;
import org.mtl4j.core.listener.EpochEvent;
import org.mtl4j.core.listener.RunStartEvent;
import org.mtl4j.core.listener.StepEvent;
import org.mtl4j.core.listener.TrainingControl;
import org.mtl4j.core.listener.TrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training listener that records the task positions {@code p_i} of a {@link NormalTransform}:
 * once at the start of the run, after every epoch, and optionally every {@code everySteps}
 * steps (for trajectory plots like thesis Fig. 5.2). Each epoch's positions are also logged
 * (SLF4J, INFO). The record can be written as JSON next to the run record.
 *
 * <p>Stateful (the record); one instance per run.
 */
public final class PositionHistory implements TrainingListener {
    private static final Logger LOG = LoggerFactory.getLogger(PositionHistory.class);

    /**
     * Positions at one point of training.
     *
     * @param epoch     epoch just finished (−1 = before training)
     * @param step      global step count at that point (0 = before training)
     * @param positions {@code p_i} per task
     * @param gradients {@code d_{p_i}} of the last position update (NaN before the first one)
     */
    public record Entry(int epoch, long step, double[] positions, double[] gradients) {
        /** Copies. */
        public Entry {
            positions = positions.clone();
            gradients = gradients.clone();
        }

        @Override
        public double[] positions() {
            return positions.clone();
        }

        @Override
        public double[] gradients() {
            return gradients.clone();
        }
    }

    private final NormalTransform block;
    private final int everySteps;
    private final List<Entry> epochs = new ArrayList<>();
    private final List<Entry> steps = new ArrayList<>();
    private long lastStep;

    /**
     * @param block      the NORMAL block whose positions are recorded
     * @param everySteps also record every this many steps (0 = only at epoch ends)
     */
    public PositionHistory(NormalTransform block, int everySteps) {
        this.block = Objects.requireNonNull(block, "block");
        if (everySteps < 0) {
            throw new IllegalArgumentException("everySteps must be >= 0 (0 = epochs only), found " + everySteps);
        }
        this.everySteps = everySteps;
    }

    /** @return a recorder of the positions at epoch ends only */
    public static PositionHistory perEpoch(NormalTransform block) {
        return new PositionHistory(block, 0);
    }

    @Override
    public void onRunStart(RunStartEvent event, TrainingControl control) {
        if (epochs.isEmpty()) {
            Entry e = new Entry(-1, 0, block.positions(), block.lastPositionGradients());
            epochs.add(e);
            steps.add(e);
        }
    }

    @Override
    public void onStep(StepEvent event, TrainingControl control) {
        lastStep = event.step();
        if (everySteps > 0 && event.step() % everySteps == 0) {
            steps.add(new Entry(event.epoch(), event.step(), block.positions(), block.lastPositionGradients()));
        }
    }

    @Override
    public void onEpoch(EpochEvent event, TrainingControl control) {
        Entry e = new Entry(event.epoch(), lastStep, block.positions(), block.lastPositionGradients());
        epochs.add(e);
        LOG.info("epoch {}: task positions {} for tasks {}", event.epoch(), Arrays.toString(e.positions), block.taskNames());
    }

    /** @return the positions before training and after every epoch */
    public List<Entry> epochEntries() {
        return List.copyOf(epochs);
    }

    /** @return the positions before training and every {@code everySteps} steps */
    public List<Entry> stepEntries() {
        return List.copyOf(steps);
    }

    /** @return the task names, in position order */
    public List<String> taskNames() {
        return block.taskNames();
    }

    /** @return the record as a JSON-ready map */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tasks", block.taskNames());
        out.put("positionMode", block.config().positionMode().name());
        out.put("positionGradient", block.config().positionGradient().name());
        out.put("positionLearningRate", block.config().positionLearningRate());
        out.put("epochs", entries(epochs));
        if (everySteps > 0) {
            out.put("everySteps", everySteps);
            out.put("steps", entries(steps));
        }
        return out;
    }

    /** Writes {@link #toMap()} as JSON, atomically. */
    public void writeJson(Path file) {
        AtomicFiles.writeJson(file, toMap());
    }

    private static List<Map<String, Object>> entries(List<Entry> list) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Entry e : list) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("epoch", e.epoch());
            m.put("step", e.step());
            m.put("positions", e.positions);
            out.add(m);
        }
        return out;
    }
}
