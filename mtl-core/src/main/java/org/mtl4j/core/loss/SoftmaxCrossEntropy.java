package org.mtl4j.core.loss;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Softmax cross-entropy on logits, for image-level ({@code [B, C]}) and position-wise
 * ({@code [B, C, H, W]}, or any {@code [B, C, d1..dk]}) classification, as PyTorch's
 * {@code nn.CrossEntropyLoss(ignore_index=...)} with mean reduction.
 *
 * <pre>
 *   log p_{n,c} = z_{n,c} − max_k z_{n,k} − log Σ_k exp(z_{n,k} − max_k z_{n,k})     (stable log-softmax over axis 1)
 *   L           = − (1 / W) Σ_n w_n Σ_c y_{n,c} log p_{n,c},        W = Σ_n w_n
 *   ∂L/∂z_{n,c} = (w_n / W) (p_{n,c} Σ_k y_{n,k} − y_{n,c})          (= (p − onehot) / W for one-hot rows)
 * </pre>
 * where n runs over positions (examples, or pixels of all examples), y is the one-hot encoding of
 * the class-index label (or the given probability row), and {@code w_n} is 1 for counted positions:
 * 0 where the label equals the ignore index or the mask is 0. Ignored positions are excluded from
 * the mean (PyTorch's {@code ignore_index} semantics). When no position counts (W = 0) the loss is
 * 0 and the gradient is zero.
 *
 * <p>Label layouts (see {@link Layouts}): class indices {@code [B, d1..dk]} or {@code [B, 1, d1..dk]}
 * in any numeric type (NYUv2 segmentation: {@code [B, H, W]} with −1 = void), or
 * one-hot/probability labels with the output's shape (the ignore index does not apply to those).
 * Non-ignored class indices must be integers in {@code [0, C)}. The optional mask is a position mask
 * ({@code [B, d1..dk]}, {@code [B, 1, d1..dk]} or {@code [B]}).
 *
 * <p>Stateless. Finite for logits of any magnitude (tested at ±1e4 in float32).
 *
 * @param ignoreIndex label value whose positions are excluded from the loss, or
 *                    {@link #NO_IGNORE_INDEX} (= {@link Integer#MIN_VALUE}) for none
 */
public record SoftmaxCrossEntropy(int ignoreIndex) implements Loss {

    /** Marker for "no ignore index". */
    public static final int NO_IGNORE_INDEX = Integer.MIN_VALUE;

    private static final String WHAT = "softmax cross-entropy";

    /** @return cross-entropy without an ignore index */
    public static SoftmaxCrossEntropy defaults() {
        return withoutIgnoreIndex();
    }

    /** @return cross-entropy without an ignore index */
    public static SoftmaxCrossEntropy withoutIgnoreIndex() {
        return new SoftmaxCrossEntropy(NO_IGNORE_INDEX);
    }

    /**
     * @param ignoreIndex the label value to ignore (−1 for NYUv2 segmentation)
     * @return cross-entropy that excludes positions labelled {@code ignoreIndex}
     */
    public static SoftmaxCrossEntropy withIgnoreIndex(int ignoreIndex) {
        if (ignoreIndex == NO_IGNORE_INDEX) {
            throw new IllegalArgumentException("ignoreIndex must not be Integer.MIN_VALUE (reserved for 'none'), found "
                    + ignoreIndex + "; use withoutIgnoreIndex()");
        }
        return new SoftmaxCrossEntropy(ignoreIndex);
    }

    /** @return whether an ignore index is set */
    public boolean hasIgnoreIndex() {
        return ignoreIndex != NO_IGNORE_INDEX;
    }

    @Override
    public double compute(INDArray output, INDArray labels, INDArray mask, INDArray gradOut) {
        Layouts.requireFloatingOutput(output, 2, WHAT + " output");
        if (labels == null) {
            throw new IllegalArgumentException(WHAT + ": labels are null");
        }
        long numClasses = output.size(1);
        if (numClasses < 2) {
            throw new IllegalArgumentException(WHAT + " needs at least 2 classes on axis 1, found output shape "
                    + Arrays.toString(output.shape()));
        }
        INDArray target;
        INDArray weights;
        INDArray indices = Layouts.asClassIndices(output, labels);
        if (indices != null) {
            weights = Layouts.notIgnored(indices, ignoreIndex);
            target = Layouts.oneHot(indices, numClasses, ignoreIndex, weights, WHAT);
        } else if (Arrays.equals(labels.shape(), output.shape())) {
            target = labels.dataType() == output.dataType() ? labels : labels.castTo(output.dataType());
            weights = org.nd4j.linalg.factory.Nd4j.ones(output.dataType(), Layouts.positionShape(output));
        } else {
            long[] pos = Layouts.positionShape(output);
            throw new IllegalArgumentException(WHAT + ": labels shape " + Arrays.toString(labels.shape())
                    + " does not match output shape " + Arrays.toString(output.shape()) + "; expected class indices "
                    + Arrays.toString(squeeze(pos)) + " or " + Arrays.toString(pos) + ", or probabilities "
                    + Arrays.toString(output.shape()));
        }
        INDArray m = Layouts.positionMask(output, mask, WHAT);
        if (m != null) {
            weights = weights.mul(m);
        }
        double total = weights.sumNumber().doubleValue();
        if (total == 0) {
            if (gradOut != null) {
                Layouts.zeroGradient(gradOut, output, WHAT);
            }
            return 0.0;
        }
        INDArray shifted = output.sub(output.max(true, 1));
        INDArray exp = Transforms.exp(shifted, true);
        INDArray sumExp = exp.sum(true, 1);
        INDArray logProb = shifted.subi(Transforms.log(sumExp, true));
        INDArray weightedTarget = target.mul(weights);
        double loss = -weightedTarget.mul(logProb).sumNumber().doubleValue() / total;
        if (gradOut != null) {
            INDArray prob = exp.divi(sumExp);
            INDArray grad = prob.muli(weightedTarget.sum(true, 1)).subi(weightedTarget).divi(total);
            Layouts.writeGradient(gradOut, output, grad, WHAT);
        }
        return loss;
    }

    private static long[] squeeze(long[] pos) {
        long[] s = new long[pos.length - 1];
        s[0] = pos[0];
        System.arraycopy(pos, 2, s, 1, pos.length - 2);
        return s;
    }

    @Override
    public String name() {
        return "softmax-ce";
    }
}
