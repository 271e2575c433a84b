package org.mtl4j.core.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A differentiable block of the network (shared encoder, task head, ...) whose parameters and
 * gradients live in views of one flat buffer owned by the {@link HpsModel}.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #bind} is called once, before anything else; afterwards {@link #params()} and
 *       {@link #gradients()} are those views (rank 1, length {@link #numParams()}).</li>
 *   <li>{@link #forward} keeps what the backward pass needs, so that several
 *       {@link #backward} calls (one per task, e.g. for the per-task Jacobian) can follow one
 *       forward.</li>
 *   <li>{@link #backward} <em>overwrites</em> {@link #gradients()} with
 *       {@code ∂L/∂params} for the given output gradient {@code ∂L/∂output}; it returns
 *       {@code ∂L/∂input} when asked, else null (a first layer never needs it).</li>
 *   <li>Returned arrays may be internal buffers that are valid until the next call; copy them
 *       if you keep them.</li>
 * </ul>
 * Implementations: {@link Dl4jModule} (any DL4J MultiLayerNetwork) and native ND4J modules.
 */
public interface Module {

    /** @return number of trainable parameters */
    long numParams();

    /** @return the floating point type of parameters and activations */
    DataType dataType();

    /**
     * Binds the module to views of the model's flat parameter and gradient buffers. The current
     * (initial) parameter values are copied into {@code paramsView}.
     *
     * @param paramsView    rank-1 view of length {@link #numParams()}
     * @param gradientsView rank-1 view of length {@link #numParams()}
     */
    void bind(INDArray paramsView, INDArray gradientsView);

    /** @return the live parameter view (after {@link #bind}) */
    INDArray params();

    /** @return the live gradient view (after {@link #bind}) */
    INDArray gradients();

    /**
     * Forward pass.
     *
     * @param input    input batch (first dimension = batch)
     * @param training whether training-time behaviour (dropout, batch statistics) applies
     * @return the output batch
     */
    INDArray forward(INDArray input, boolean training);

    /**
     * Backward pass for the last forward.
     *
     * @param outputGradient {@code ∂L/∂output}, same shape as the last output
     * @param needInputGradient whether {@code ∂L/∂input} is needed
     * @return {@code ∂L/∂input} or null
     */
    INDArray backward(INDArray outputGradient, boolean needInputGradient);

    /**
     * @return sizes of the consecutive per-layer blocks of {@link #params()} (summing to
     *         {@link #numParams()}), for strategies that work layer by layer (GradVac); one block by default
     */
    default long[] layerSizes() {
        return new long[] {numParams()};
    }

    /**
     * @return sizes of the consecutive parameter tensors (weights, biases, ...) of {@link #params()},
     *         summing to {@link #numParams()}; the layer blocks by default
     */
    default long[] tensorSizes() {
        return layerSizes();
    }
}
