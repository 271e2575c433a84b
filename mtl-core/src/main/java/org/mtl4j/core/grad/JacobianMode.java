package org.mtl4j.core.grad;

/**
 * How much the {@link GradientEngine} computes beyond what the strategy reads: the per-task
 * Jacobian {@code J} (m backward passes) and its Gramian {@code G = J Jᵀ} in double.
 */
public enum JacobianMode {
    /**
     * Compute only what the strategy reads: one backward of {@code Σ w_i L_i} for loss
     * weightings, J for Jacobian aggregators, and G only for Gramian weightings and aggregators
     * that declare {@link org.mtl4j.core.weighting.JacobianAggregator#readsGramian()}.
     */
    AS_NEEDED,
    /**
     * Always compute J and combine {@code d = Jᵀw} (loss weightings too: the same direction up
     * to rounding); G only when the strategy reads it. For benchmarks of the Jacobian step.
     */
    JACOBIAN,
    /**
     * Always compute J and G, whatever the strategy reads: conflict statistics (minimum cosine
     * between task gradients) for every step, and checks.
     */
    ALWAYS
}
