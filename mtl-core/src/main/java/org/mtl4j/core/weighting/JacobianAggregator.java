package org.mtl4j.core.weighting;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A strategy that maps the per-task gradients {@code J} (rows {@code g_i}) to an update
 * direction {@code d}, possibly non-linearly (PCGrad, GradVac, GradDrop, CAGrad, ...).
 * {@code d} is gradient-like: the optimiser consumes it as if it were the gradient.
 */
public non-sealed interface JacobianAggregator extends WeightingStrategy {
    /**
     * @param jacobian  {@code [m, p]} per-task gradients (read only; valid during the call)
     * @param losses    per-task losses (read only)
     * @param step      step information
     * @param direction {@code [p]} buffer to overwrite with {@code d}
     * @return weights if the direction is {@code Jᵀw} for some reported w (else null) and diagnostics
     */
    Aggregation aggregate(INDArray jacobian, double[] losses, StepInfo step, INDArray direction);

    /**
     * The same aggregation when the caller already holds the Gramian {@code G = J Jᵀ} (in double):
     * aggregators that read J through G (PCGrad, CAGrad) override this, and
     * {@link #readsGramian()}, so that the gradient engine forms G once (structurally on the native
     * path) instead of the strategy making its own model-sized pass over J. The default ignores G.
     *
     * @param gram {@code m×m} Gramian of {@code jacobian} (a copy the strategy may keep or modify)
     */
    default Aggregation aggregate(INDArray jacobian, double[][] gram, double[] losses, StepInfo step, INDArray direction) {
        return aggregate(jacobian, losses, step, direction);
    }

    /**
     * @return whether {@link #aggregate(INDArray, double[][], double[], StepInfo, INDArray)} reads
     *         the Gramian; the gradient engine forms G for this strategy only if so (or when
     *         asked for conflict statistics), and otherwise calls the overload without G
     */
    default boolean readsGramian() {
        return false;
    }

    @Override
    default HeadPolicy referenceHeadPolicy() {
        return HeadPolicy.UNWEIGHTED;
    }
}
