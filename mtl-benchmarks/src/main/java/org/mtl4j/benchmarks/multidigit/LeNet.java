package org.mtl4j.benchmarks.multidigit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.mtl4j.core.data.InMemoryMtlDataset;
import org.mtl4j.core.model.Dl4jModule;
import org.mtl4j.core.model.HpsModel;
import org.mtl4j.core.model.IdentityTransform;
import org.mtl4j.core.model.Module;
import org.mtl4j.core.model.nd4j.FusedLinearHeads;
import org.mtl4j.core.task.TaskSet;
import org.mtl4j.core.model.nd4j.ConvStack;
import org.mtl4j.core.model.nd4j.DenseActivation;
import org.mtl4j.core.model.nd4j.DenseStack;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The LeNet-style shared encoder and linear task heads of the two-item image benchmarks
 * (ParetoMTL / EPO {@code model_lenet.py}, benchmarks.md §6.3). The encoder exists as a DL4J
 * network wrapped in a {@link Dl4jModule} and as the native {@link ConvStack} (with
 * {@link FusedLinearHeads} in {@link #model}) (im2col + GEMM on
 * ND4J, about twice as fast per training step here: DL4J's oneDNN helper spends ≈ 120 ms of a
 * 256-image backward pass on the first convolution's weight gradient); both start from the same
 * parameters for a seed and compute the same function (tested to float rounding). Heads are DL4J
 * dense layers.
 *
 * <pre>
 * encoder (input [B, 1, s, s], s = 36 for the PARETO_36 layout):
 *   conv 1→10, 9×9, stride 1, no padding → ReLU → max-pool 2×2 / 2      36 → 28 → 14
 *   conv 10→20, 5×5, stride 1, no padding → ReLU → max-pool 2×2 / 2     14 → 10 → 5
 *   flatten (c, h, w order) 20·5·5 = 500 → dense 500→50 → ReLU            output [B, 50]
 * head t: dense 50→10 (identity; the softmax is in the loss)
 * initialisation (PyTorch's default for nn.Conv2d / nn.Linear, which the peers use):
 *   W, b ~ Uniform(−1/√fanIn, 1/√fanIn),  fanIn = nIn · kh · kw
 *   drawn in layer order (W then b); encoder from SplittableRandom(seed), head t from
 *   SplittableRandom(mix(seed, 1000 + t))
 * </pre>
 *
 * ReLU before or after a max-pool gives the same result (both are monotone), so the ParetoMTL
 * order (conv, ReLU, pool) and the MGDA order (conv, pool, ReLU) are the same function. The
 * flattened size is {@code 20 · (s/4 − 4)²}; the side must make both pools exact and leave at least
 * one pixel: {@code s ≡ 0 mod 4}, {@code s ≥ 20} (36 → 500 features, 28 → 180).
 */
public final class LeNet {
    /** Which implementation runs the encoder. */
    public enum EncoderPath {
        /** {@link ConvStack}: ND4J im2col + GEMM (default). */
        NATIVE,
        /** DL4J convolution, pooling and dense layers (with the oneDNN helpers when enabled). */
        DL4J
    }

    /** Width of the shared representation. */
    public static final int REPRESENTATION = 50;
    /** Classes per task head. */
    public static final int CLASSES = 10;

    private LeNet() {
    }

    /**
     * @param side      input side in pixels (36 or 28)
     * @return number of features after the second pooling layer
     */
    public static int flattenedSize(int side) {
        requireSide(side);
        int afterSecondPool = side / 4 - 4;
        return 20 * afterSecondPool * afterSecondPool;
    }

    /**
     * @param seed     initialisation seed
     * @param side     input side in pixels (see the class comment for the allowed sizes)
     * @param dataType FLOAT or DOUBLE
     * @return the encoder, output {@code [B, 50]}
     */
    public static Dl4jModule encoder(long seed, int side, DataType dataType) {
        requireSide(side);
        var conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(dataType).weightInit(WeightInit.XAVIER)
                .convolutionMode(ConvolutionMode.Truncate).list()
                .layer(new ConvolutionLayer.Builder(9, 9).nIn(1).nOut(10).stride(1, 1).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(20).stride(1, 1).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(REPRESENTATION).activation(Activation.RELU).build())
                .setInputType(InputType.convolutional(side, side, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        torchDefaultInit(net, seed);
        return new Dl4jModule(net);
    }

    /**
     * @param seed     initialisation seed
     * @param side     input side in pixels (see the class comment for the allowed sizes)
     * @param dataType FLOAT or DOUBLE
     * @param path     the implementation
     * @return the encoder, output {@code [B, 50]}, with the same initial parameters on either path
     */
    public static Module encoder(long seed, int side, DataType dataType, EncoderPath path) {
        Dl4jModule dl4j = encoder(seed, side, dataType);
        return switch (path) {
            case DL4J -> dl4j;
            case NATIVE -> new ConvStack(nativeConfig(side, dataType, seed), dl4j.network().params());
        };
    }

    /**
     * @param tasks    the tasks, one 10-class head each
     * @param seed     initialisation seed
     * @param side     input side in pixels
     * @param dataType FLOAT or DOUBLE
     * @param path     the implementation: NATIVE gives a {@link ConvStack} encoder and {@link FusedLinearHeads}
     *                 (all heads in one GEMM), DL4J gives DL4J networks for both
     * @return the HPS model; its initial parameters are the same on both paths
     */
    public static HpsModel model(TaskSet tasks, long seed, int side, DataType dataType, EncoderPath path) {
        Module encoder = encoder(seed, side, dataType, path);
        List<Dl4jModule> heads = heads(seed, dataType, tasks.size());
        if (path == EncoderPath.DL4J) {
            return HpsModel.of(tasks, encoder, heads);
        }
        INDArray[] headParams = new INDArray[heads.size()];
        for (int t = 0; t < headParams.length; t++) {
            headParams[t] = heads.get(t).network().params().reshape(heads.get(t).numParams());
        }
        FusedLinearHeads fused = new FusedLinearHeads(FusedLinearHeads.Config.uniform(tasks.size(), REPRESENTATION, CLASSES,
                dataType, seed), Nd4j.concat(0, headParams));
        return new HpsModel(tasks, encoder, new IdentityTransform(tasks.size()), fused);
    }

    /**
     * @param side     input side in pixels
     * @param dataType FLOAT or DOUBLE
     * @param seed     seed of the configuration (the parameters come from the DL4J network's initialisation)
     * @return the {@link ConvStack} configuration of the encoder; its flat parameter layout is the DL4J network's
     */
    public static ConvStack.Config nativeConfig(int side, DataType dataType, long seed) {
        requireSide(side);
        return new ConvStack.Config(1, side, side, List.of(ConvStack.ConvSpec.relu(10, 9, 2), ConvStack.ConvSpec.relu(20, 5, 2)),
                List.of(DenseStack.LayerSpec.of(REPRESENTATION, DenseActivation.relu())), dataType, seed);
    }

    /**
     * @param seed     initialisation seed (head t draws from SplittableRandom(mix(seed, 1000 + t)))
     * @param dataType FLOAT or DOUBLE
     * @param m        number of heads ≥ 1
     * @return m linear heads 50 → 10
     */
    public static List<Dl4jModule> heads(long seed, DataType dataType, int m) {
        if (m < 1) {
            throw new IllegalArgumentException("m must be >= 1, found " + m);
        }
        List<Dl4jModule> heads = new ArrayList<>();
        for (int t = 0; t < m; t++) {
            var conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(dataType).weightInit(WeightInit.XAVIER)
                    .list().layer(new DenseLayer.Builder().nIn(REPRESENTATION).nOut(CLASSES)
                            .activation(Activation.IDENTITY).build()).build();
            MultiLayerNetwork net = new MultiLayerNetwork(conf);
            net.init();
            torchDefaultInit(net, InMemoryMtlDataset.mix(seed, 1000L + t));
            heads.add(new Dl4jModule(net));
        }
        return heads;
    }

    /**
     * Overwrites every weight and bias with {@code Uniform(−1/√fanIn, 1/√fanIn)} (PyTorch's default
     * initialisation of convolution and linear layers), in layer order, W before b.
     */
    static void torchDefaultInit(MultiLayerNetwork net, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (Layer layer : net.getLayers()) {
            Map<String, INDArray> table = layer.paramTable();
            INDArray w = table.get("W");
            if (w == null) {
                continue;
            }
            long fanIn = w.rank() == 4 ? w.size(1) * w.size(2) * w.size(3) : w.size(0);
            double bound = 1.0 / Math.sqrt(fanIn);
            fillUniform(w, bound, rng);
            INDArray b = table.get("b");
            if (b != null) {
                fillUniform(b, bound, rng);
            }
        }
    }

    private static void fillUniform(INDArray target, double bound, SplittableRandom rng) {
        double[] values = new double[(int) target.length()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (2 * rng.nextDouble() - 1) * bound;
        }
        target.assign(Nd4j.create(values, target.shape(), target.ordering()).castTo(target.dataType()));
    }

    private static void requireSide(int side) {
        if (side < 20 || side % 4 != 0) {
            throw new IllegalArgumentException("side must be a multiple of 4 and >= 20 (e.g. 28 or 36), found " + side);
        }
    }
}
