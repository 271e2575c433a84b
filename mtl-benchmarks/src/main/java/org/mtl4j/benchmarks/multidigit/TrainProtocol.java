package org.mtl4j.benchmarks.multidigit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.mtl4j.core.grad.JacobianMode;
import org.mtl4j.core.optim.Adam;
import org.mtl4j.core.optim.OptimizerConfig;
import org.mtl4j.core.optim.Sgd;
import org.mtl4j.core.train.LrSchedule;
import org.mtl4j.core.train.TrainerConfig;

/**
 * How every run of an experiment is trained: epochs, optimiser, learning-rate schedule, an
 * optional cap on the steps per epoch (smoke runs) and what the gradient engine computes
 * ({@link JacobianMode#ALWAYS} for conflict statistics in every step). Model selection is the trainer's: the epoch
 * with the best validation Δp against the single-task baselines (or against the epoch-0
 * validation results when there are none, as for the baselines themselves); test metrics are
 * reported at that epoch.
 *
 * <pre>
 * ParetoMTL (benchmarks.md §6.4):  SGD η = 1e-3, momentum 0.9, η halved every 15 epochs, 100 epochs
 * </pre>
 *
 * @param epochs           epochs ≥ 1
 * @param optimizer        optimiser of the model parameters
 * @param schedule         learning-rate schedule, stepped per epoch
 * @param maxStepsPerEpoch steps per epoch cap, 0 = whole epochs
 * @param jacobianMode     what the gradient engine computes beyond what the strategy reads
 */
public record TrainProtocol(int epochs, OptimizerConfig optimizer, LrSchedule schedule, int maxStepsPerEpoch,
                            JacobianMode jacobianMode) {
    /** Validates. */
    public TrainProtocol {
        Objects.requireNonNull(jacobianMode, "jacobianMode");
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, found " + epochs);
        }
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(schedule, "schedule");
        if (maxStepsPerEpoch < 0) {
            throw new IllegalArgumentException("maxStepsPerEpoch must be >= 0 (0 = whole epochs), found " + maxStepsPerEpoch);
        }
    }

    /** A protocol that computes only what each strategy reads ({@link JacobianMode#AS_NEEDED}). */
    public TrainProtocol(int epochs, OptimizerConfig optimizer, LrSchedule schedule, int maxStepsPerEpoch) {
        this(epochs, optimizer, schedule, maxStepsPerEpoch, JacobianMode.AS_NEEDED);
    }

    /** @return the ParetoMTL LeNet protocol: 100 epochs, SGD 1e-3 with momentum 0.9, halved every 15 epochs */
    public static TrainProtocol paretoMtl() {
        return new TrainProtocol(100, new Sgd(1e-3, 0.9, false, 0), new LrSchedule.StepDecay(15, 0.5), 0);
    }

    /**
     * @param epochs epochs
     * @return the reduced protocol used on small machines: Adam 1e-3, constant rate
     */
    public static TrainProtocol adam(int epochs) {
        return new TrainProtocol(epochs, Adam.of(1e-3), new LrSchedule.Constant(), 0);
    }

    /** @return a copy with another number of epochs */
    public TrainProtocol withEpochs(int e) {
        return new TrainProtocol(e, optimizer, schedule, maxStepsPerEpoch, jacobianMode);
    }

    /** @return a copy with a cap on the steps per epoch */
    public TrainProtocol withMaxStepsPerEpoch(int steps) {
        return new TrainProtocol(epochs, optimizer, schedule, steps, jacobianMode);
    }

    /** @return a copy with another gradient-engine mode ({@link JacobianMode#ALWAYS}: conflict statistics every step) */
    public TrainProtocol withJacobianMode(JacobianMode mode) {
        return new TrainProtocol(epochs, optimizer, schedule, maxStepsPerEpoch, mode);
    }

    /**
     * @param seed      run seed
     * @param baselines validation baselines for model selection (empty = epoch-0 validation)
     * @return the trainer configuration of one run
     */
    public TrainerConfig trainerConfig(long seed, Map<String, Map<String, Double>> baselines) {
        return TrainerConfig.of(epochs, optimizer).withSchedule(schedule).withSeed(seed)
                .withMaxStepsPerEpoch(maxStepsPerEpoch).withBaselines(baselines).withJacobianMode(jacobianMode);
    }

    private static Map<String, Object> typed(Record r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", r.getClass().getSimpleName());
        for (var c : r.getClass().getRecordComponents()) {
            try {
                out.put(c.getName(), c.getAccessor().invoke(r));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c.getName() + " of " + r, e);
            }
        }
        return out;
    }

    /** @return a JSON-ready description: epochs, optimizer and schedule (with their type names), step cap */
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("epochs", epochs);
        d.put("optimizer", typed((Record) optimizer));
        d.put("schedule", typed((Record) schedule));
        d.put("maxStepsPerEpoch", maxStepsPerEpoch);
        d.put("jacobianMode", jacobianMode.name());
        return d;
    }
}
