package org.mtl4j.core.listener;

/**
 * Immutable record of one finished training step.
 *
 * @param epoch         0-based epoch
 * @param step          global 1-based step counter
 * @param batchIndex    batch index within the epoch
 * @param losses        per-task batch losses
 * @param weights       task weights (null when the strategy reports none)
 * @param minCosine     minimum cosine between task gradients (NaN when not computed)
 * @param directionNorm ‖d‖ of the shared direction
 * @param learningRate  learning rate used
 * @param millis        wall time of the step in milliseconds
 */
public record StepEvent(int epoch, long step, int batchIndex, double[] losses, double[] weights, double minCosine,
                        double directionNorm, double learningRate, double millis) {
    /** Copies arrays. */
    public StepEvent {
        losses = losses.clone();
        weights = weights == null ? null : weights.clone();
    }
}
