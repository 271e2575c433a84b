package org.mtl4j.core.weighting;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A stochastic strategy that needs per-task gradients on several independent batches per step
 * (MoDo's double/triple sampling, SDMGrad). The trainer supplies {@link #batchesPerStep()}
 * batches without knowing the method.
 */
public non-sealed interface MultiBatchAggregator extends WeightingStrategy {
    /**
     * @return number of independent batches needed for the next step (≥ 2); the trainer asks before
     *         every step, so a strategy may follow a schedule (its state decides)
     */
    int batchesPerStep();

    /**
     * @param jacobians one {@code [m, p]} Jacobian per batch
     * @param losses    per-task losses per batch
     * @param step      step information
     * @param direction {@code [p]} buffer to overwrite with {@code d}
     * @return weights (or null) and diagnostics
     */
    Aggregation aggregate(List<INDArray> jacobians, List<double[]> losses, StepInfo step, INDArray direction);

    @Override
    default HeadPolicy referenceHeadPolicy() {
        return HeadPolicy.UNWEIGHTED;
    }
}
