package org.mtl4j.benchmarks.models;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.mtl4j.core.model.Dl4jModule;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;

/** Builds dense encoders and linear heads as DL4J networks wrapped in {@link Dl4jModule}s. */
public final class Dl4jMlp {
    private Dl4jMlp() {
    }

    /**
     * @param seed       initialisation seed
     * @param dataType   FLOAT or DOUBLE
     * @param activation hidden activation
     * @param sizes      layer sizes: input, hidden..., output of the encoder
     * @return a dense encoder (activation on every layer)
     */
    public static Dl4jModule encoder(long seed, DataType dataType, Activation activation, int... sizes) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("an encoder needs at least input and output sizes, found " + sizes.length);
        }
        var list = new NeuralNetConfiguration.Builder().seed(seed).dataType(dataType).weightInit(WeightInit.XAVIER).list();
        for (int i = 0; i + 1 < sizes.length; i++) {
            list.layer(new DenseLayer.Builder().nIn(sizes[i]).nOut(sizes[i + 1]).activation(activation).build());
        }
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return new Dl4jModule(net);
    }

    /** @return m linear heads {@code in → out} (identity activation; the loss applies softmax) */
    public static List<Dl4jModule> linearHeads(long seed, DataType dataType, int m, int in, int out) {
        List<Dl4jModule> heads = new ArrayList<>();
        for (int t = 0; t < m; t++) {
            var conf = new NeuralNetConfiguration.Builder().seed(seed + 1 + t).dataType(dataType).weightInit(WeightInit.XAVIER)
                    .list().layer(new DenseLayer.Builder().nIn(in).nOut(out).activation(Activation.IDENTITY).build()).build();
            MultiLayerNetwork net = new MultiLayerNetwork(conf);
            net.init();
            heads.add(new Dl4jModule(net));
        }
        return heads;
    }
}
