package org.mtl4j.core.weighting;

/**
 * A strategy that reads only the task losses (EW, UW, DWA, RLW, ...). The trainer back-propagates
 * {@code Σ w_i L_i} once; no per-task gradients are computed.
 */
public non-sealed interface LossWeighting extends WeightingStrategy {
    /**
     * @param losses current per-task batch losses (length m; not to be modified)
     * @param step   step information
     * @return the task weights
     */
    StepWeights weigh(double[] losses, StepInfo step);

    @Override
    default HeadPolicy referenceHeadPolicy() {
        return HeadPolicy.WEIGHTED;
    }
}
