package org.mtl4j.core.weighting;

/**
 * A bi-level task-weighting strategy (MOML, FORUM): the task weights α are the upper-level
 * variable, chosen so that the model trained on {@code Σ α_i L_i^train} does well on held-out
 * data for every task. Instead of one gradient step the trainer calls {@link #step} with a
 * {@link BilevelContext} that offers typed operations on the model and the data.
 */
public non-sealed interface BilevelWeighting extends WeightingStrategy {
    /**
     * Performs one upper-level iteration (including the lower-level steps it needs).
     *
     * @param context operations on the model and data
     * @param step    step information
     * @return the current task weights α and diagnostics
     */
    StepWeights step(BilevelContext context, StepInfo step);

    @Override
    default HeadPolicy referenceHeadPolicy() {
        return HeadPolicy.WEIGHTED;
    }
}
