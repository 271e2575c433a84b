package org.mtl4j.core.train;

import org.mtl4j.core.data.InMemoryMtlDataset;
import org.mtl4j.core.data.MtlBatch;
import org.mtl4j.core.data.MtlDataSource;
import org.mtl4j.core.grad.GradientEngine;
import org.mtl4j.core.model.HpsModel;
import org.mtl4j.core.optim.FlatOptimizer;
import org.mtl4j.core.weighting.BilevelContext;
import org.mtl4j.core.weighting.EqualWeighting;
import org.mtl4j.core.weighting.LossWeighting;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.StepWeights;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The trainer's implementation of {@link BilevelContext} for one upper-level iteration. The
 * losses the trainer logs for the step are those of the first evaluation on the iteration's
 * first lower-level batch (i.e. at the parameters the iteration started from).
 */
final class BilevelStepContext implements BilevelContext {
    private final GradientEngine engine;
    private final HpsModel model;
    private final FlatOptimizer optimizer;
    private final double lr;
    private final MtlDataSource train;
    private final int epoch;
    private final long seed;
    private final MtlTrainer.UpperBatches upper;
    private int lowerIndex;
    private double[] lastLowerLosses;
    private MtlBatch firstLower;
    private boolean lowerLossesSeen;

    BilevelStepContext(GradientEngine engine, FlatOptimizer optimizer, double lr, MtlDataSource train, int epoch,
                       int batchIndex, long seed, MtlTrainer.UpperBatches upper) {
        this.engine = engine;
        this.model = engine.model();
        this.optimizer = optimizer;
        this.lr = lr;
        this.train = train;
        this.epoch = epoch;
        this.lowerIndex = batchIndex;
        this.seed = seed;
        this.upper = upper;
        this.lastLowerLosses = new double[model.numTasks()];
    }

    double[] lastLowerLosses() {
        return lastLowerLosses.clone();
    }

    @Override
    public int numTasks() {
        return model.numTasks();
    }

    @Override
    public long numParams() {
        return model.numParams();
    }

    @Override
    public org.nd4j.linalg.api.buffer.DataType dataType() {
        return model.dataType();
    }

    @Override
    public MtlBatch nextLowerBatch() {
        int n = train.numBatches();
        MtlBatch b = train.batch(epoch + lowerIndex / n, lowerIndex % n, InMemoryMtlDataset.mix(seed, 1));
        lowerIndex++;
        if (firstLower == null) {
            firstLower = b;
        }
        return b;
    }

    private void noteLosses(MtlBatch batch, double[] losses) {
        if (!lowerLossesSeen && batch == firstLower) {
            lastLowerLosses = losses.clone();
            lowerLossesSeen = true;
        }
    }

    @Override
    public MtlBatch nextUpperBatch() {
        return upper.next();
    }

    @Override
    public INDArray snapshot() {
        return model.params().dup();
    }

    @Override
    public void restore(INDArray snapshot) {
        if (snapshot.length() != model.numParams()) {
            throw new IllegalArgumentException("snapshot has " + snapshot.length() + " entries, the model has " + model.numParams());
        }
        model.params().assign(snapshot);
    }

    @Override
    public double[] innerStep(MtlBatch batch, double[] alpha, double learningRate) {
        if (!Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("inner learning rate must be finite, found " + learningRate);
        }
        double[] losses = weightedGradientIntoModel(batch, alpha);
        Nd4j.getBlasWrapper().level1().axpy(model.numParams(), -learningRate, model.gradients(), model.params());
        return losses;
    }

    @Override
    public double[] weightedGradient(MtlBatch batch, double[] weights, INDArray gradientOut) {
        if (gradientOut == null || gradientOut.length() != model.numParams() || gradientOut.dataType() != model.dataType()) {
            throw new IllegalArgumentException("gradientOut must be a " + model.dataType() + " buffer of length "
                    + model.numParams() + ", found " + (gradientOut == null ? "null"
                    : gradientOut.dataType() + " of length " + gradientOut.length()));
        }
        double[] losses = weightedGradientIntoModel(batch, weights);
        gradientOut.assign(model.gradients().reshape(gradientOut.shape()));
        return losses;
    }

    @Override
    public double[] losses(MtlBatch batch) {
        double[] losses = engine.losses(batch, true);
        noteLosses(batch, losses);
        return losses;
    }

    private double[] weightedGradientIntoModel(MtlBatch batch, double[] alpha) {
        if (alpha == null || alpha.length != model.numTasks()) {
            throw new IllegalArgumentException("task weights must have length " + model.numTasks() + ", found "
                    + (alpha == null ? "null" : String.valueOf(alpha.length)));
        }
        for (int i = 0; i < alpha.length; i++) {
            if (!Double.isFinite(alpha[i])) {
                throw new IllegalArgumentException("task weight " + i + " is not finite: " + alpha[i]);
            }
        }
        LossWeighting fixed = new FixedWeights(alpha);
        var out = engine.compute(batch, fixed, new StepInfo(1, epoch, new java.util.SplittableRandom(0), java.util.List.of()),
                org.mtl4j.core.weighting.HeadPolicy.WEIGHTED, org.mtl4j.core.grad.JacobianMode.AS_NEEDED);
        noteLosses(batch, out.losses());
        return out.losses();
    }

    @Override
    public INDArray perTaskGradients(MtlBatch batch, double[] lossesOut) {
        INDArray out = Nd4j.zeros(model.dataType(), model.numTasks(), model.numParams());
        engine.perTaskFullGradients(batch, out, lossesOut);
        noteLosses(batch, lossesOut);
        return out;
    }

    @Override
    public void addToParams(INDArray direction, double scale) {
        if (direction.length() != model.numParams()) {
            throw new IllegalArgumentException("direction has " + direction.length() + " entries, the model has " + model.numParams());
        }
        Nd4j.getBlasWrapper().level1().axpy(model.numParams(), scale, direction.castTo(model.dataType()), model.params());
    }

    @Override
    public void applyUpdate(INDArray gradient) {
        if (gradient.length() != model.numParams()) {
            throw new IllegalArgumentException("gradient has " + gradient.length() + " entries, the model has " + model.numParams());
        }
        INDArray g = model.gradients();
        g.assign(gradient.reshape(g.shape()));
        optimizer.step(model.params(), g, lr);
    }

    /** Fixed task weights α as a loss weighting (the lower-level objective Σ α_i L_i). */
    private static final class FixedWeights implements LossWeighting {
        private final double[] alpha;

        FixedWeights(double[] alpha) {
            this.alpha = alpha.clone();
        }

        @Override
        public StepWeights weigh(double[] losses, StepInfo step) {
            return StepWeights.of(alpha);
        }

        @Override
        public org.mtl4j.core.weighting.WeightingConfig config() {
            return EqualWeighting.Config.defaults();
        }

        @Override
        public int numTasks() {
            return alpha.length;
        }

        @Override
        public void reset() {
            // stateless
        }
    }
}
