package org.mtl4j.core.weighting;

import org.mtl4j.core.data.MtlBatch;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a {@link BilevelWeighting} may do to the model and the data during one upper-level
 * iteration. The model itself is never handed out.
 */
public interface BilevelContext {
    /** @return number of tasks m */
    int numTasks();

    /** @return total number of model parameters (shared and heads) */
    long numParams();

    /** @return the data type of the model's parameters (buffers handed in must use it) */
    DataType dataType();

    /** @return the next lower-level (training) batch */
    MtlBatch nextLowerBatch();

    /**
     * @return the next upper-level batch, from the source named by
     *         {@link BilevelWeighting#upperLevelData()} (validation split or a second,
     *         independently ordered training batch)
     */
    MtlBatch nextUpperBatch();

    /** @return a copy of all model parameters */
    INDArray snapshot();

    /** Restores all model parameters from a {@link #snapshot()} (bit-identical). */
    void restore(INDArray snapshot);

    /**
     * One inner SGD step {@code ω ← ω − lr·∇_ω Σ α_i L_i(batch)} on all parameters.
     *
     * @return per-task losses on the batch before the step
     */
    double[] innerStep(MtlBatch batch, double[] alpha, double learningRate);

    /**
     * Gradient of the weighted loss at the current parameters, without changing them:
     * {@code gradientOut ← ∇_ω Σ_i weights_i L_i(batch)} over all parameters (shared and heads).
     * This is the building block of unrolled inner loops and of Hessian-vector products by
     * finite differences of gradients, {@code H v ≈ (∇f(ω + εv) − ∇f(ω − εv)) / 2ε}.
     *
     * @param batch       the batch
     * @param weights     task weights (finite, length m)
     * @param gradientOut buffer of length numParams (the model's data type)
     * @return per-task losses on the batch
     */
    double[] weightedGradient(MtlBatch batch, double[] weights, INDArray gradientOut);

    /** @return per-task losses on the batch at the current parameters (forward pass only) */
    double[] losses(MtlBatch batch);

    /**
     * @return per-task gradients of all parameters on the batch, {@code [m, numParams]}, and
     *         writes the per-task losses into {@code lossesOut}
     */
    INDArray perTaskGradients(MtlBatch batch, double[] lossesOut);

    /** Adds {@code scale · direction} to all parameters ({@code direction} of length numParams). */
    void addToParams(INDArray direction, double scale);

    /** Applies the trainer's optimiser to all parameters with the given gradient-like vector. */
    void applyUpdate(INDArray gradient);
}
