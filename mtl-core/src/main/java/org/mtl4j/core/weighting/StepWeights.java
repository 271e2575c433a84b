package org.mtl4j.core.weighting;

import java.util.Objects;

/**
 * Task weights returned by a strategy.
 *
 * @param weights            w ∈ R^m (finite); the shared direction is {@code Σ w_i g_i}
 * @param trainableGradient  gradient of the strategy's own objective with respect to its
 *                           {@link TrainableWeights#trainableValues()} (null if it has none)
 * @param diagnostics        solver status and the like
 */
public record StepWeights(double[] weights, double[] trainableGradient, Diagnostics diagnostics) {
    /** Validates and copies. */
    public StepWeights {
        Objects.requireNonNull(weights, "weights");
        weights = weights.clone();
        for (int i = 0; i < weights.length; i++) {
            if (!Double.isFinite(weights[i])) {
                throw new IllegalArgumentException("weight " + i + " is not finite: " + weights[i]);
            }
        }
        trainableGradient = trainableGradient == null ? null : trainableGradient.clone();
        diagnostics = diagnostics == null ? Diagnostics.ok() : diagnostics;
    }

    /** @return weights with no trainable gradient and OK diagnostics */
    public static StepWeights of(double... weights) {
        return new StepWeights(weights, null, Diagnostics.ok());
    }
}
