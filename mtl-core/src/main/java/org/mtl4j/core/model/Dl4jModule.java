package org.mtl4j.core.model;

import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adapter that makes any DL4J {@link MultiLayerNetwork} without an output layer (dense stacks,
 * convolutional encoders such as LeNet or ResNets, heads made of dense layers) a {@link Module}.
 *
 * <p>The network's parameters are moved into the model's flat buffer: the adapter rebuilds the
 * network on the given configuration with {@code init(paramsView, false)}, so DL4J's layers read
 * and write the shared buffer directly. DL4J keeps its own gradient buffer; after each backward
 * pass it is copied into the bound gradient view (one bulk copy).
 *
 * <p>The output gradient passed to {@link #backward} is {@code ∂L/∂output} of the batch-mean
 * loss, so the gradients are those of the mean loss (no division by the batch size happens
 * here).
 */
public final class Dl4jModule extends Dl4jBoundModule {
    private final MultiLayerConfiguration conf;
    private MultiLayerNetwork net;

    /**
     * @param network an initialised network (its current parameters become the initial values);
     *                it must not end in an output layer
     */
    public Dl4jModule(MultiLayerNetwork network) {
        super(initialParams(network));
        for (Layer l : network.getLayers()) {
            if (l instanceof org.deeplearning4j.nn.api.layers.IOutputLayer) {
                throw new IllegalArgumentException("the network ends in an output layer (" + l.getClass().getSimpleName()
                        + "); build encoders and heads without output layers: losses are computed by the task's Loss");
            }
        }
        this.conf = network.getLayerWiseConfigurations().clone();
        this.net = network;
    }

    private static INDArray initialParams(MultiLayerNetwork network) {
        if (network.params() == null) {
            throw new IllegalArgumentException("network must be initialised (call init()) before wrapping");
        }
        return network.params();
    }

    @Override
    void rebuildOn(INDArray paramsView) {
        MultiLayerNetwork bound = new MultiLayerNetwork(conf.clone());
        bound.init(paramsView, false);
        bound.initGradientsView();
        this.net = bound;
    }

    @Override
    public INDArray forward(INDArray input, boolean training) {
        requireBound();
        net.setInput(input);
        List<INDArray> acts = net.feedForward(training, false);
        return acts.get(acts.size() - 1);
    }

    @Override
    public INDArray backward(INDArray outputGradient, boolean needInputGradient) {
        requireBound();
        Pair<Gradient, INDArray> p = net.backpropGradient(outputGradient, LayerWorkspaceMgr.noWorkspaces());
        INDArray flat = p.getFirst().gradient();
        storeGradients(flat);
        return needInputGradient ? p.getSecond() : null;
    }

    /** @return the wrapped (bound) DL4J network, e.g. for inspection */
    public MultiLayerNetwork network() {
        return net;
    }

    @Override
    org.deeplearning4j.nn.api.Layer[] layers() {
        return net.getLayers();
    }
}
