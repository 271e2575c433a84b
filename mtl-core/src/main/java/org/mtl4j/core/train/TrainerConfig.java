package org.mtl4j.core.train;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.mtl4j.core.grad.JacobianMode;
import org.mtl4j.core.optim.OptimizerConfig;
import org.mtl4j.core.weighting.HeadPolicy;

/**
 * Immutable trainer configuration.
 *
 * @param epochs           number of epochs ≥ 1
 * @param optimizer        optimiser of the model (and of the strategy's trainable weights)
 * @param schedule         learning-rate schedule
 * @param clipNorm         global gradient-norm clipping threshold; 0 = off
 * @param headPolicy       what the heads receive (REFERENCE = the strategy's rule)
 * @param jacobianMode     AS_NEEDED (default) or ALWAYS (compute J even for loss weightings)
 * @param nonFiniteGuard   stop with a clear message on NaN/Inf losses or gradients (default true)
 * @param seed             the one seed that fixes data order, strategy randomness and dropout
 * @param maxStepsPerEpoch cap on steps per epoch (0 = whole epoch; for smoke runs)
 * @param checkpointDir    directory for checkpoints (null = none)
 * @param baselines        single-task baseline metrics per task and metric (validation split)
 *                         for model selection by Δp; empty = epoch-0 validation results
 */
public record TrainerConfig(int epochs, OptimizerConfig optimizer, LrSchedule schedule, double clipNorm, HeadPolicy headPolicy,
                            JacobianMode jacobianMode, boolean nonFiniteGuard, long seed, int maxStepsPerEpoch,
                            Path checkpointDir, Map<String, Map<String, Double>> baselines) {
    /** Validates. */
    public TrainerConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, found " + epochs);
        }
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(schedule, "schedule");
        if (!(clipNorm >= 0) || !Double.isFinite(clipNorm)) {
            throw new IllegalArgumentException("clipNorm must be >= 0 (0 = off), found " + clipNorm);
        }
        Objects.requireNonNull(headPolicy, "headPolicy");
        Objects.requireNonNull(jacobianMode, "jacobianMode");
        if (maxStepsPerEpoch < 0) {
            throw new IllegalArgumentException("maxStepsPerEpoch must be >= 0 (0 = all), found " + maxStepsPerEpoch);
        }
        baselines = baselines == null ? Map.of() : Map.copyOf(baselines);
    }

    /** @return defaults: the given epochs and optimiser, constant LR, no clipping, reference heads, guard on, seed 0 */
    public static TrainerConfig of(int epochs, OptimizerConfig optimizer) {
        return new TrainerConfig(epochs, optimizer, LrSchedule.constant(), 0, HeadPolicy.REFERENCE, JacobianMode.AS_NEEDED,
                true, 0L, 0, null, Map.of());
    }

    /** @return a copy with another seed */
    public TrainerConfig withSeed(long s) {
        return new TrainerConfig(epochs, optimizer, schedule, clipNorm, headPolicy, jacobianMode, nonFiniteGuard, s,
                maxStepsPerEpoch, checkpointDir, baselines);
    }

    /** @return a copy with another number of epochs */
    public TrainerConfig withEpochs(int e) {
        return new TrainerConfig(e, optimizer, schedule, clipNorm, headPolicy, jacobianMode, nonFiniteGuard, seed,
                maxStepsPerEpoch, checkpointDir, baselines);
    }

    /** @return a copy writing checkpoints into {@code dir} */
    public TrainerConfig withCheckpointDir(Path dir) {
        return new TrainerConfig(epochs, optimizer, schedule, clipNorm, headPolicy, jacobianMode, nonFiniteGuard, seed,
                maxStepsPerEpoch, dir, baselines);
    }

    /** @return a copy with the given schedule */
    public TrainerConfig withSchedule(LrSchedule s) {
        return new TrainerConfig(epochs, optimizer, s, clipNorm, headPolicy, jacobianMode, nonFiniteGuard, seed,
                maxStepsPerEpoch, checkpointDir, baselines);
    }

    /** @return a copy with the given clipping threshold */
    public TrainerConfig withClipNorm(double c) {
        return new TrainerConfig(epochs, optimizer, schedule, c, headPolicy, jacobianMode, nonFiniteGuard, seed,
                maxStepsPerEpoch, checkpointDir, baselines);
    }

    /** @return a copy with the given step cap per epoch */
    public TrainerConfig withMaxStepsPerEpoch(int s) {
        return new TrainerConfig(epochs, optimizer, schedule, clipNorm, headPolicy, jacobianMode, nonFiniteGuard, seed,
                s, checkpointDir, baselines);
    }

    /** @return a copy with single-task baselines for Δp */
    public TrainerConfig withBaselines(Map<String, Map<String, Double>> b) {
        return new TrainerConfig(epochs, optimizer, schedule, clipNorm, headPolicy, jacobianMode, nonFiniteGuard, seed,
                maxStepsPerEpoch, checkpointDir, b);
    }

    /** @return a copy with the given Jacobian mode */
    public TrainerConfig withJacobianMode(JacobianMode jm) {
        return new TrainerConfig(epochs, optimizer, schedule, clipNorm, headPolicy, jm, nonFiniteGuard, seed,
                maxStepsPerEpoch, checkpointDir, baselines);
    }
}
