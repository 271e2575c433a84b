package org.mtl4j.core.model;

import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adapter that makes a single-input, single-output DL4J {@link ComputationGraph} (ResNets,
 * graphs with skip connections, ...) a {@link Module}, for use as the shared encoder.
 *
 * <p>Like {@link Dl4jModule}, the graph is rebuilt on the model's flat parameter buffer with
 * {@code init(paramsView, false)}, and DL4J's gradient buffer is copied into the bound gradient
 * view after each backward pass. DL4J M2.1 does not expose a graph's input gradient, so this
 * adapter cannot compute {@code ∂L/∂input}: use it as the first module (the encoder), where that
 * gradient is never needed; asking for it throws.
 */
public final class Dl4jGraphModule extends Dl4jBoundModule {
    private final ComputationGraphConfiguration conf;
    private final String outputName;
    private ComputationGraph graph;

    /** @param graph an initialised graph with one input and one output, not ending in an output layer */
    public Dl4jGraphModule(ComputationGraph graph) {
        super(initialParams(graph));
        ComputationGraphConfiguration c = graph.getConfiguration();
        if (c.getNetworkInputs().size() != 1 || c.getNetworkOutputs().size() != 1) {
            throw new IllegalArgumentException("the graph must have exactly one input and one output, found "
                    + c.getNetworkInputs() + " and " + c.getNetworkOutputs());
        }
        for (org.deeplearning4j.nn.api.Layer l : graph.getLayers()) {
            if (l instanceof org.deeplearning4j.nn.api.layers.IOutputLayer) {
                throw new IllegalArgumentException("the graph contains an output layer (" + l.getClass().getSimpleName()
                        + "); build encoders without output layers: losses are computed by the task's Loss");
            }
        }
        this.conf = c.clone();
        this.outputName = c.getNetworkOutputs().get(0);
        this.graph = graph;
    }

    private static INDArray initialParams(ComputationGraph graph) {
        if (graph.params() == null) {
            throw new IllegalArgumentException("graph must be initialised (call init()) before wrapping");
        }
        return graph.params();
    }

    @Override
    void rebuildOn(INDArray paramsView) {
        ComputationGraph bound = new ComputationGraph(conf.clone());
        bound.init(paramsView, false);
        bound.initGradientsView();
        this.graph = bound;
    }

    @Override
    public INDArray forward(INDArray input, boolean training) {
        requireBound();
        Map<String, INDArray> acts = graph.feedForward(new INDArray[] {input}, training, false);
        return acts.get(outputName);
    }

    @Override
    public INDArray backward(INDArray outputGradient, boolean needInputGradient) {
        requireBound();
        if (needInputGradient) {
            throw new IllegalArgumentException("Dl4jGraphModule cannot compute the input gradient (DL4J M2.1 does not expose it);"
                    + " use a ComputationGraph only as the encoder, or Dl4jModule for modules after the first");
        }
        Gradient g = graph.backpropGradient(outputGradient);
        storeGradients(g.gradient());
        return null;
    }

    /** @return the wrapped (bound) graph */
    public ComputationGraph graph() {
        return graph;
    }

    @Override
    org.deeplearning4j.nn.api.Layer[] layers() {
        return graph.getLayers();
    }
}
