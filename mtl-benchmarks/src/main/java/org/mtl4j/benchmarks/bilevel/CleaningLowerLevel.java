package org.mtl4j.benchmarks.bilevel;

import java.util.List;
import org.mtl4j.weighting.bilevel.SigmoidSampleWeights;
import org.mtl4j.weighting.bilevel.WeightedSumLowerLevel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The hyper-cleaning lower level on one batch of training samples per dataset:
 * <pre>
 *   f(α, ω) = Σ_t (1/|S_t|) Σ_{j ∈ S_t} σ(α_j) ℓ_j(ω)          (ℓ_j: cross-entropy of sample j on its own head)
 * </pre>
 * α holds one logit per training sample of every dataset (dataset t's samples at
 * {@code offset[t] + j}); the batch S_t is all of dataset t's training samples or a subset. Second-order
 * products come from {@link WeightedSumLowerLevel} (central differences of gradients and of the
 * per-sample losses). Every evaluation loads ω into the network.
 */
final class CleaningLowerLevel extends WeightedSumLowerLevel {
    private final CleaningNetwork net;
    private final INDArray[] x;
    private final INDArray[] y;
    private final int[] sizes;

    /**
     * @param net     the network (its parameters are overwritten by every evaluation)
     * @param tasks   the datasets
     * @param batch   per dataset the indices of the batch in its training set
     * @param offsets per dataset the α index of its first training sample
     * @param alphaDimension total number of training samples
     * @param fdScale finite-difference scale
     */
    CleaningLowerLevel(CleaningNetwork net, List<CleaningTask> tasks, int[][] batch, int[] offsets, int alphaDimension,
                       double fdScale) {
        super(weights(batch, offsets, alphaDimension), fdScale);
        this.net = net;
        int m = tasks.size();
        x = new INDArray[m];
        y = new INDArray[m];
        sizes = new int[m];
        for (int t = 0; t < m; t++) {
            CleaningTask task = tasks.get(t);
            boolean all = batch[t].length == task.trainY().length && isIdentity(batch[t]);
            x[t] = all ? task.trainX() : task.trainX().getRows(batch[t]);
            if (x[t].dataType() != net.dataType()) {
                x[t] = x[t].castTo(net.dataType());
            }
            int[] labels = new int[batch[t].length];
            for (int k = 0; k < labels.length; k++) {
                labels[k] = task.trainY()[batch[t][k]];
            }
            y[t] = CleaningTask.oneHot(labels).castTo(net.dataType());
            sizes[t] = batch[t].length;
        }
    }

    private static boolean isIdentity(int[] idx) {
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] != i) {
                return false;
            }
        }
        return true;
    }

    private static SigmoidSampleWeights weights(int[][] batch, int[] offsets, int dimension) {
        int total = 0;
        for (int[] b : batch) {
            total += b.length;
        }
        int[] index = new int[total];
        double[] scale = new double[total];
        int k = 0;
        for (int t = 0; t < batch.length; t++) {
            for (int j : batch[t]) {
                index[k] = offsets[t] + j;
                scale[k] = 1.0 / batch[t].length;
                k++;
            }
        }
        return new SigmoidSampleWeights(dimension, index, scale);
    }

    @Override
    protected double[] weightedGradient(double[] componentWeights, INDArray omega, INDArray gradientOut) {
        net.params().assign(omega);
        double[] losses = new double[componentWeights.length];
        int at = 0;
        for (int t = 0; t < x.length; t++) {
            double[] w = java.util.Arrays.copyOfRange(componentWeights, at, at + sizes[t]);
            INDArray wc = Nd4j.create(w, new long[] {sizes[t], 1}, 'c').castTo(net.dataType());
            double[] l = net.weightedGradient(t, x[t], y[t], wc, t > 0);
            System.arraycopy(l, 0, losses, at, sizes[t]);
            at += sizes[t];
        }
        gradientOut.assign(net.gradients().reshape(gradientOut.shape()));
        return losses;
    }

    @Override
    protected double[] componentValues(INDArray omega) {
        net.params().assign(omega);
        double[] losses = new double[weightMap().components()];
        int at = 0;
        for (int t = 0; t < x.length; t++) {
            double[] l = net.losses(t, x[t], y[t]);
            System.arraycopy(l, 0, losses, at, sizes[t]);
            at += sizes[t];
        }
        return losses;
    }

    @Override
    public long omegaLength() {
        return net.numParams();
    }

    @Override
    public DataType dataType() {
        return net.dataType();
    }
}
