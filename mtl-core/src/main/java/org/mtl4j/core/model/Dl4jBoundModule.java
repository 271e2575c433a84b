package org.mtl4j.core.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the DL4J adapters share: the initial parameters taken from the wrapped network, the bound
 * parameter and gradient views, and the rebuild of the network on the parameter view (so DL4J's
 * layers read and write the model's flat buffer). Subclasses rebuild their kind of network.
 */
abstract class Dl4jBoundModule implements Module {
    private final INDArray initialParams;
    private final DataType dataType;
    private INDArray params;
    private INDArray gradients;

    Dl4jBoundModule(INDArray initialParams) {
        this.initialParams = initialParams.dup();
        this.dataType = initialParams.dataType();
    }

    /** Rebuilds the wrapped network so that it uses {@code paramsView} as its parameter buffer. */
    abstract void rebuildOn(INDArray paramsView);

    @Override
    public final long numParams() {
        return initialParams.length();
    }

    @Override
    public final DataType dataType() {
        return dataType;
    }

    @Override
    public final void bind(INDArray paramsView, INDArray gradientsView) {
        if (paramsView.length() != numParams() || gradientsView.length() != numParams()) {
            throw new IllegalArgumentException("views must have length " + numParams() + ", found "
                    + paramsView.length() + " and " + gradientsView.length());
        }
        paramsView.assign(initialParams.reshape(paramsView.shape()));
        rebuildOn(paramsView);
        this.params = paramsView;
        this.gradients = gradientsView;
    }

    @Override
    public final INDArray params() {
        return params;
    }

    @Override
    public final INDArray gradients() {
        return gradients;
    }

    /** Copies DL4J's flat gradient into the bound gradient view. */
    final void storeGradients(INDArray dl4jFlatGradient) {
        gradients.assign(dl4jFlatGradient.reshape(gradients.shape()));
    }

    final void requireBound() {
        if (params == null) {
            throw new IllegalStateException("module not bound to a model yet: build an HpsModel with it first");
        }
    }

    /** @return the wrapped network's layers, in parameter order */
    abstract org.deeplearning4j.nn.api.Layer[] layers();

    @Override
    public long[] layerSizes() {
        java.util.List<Long> out = new java.util.ArrayList<>();
        for (org.deeplearning4j.nn.api.Layer l : layers()) {
            if (l.numParams() > 0) {
                out.add(l.numParams());
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    @Override
    public long[] tensorSizes() {
        java.util.List<Long> out = new java.util.ArrayList<>();
        for (org.deeplearning4j.nn.api.Layer l : layers()) {
            for (INDArray t : l.paramTable().values()) {
                out.add(t.length());
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }
}
