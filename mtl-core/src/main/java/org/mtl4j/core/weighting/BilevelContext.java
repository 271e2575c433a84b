package org.mtl4j.core.weighting;

import org.mtl4j.core.data.MtlBatch;
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

    /** @return the next lower-level (training) batch */
    MtlBatch nextLowerBatch();

    /** @return the next upper-level batch (validation split or a second training half-batch) */
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
     * @return per-task gradients of all parameters on the batch, {@code [m, numParams]}, and
     *         writes the per-task losses into {@code lossesOut}
     */
    INDArray perTaskGradients(MtlBatch batch, double[] lossesOut);

    /** Adds {@code scale · direction} to all parameters ({@code direction} of length numParams). */
    void addToParams(INDArray direction, double scale);

    /** Applies the trainer's optimiser to all parameters with the given gradient-like vector. */
    void applyUpdate(INDArray gradient);
}
