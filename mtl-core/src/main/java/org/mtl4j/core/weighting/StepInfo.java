package org.mtl4j.core.weighting;

import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Step information handed to a strategy.
 *
 * @param step        global step counter t, 1-based
 * @param epoch       epoch e, 0-based
 * @param random      RNG for this step, derived from the strategy seed and t (use only this one)
 * @param epochLosses per-epoch mean training losses of the finished epochs, oldest first, each of
 *                    length m (DWA, GradNorm); empty before the first epoch ends; deep-copied, so a
 *                    strategy cannot change the trainer's history
 */
public record StepInfo(long step, int epoch, RandomGenerator random, List<double[]> epochLosses) {
    /** Validates. */
    public StepInfo {
        if (step < 1) {
            throw new IllegalArgumentException("step counter t is 1-based, found " + step);
        }
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch is 0-based, found " + epoch);
        }
        Objects.requireNonNull(random, "random");
        if (epochLosses == null) {
            epochLosses = List.of();
        } else {
            java.util.List<double[]> copy = new java.util.ArrayList<>(epochLosses.size());
            for (double[] row : epochLosses) {
                copy.add(row.clone());
            }
            epochLosses = java.util.Collections.unmodifiableList(copy);
        }
    }
}
