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
 * <p>Evaluation: position-wise outputs (rank ≥ 3) run as ND4J operations in the output's data
 * type; image-level outputs {@code [B, C]} are evaluated in double over one bulk copy in and one
 * out, because the ~25 small ND4J ops of the general path cost 7–12× more at head sizes such as
 * {@code [100, 10]} (per-op overhead). Both paths give the same values (tested against each other).
 *
 * <p>Stateless. Finite for logits of any magnitude (tested at ±1e4 in float32).
 *
 * @param ignoreIndex label value whose positions are excluded from the loss, or
 *                    {@link #NO_IGNORE_INDEX} (= {@link Integer#MIN_VALUE}) for none
 */
public record SoftmaxCrossEntropy(int ignoreIndex) implements RowBlockLoss {

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
        if (output.rank() == 2) {
            return computeRows(output, labels, mask, gradOut);
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
            throw labelShapeMismatch(output, labels);
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

    /**
     * Image-level case {@code [B, C]}: the same formulas evaluated in double over bulk copies. An
     * ND4J evaluation takes about 25 small ops (8–10 µs each on these machines), which for typical
     * heads ({@code [100, 10]}) costs more than the arithmetic; here it is one copy in and one out.
     */
    private double computeRows(INDArray output, INDArray labels, INDArray mask, INDArray gradOut) {
        int b = Math.toIntExact(output.size(0));
        int c = Math.toIntExact(output.size(1));
        long[] ls = labels.shape();
        boolean indices = ls.length == 1 && ls[0] == b || ls.length == 2 && ls[0] == b && ls[1] == 1;
        if (!indices && !Arrays.equals(ls, output.shape())) {
            throw labelShapeMismatch(output, labels);
        }
        INDArray m = Layouts.positionMask(output, mask, WHAT);
        double[] w = m == null ? null : Layouts.toDoubles(m);
        double[] z = Layouts.toDoubles(output);
        double[] y = Layouts.toDoubles(labels);
        double[] grad = gradOut == null ? null : new double[b * c];
        double total = 0;
        double sum = 0;
        for (int n = 0; n < b; n++) {
            double wn = w == null ? 1.0 : w[n];
            int label = -1;
            if (indices) {
                double v = y[n];
                if (hasIgnoreIndex() && v == ignoreIndex) {
                    wn = 0;
                } else if (v >= 0 && v < c && v == Math.rint(v)) {
                    label = (int) v;
                } else {
                    throw new IllegalArgumentException(WHAT + ": labels must be class indices in [0, " + c + ")"
                            + (hasIgnoreIndex() ? " or the ignore index " + ignoreIndex : "") + ", found " + v);
                }
            }
            if (wn == 0) {
                continue;
            }
            total += wn;
            int row = n * c;
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < c; k++) {
                max = Math.max(max, z[row + k]);
            }
            double sumExp = 0;
            for (int k = 0; k < c; k++) {
                sumExp += Math.exp(z[row + k] - max);
            }
            double logSumExp = max + Math.log(sumExp);
            double targetMass = 1.0;
            if (indices) {
                sum += wn * (logSumExp - z[row + label]);
            } else {
                targetMass = 0;
                for (int k = 0; k < c; k++) {
                    double yk = y[row + k];
                    if (yk != 0) {
                        sum += wn * yk * (logSumExp - z[row + k]);
                    }
                    targetMass += yk;
                }
            }
            if (grad != null) {
                for (int k = 0; k < c; k++) {
                    double p = Math.exp(z[row + k] - logSumExp);
                    double yk = indices ? (k == label ? 1.0 : 0.0) : y[row + k];
                    grad[row + k] = wn * (p * targetMass - yk);
                }
            }
        }
        if (total == 0) {
            if (gradOut != null) {
                Layouts.zeroGradient(gradOut, output, WHAT);
            }
            return 0.0;
        }
        if (grad != null) {
            for (int i = 0; i < grad.length; i++) {
                grad[i] /= total;
            }
            Layouts.writeGradient(gradOut, output, grad, WHAT);
        }
        return sum / total;
    }

    /**
     * The image-level case on a block of a host matrix (see {@link RowBlockLoss}): the same
     * formulas as {@link #compute}, evaluated in double, for class-index or probability labels
     * without a mask.
     */
    @Override
    public double computeRowBlock(float[] logits, int rowStride, int offset, int classes, int rows, float[] labels, int labelWidth,
                                  float[] gradOut) {
        if (classes < 2) {
            throw new IllegalArgumentException(WHAT + " needs at least 2 classes, found " + classes);
        }
        if (labelWidth != 1 && labelWidth != classes) {
            throw new IllegalArgumentException(WHAT + ": label rows must have width 1 (class indices) or " + classes
                    + " (probabilities), found " + labelWidth);
        }
        if (offset < 0 || offset + classes > rowStride || (long) rows * rowStride > logits.length
                || (long) rows * labelWidth > labels.length || gradOut != null && gradOut.length < (long) rows * rowStride) {
            throw new IllegalArgumentException(WHAT + ": block [" + offset + ", " + (offset + classes) + ") of a " + rows + " x "
                    + rowStride + " matrix does not fit arrays of " + logits.length + " logits and " + labels.length + " labels");
        }
        if (gradOut == logits) {
            throw new IllegalArgumentException(WHAT + ": gradOut must be another array than logits (the block is read after "
                    + "gradOut is written)");
        }
        boolean indices = labelWidth == 1;
        double total = indices ? countIndexLabels(labels, rows, classes) : rows;
        double sum = 0;
        for (int n = 0; n < rows; n++) {
            int row = n * rowStride + offset;
            int label = indices ? (int) labels[n] : -1;
            if (total == 0 || indices && hasIgnoreIndex() && labels[n] == ignoreIndex) {
                if (gradOut != null) {
                    Arrays.fill(gradOut, row, row + classes, 0f);
                }
                continue;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                max = Math.max(max, logits[row + k]);
            }
            double sumExp = 0;
            for (int k = 0; k < classes; k++) {
                double e = Math.exp(logits[row + k] - max);
                sumExp += e;
                if (gradOut != null) {
                    gradOut[row + k] = (float) e; // kept for the gradient: one exp per logit
                }
            }
            double logSumExp = max + Math.log(sumExp);
            double targetMass = 1.0;
            int lrow = n * labelWidth;
            if (indices) {
                sum += logSumExp - logits[row + label];
            } else {
                targetMass = 0;
                for (int k = 0; k < classes; k++) {
                    double yk = labels[lrow + k];
                    if (yk != 0) {
                        sum += yk * (logSumExp - logits[row + k]);
                    }
                    targetMass += yk;
                }
            }
            if (gradOut != null) {
                double invSum = 1.0 / sumExp;
                for (int k = 0; k < classes; k++) {
                    double p = gradOut[row + k] * invSum;
                    double yk = indices ? (k == label ? 1.0 : 0.0) : labels[lrow + k];
                    gradOut[row + k] = (float) ((p * targetMass - yk) / total);
                }
            }
        }
        return total == 0 ? 0.0 : sum / total;
    }

    /** Validates class-index labels and counts those not ignored. */
    private double countIndexLabels(float[] labels, int rows, int classes) {
        double total = 0;
        for (int n = 0; n < rows; n++) {
            double v = labels[n];
            if (hasIgnoreIndex() && v == ignoreIndex) {
                continue;
            }
            if (!(v >= 0 && v < classes && v == Math.rint(v))) {
                throw new IllegalArgumentException(WHAT + ": labels must be class indices in [0, " + classes + ")"
                        + (hasIgnoreIndex() ? " or the ignore index " + ignoreIndex : "") + ", found " + v);
            }
            total += 1;
        }
        return total;
    }

    private static IllegalArgumentException labelShapeMismatch(INDArray output, INDArray labels) {
        long[] pos = Layouts.positionShape(output);
        return new IllegalArgumentException(WHAT + ": labels shape " + Arrays.toString(labels.shape())
                + " does not match output shape " + Arrays.toString(output.shape()) + "; expected class indices "
                + Arrays.toString(squeeze(pos)) + " or " + Arrays.toString(pos) + ", or probabilities "
                + Arrays.toString(output.shape()));
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
