package org.mtl4j.benchmarks.models;

import java.util.List;
import org.mtl4j.core.model.HpsModel;
import org.mtl4j.core.model.IdentityTransform;
import org.mtl4j.core.model.nd4j.DenseActivation;
import org.mtl4j.core.model.nd4j.ComputeLanes;
import org.mtl4j.core.model.nd4j.DenseStack;
import org.mtl4j.core.model.nd4j.FusedLinearHeads;
import org.mtl4j.core.task.TaskSet;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Builds dense encoders and linear heads as native ND4J modules ({@link DenseStack},
 * {@link FusedLinearHeads}): the fast path for MLP benchmarks, with the same signatures as
 * {@link Dl4jMlp} (a drop-in replacement) and the same parameter layout, initialisation
 * distribution (Xavier-normal, zero biases) and results up to float rounding.
 */
public final class NativeMlp {
    private NativeMlp() {
    }

    /**
     * @param seed       initialisation seed
     * @param dataType   FLOAT or DOUBLE
     * @param activation hidden activation (RELU, LEAKYRELU, TANH, SIGMOID or IDENTITY)
     * @param sizes      layer sizes: input, hidden..., output of the encoder
     * @return a dense encoder (activation on every layer) on {@link ComputeLanes#auto()} lanes
     */
    public static DenseStack encoder(long seed, DataType dataType, Activation activation, int... sizes) {
        return encoder(ComputeLanes.auto(), seed, dataType, activation, sizes);
    }

    /**
     * @param lanes      one or two lanes for the encoder's large pieces ({@link ComputeLanes})
     * @param seed       initialisation seed
     * @param dataType   FLOAT or DOUBLE
     * @param activation hidden activation (RELU, LEAKYRELU, TANH, SIGMOID or IDENTITY)
     * @param sizes      layer sizes: input, hidden..., output of the encoder
     * @return a dense encoder (activation on every layer) that runs on the given lanes
     */
    public static DenseStack encoder(ComputeLanes lanes, long seed, DataType dataType, Activation activation, int... sizes) {
        return new DenseStack(DenseStack.Config.mlp(dataType, seed, of(activation), sizes), null, lanes);
    }

    /** @return m linear heads {@code in → out} fused into one GEMM (the loss applies softmax), on one lane */
    public static FusedLinearHeads linearHeads(long seed, DataType dataType, int m, int in, int out) {
        return linearHeads(ComputeLanes.single(), seed, dataType, m, in, out);
    }

    /**
     * @param lanes the lanes of the model (the encoder's: one {@link ComputeLanes} per model)
     * @return m linear heads {@code in → out} fused into one GEMM whose fused forward and backward
     *         split over the lanes
     */
    public static FusedLinearHeads linearHeads(ComputeLanes lanes, long seed, DataType dataType, int m, int in, int out) {
        return new FusedLinearHeads(FusedLinearHeads.Config.uniform(m, in, out, dataType, seed + 1), null, lanes);
    }

    /** @return the HPS model of a native encoder and fused heads (identity task transform) */
    public static HpsModel model(TaskSet tasks, DenseStack encoder, FusedLinearHeads heads) {
        return new HpsModel(tasks, encoder, new IdentityTransform(tasks.size()), heads);
    }

    /**
     * @param activation a DL4J activation
     * @return the native equivalent
     * @throws IllegalArgumentException for activations the native stack does not implement
     */
    public static DenseActivation of(Activation activation) {
        return switch (activation) {
            case RELU -> DenseActivation.relu();
            case LEAKYRELU -> DenseActivation.leakyRelu();
            case TANH -> DenseActivation.tanh();
            case SIGMOID -> DenseActivation.sigmoid();
            case IDENTITY -> DenseActivation.identity();
            default -> throw new IllegalArgumentException("activation " + activation
                    + " has no native implementation; expected one of RELU, LEAKYRELU, TANH, SIGMOID, IDENTITY"
                    + " (use Dl4jMlp for others)");
        };
    }

    /** @return the activations {@link #of} maps */
    public static List<Activation> supported() {
        return List.of(Activation.RELU, Activation.LEAKYRELU, Activation.TANH, Activation.SIGMOID, Activation.IDENTITY);
    }
}
