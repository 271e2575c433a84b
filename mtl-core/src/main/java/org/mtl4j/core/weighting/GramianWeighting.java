package org.mtl4j.core.weighting;

/**
 * A strategy that computes weights from the Gram matrix {@code G = J Jᵀ} of the per-task
 * gradients ({@code G_ij = ⟨g_i, g_j⟩}, m×m, double precision). The shared direction is
 * {@code d = Σ w_i g_i}.
 */
public non-sealed interface GramianWeighting extends WeightingStrategy {
    /**
     * @param gram   symmetric m×m Gram matrix (not to be modified)
     * @param losses current per-task losses (not to be modified)
     * @param step   step information
     * @return the task weights
     */
    StepWeights weigh(double[][] gram, double[] losses, StepInfo step);

    @Override
    default HeadPolicy referenceHeadPolicy() {
        return HeadPolicy.UNWEIGHTED;
    }
}
