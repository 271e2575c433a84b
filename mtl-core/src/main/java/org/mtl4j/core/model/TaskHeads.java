package org.mtl4j.core.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The m task-specific heads {@code h_i} with parameters {@code φ_i}. Each head maps its task's
 * representation {@code Z_i} to the raw task output {@code ŷ_i}. Parameters of all heads are
 * laid out contiguously, task after task, so that {@link #paramOffset(int)} and
 * {@link #numParams(int)} locate head i in the flat buffer.
 *
 * <p>Implementations: {@link SeparateHeads} (one {@link Module} per task); a fused
 * implementation may compute all heads in one GEMM.
 */
public interface TaskHeads {

    /** @return number of heads m */
    int numTasks();

    /** @return number of parameters of head {@code task} */
    long numParams(int task);

    /** @return offset of head {@code task} within the heads' part of the flat buffer */
    long paramOffset(int task);

    /** @return total number of head parameters */
    long numParams();

    /** @return data type of the heads */
    DataType dataType();

    /** Binds all heads to views of the flat buffers (see {@link Module#bind}). */
    void bind(INDArray paramsView, INDArray gradientsView);

    /**
     * Forward pass of every head.
     *
     * @param representations {@code Z_i} per task
     * @param training        training-time behaviour
     * @return raw outputs per task (internal buffers, valid until the next forward)
     */
    INDArray[] forward(INDArray[] representations, boolean training);

    /**
     * Forward pass of one head (used for multi-input problems, where each task has its own
     * input and representation).
     */
    INDArray forward(int task, INDArray representation, boolean training);

    /**
     * Backward pass of head {@code task} for its last forward: overwrites the head's gradient
     * view with {@code ∂L/∂φ_i} and returns {@code ∂L/∂Z_i}.
     */
    INDArray backward(int task, INDArray outputGradient);
}
