package org.mtl4j.core.weighting;

import java.util.Objects;

/**
 * Task weights returned by a strategy.
 *
 * @param weights            w ∈ R^m (finite); the shared direction is {@code Σ w_i g_i}
 * @param trainableGradient  gradient of the strategy's own objective with respect to its
 *                           {@link TrainableWeights#trainableValues()} (null if it has none, or
 *                           when the variables must not be stepped)
 * @param diagnostics        solver status and the like
 * @param headWeights        factors of the heads' gradients under {@link HeadPolicy#REFERENCE}
 *                           when they differ from both 1 and w (e.g. Nash-MTL clips only the
 *                           shared direction; IMTL's heads get {@code e^{s_i}∇L_i}); null = the
 *                           strategy's {@link WeightingStrategy#referenceHeadPolicy()} applies
 */
public record StepWeights(double[] weights, double[] trainableGradient, Diagnostics diagnostics, double[] headWeights) {
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
        if (headWeights != null) {
            if (headWeights.length != weights.length) {
                throw new IllegalArgumentException("headWeights has " + headWeights.length + " entries, expected "
                        + weights.length + " like the weights");
            }
            headWeights = headWeights.clone();
            for (int i = 0; i < headWeights.length; i++) {
                if (!Double.isFinite(headWeights[i])) {
                    throw new IllegalArgumentException("head weight " + i + " is not finite: " + headWeights[i]);
                }
            }
        }
    }

    /** Weights without separate head weights. */
    public StepWeights(double[] weights, double[] trainableGradient, Diagnostics diagnostics) {
        this(weights, trainableGradient, diagnostics, null);
    }

    /** @return weights with no trainable gradient and OK diagnostics */
    public static StepWeights of(double... weights) {
        return new StepWeights(weights, null, Diagnostics.ok(), null);
    }
}
