package org.mtl4j.core.weighting;

import java.util.Map;

/**
 * A multi-task weighting or gradient-aggregation method: one stateful instance per run, made by
 * {@link WeightingConfig#create(int)}. The family (sub-interface) declares what the method
 * reads, so the gradient engine computes only that:
 * <table>
 *   <caption>families</caption>
 *   <tr><th>family</th><th>reads</th><th>examples</th></tr>
 *   <tr><td>{@link LossWeighting}</td><td>losses (and the epoch loss history)</td><td>EW, UW, DWA, RLW</td></tr>
 *   <tr><td>{@link GramianWeighting}</td><td>{@code G = J Jᵀ} (m×m, double)</td><td>MGDA, IMTL-G, Nash-MTL</td></tr>
 *   <tr><td>{@link JacobianAggregator}</td><td>{@code J} (rows {@code g_i})</td><td>PCGrad, GradVac, CAGrad</td></tr>
 *   <tr><td>{@link MultiBatchAggregator}</td><td>{@code J} on several batches</td><td>MoDo, SDMGrad</td></tr>
 *   <tr><td>{@link BilevelWeighting}</td><td>a {@link BilevelContext}</td><td>MOML, FORUM</td></tr>
 * </table>
 * Strategies never run backward passes, never touch the model and never mutate their inputs.
 * Randomness comes only from {@link StepInfo#random()}, which the caller derives from the run
 * seed and the step, so a resumed run draws the same numbers.
 */
public sealed interface WeightingStrategy
        permits LossWeighting, GramianWeighting, JacobianAggregator, MultiBatchAggregator, BilevelWeighting {

    /** @return the immutable configuration this instance was created from */
    WeightingConfig config();

    /** @return number of tasks m this instance was created for */
    int numTasks();

    /** Returns to the state right after creation. */
    void reset();

    /**
     * @return which gradients a gradient-reading strategy reads: of the shared parameters
     *         (default) or of the shared representation (MGDA-UB, GradDrop)
     */
    default GradientSpace gradientSpace() {
        return GradientSpace.SHARED_PARAMETERS;
    }

    /**
     * @return what the heads receive under {@link HeadPolicy#REFERENCE} (algorithms.md §0.3):
     *         {@link HeadPolicy#WEIGHTED} for methods that back-propagate one weighted loss,
     *         {@link HeadPolicy#UNWEIGHTED} for the others
     */
    HeadPolicy referenceHeadPolicy();

    /**
     * @return the strategy's state for a checkpoint (named arrays); empty for stateless methods
     */
    default Map<String, double[]> saveState() {
        return Map.of();
    }

    /** Restores a state from {@link #saveState()}. */
    default void loadState(Map<String, double[]> state) {
        if (!state.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " is stateless but got state keys " + state.keySet());
        }
    }
}
