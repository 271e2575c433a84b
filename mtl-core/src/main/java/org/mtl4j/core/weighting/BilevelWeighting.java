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

    /**
     * @return where the upper-level batches come from (part of the strategy's configuration, so
     *         it appears in the run record); the trainer fails fast when it asks for
     *         {@link UpperLevelData#VALIDATION_SPLIT} and no validation data is given
     */
    UpperLevelData upperLevelData();

    @Override
    default HeadPolicy referenceHeadPolicy() {
        return HeadPolicy.WEIGHTED;
    }
}
