package org.mtl4j.weighting.bilevel;

import org.mtl4j.core.data.MtlBatch;
import org.mtl4j.core.weighting.BilevelContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The trainer's model as a weighted-sum lower level {@code f(α, ω) = Σ_i softmax(α)_i L_i(ω; B)}
 * on one fixed lower-level batch B: every evaluation restores ω into the model through the
 * {@link BilevelContext} and runs one forward (and backward) pass there.
 */
final class ContextLowerLevel extends WeightedSumLowerLevel {
    private final BilevelContext context;
    private final MtlBatch batch;

    ContextLowerLevel(BilevelContext context, MtlBatch batch, double fdScale) {
        super(new SoftmaxWeights(context.numTasks()), fdScale);
        this.context = context;
        this.batch = batch;
    }

    @Override
    public long omegaLength() {
        return context.numParams();
    }

    @Override
    public DataType dataType() {
        return context.dataType();
    }

    @Override
    protected double[] weightedGradient(double[] componentWeights, INDArray omega, INDArray gradientOut) {
        context.restore(omega);
        return context.weightedGradient(batch, componentWeights, gradientOut);
    }

    @Override
    protected double[] componentValues(INDArray omega) {
        context.restore(omega);
        return context.losses(batch);
    }
}
