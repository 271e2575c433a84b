package org.mtl4j.core.loss;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Label and mask layouts shared by the losses of this package and the metrics of
 * {@code org.mtl4j.core.metric}. All checks and conversions run as ND4J operations (no Java
 * loops over elements).
 *
 * <h2>Outputs with a class/channel axis</h2>
 * Classification and surface-normal outputs have layout {@code [B, C, d1, ..., dk]} (k ≥ 0): axis 1
 * holds the C class scores (or vector components) of each <em>position</em>
 * {@code (b, d1, ..., dk)}; e.g. {@code [B, C]} for images and {@code [B, C, H, W]} for pixel-wise
 * segmentation (DL4J's NCHW layout).
 * <ul>
 *   <li><b>class-index labels</b> have the position shape, {@code [B, d1, ..., dk]}, or the same with a
 *       singleton axis 1, {@code [B, 1, d1, ..., dk]}; values are class indices stored in any numeric
 *       data type (float or int).</li>
 *   <li><b>position masks</b> have the position shape ({@code [B, d1..dk]} or {@code [B, 1, d1..dk]}),
 *       or any shape of the same rank that broadcasts to it, or {@code [B]} (one entry per
 *       example).</li>
 * </ul>
 *
 * <h2>Element-wise outputs</h2>
 * Regression outputs (MSE, L1, BCE, depth) are compared element by element with labels of exactly the
 * same shape (no implicit broadcasting: {@code [B]} and {@code [B, 1]} are different shapes). Their
 * <b>element masks</b> have the output shape, any shape of the same rank that broadcasts to it (e.g.
 * {@code [B, 1]} for a {@code [B, K]} output), or {@code [B]} (one entry per example).
 *
 * <p>Masks hold 0 (ignored) or 1 (counts); any other value, including NaN, is rejected.
 */
public final class Layouts {

    private Layouts() {
    }

    /**
     * Checks that {@code output} has a floating-point data type and at least {@code minRank} axes.
     *
     * @param output  an output array
     * @param minRank the least rank expected
     * @param what    what the output is, for messages (e.g. "softmax cross-entropy output")
     */
    public static void requireFloatingOutput(INDArray output, int minRank, String what) {
        if (output == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (!output.dataType().isFPType()) {
            throw new IllegalArgumentException(what + " must have a floating-point data type, found " + output.dataType());
        }
        if (output.rank() < minRank) {
            throw new IllegalArgumentException(what + " must have rank >= " + minRank + ", found shape "
                    + Arrays.toString(output.shape()));
        }
        if (output.length() == 0) {
            throw new IllegalArgumentException(what + " is empty, shape " + Arrays.toString(output.shape()));
        }
    }

    /**
     * Checks that the labels have exactly the output's shape.
     *
     * @throws IllegalArgumentException naming both shapes when they differ
     */
    public static void requireSameShape(INDArray output, INDArray labels, String what) {
        if (labels == null) {
            throw new IllegalArgumentException(what + ": labels are null");
        }
        if (!Arrays.equals(output.shape(), labels.shape())) {
            throw new IllegalArgumentException(what + ": labels shape " + Arrays.toString(labels.shape())
                    + " does not match output shape " + Arrays.toString(output.shape()) + "; expected the same shape");
        }
    }

    /**
     * @param output an output {@code [B, C, d1..dk]}
     * @return the position shape with a singleton class axis, {@code [B, 1, d1..dk]}
     */
    public static long[] positionShape(INDArray output) {
        long[] s = output.shape().clone();
        s[1] = 1;
        return s;
    }

    /**
     * Interprets {@code labels} as class indices for the output {@code [B, C, d1..dk]}.
     *
     * @return the labels as {@code [B, 1, d1..dk]} in the output's data type, or null when the
     *         labels do not have one of the class-index layouts (the caller decides what else to accept)
     */
    public static INDArray asClassIndices(INDArray output, INDArray labels) {
        long[] out = output.shape();
        long[] pos = positionShape(output);
        long[] lab = labels.shape();
        boolean squeezed = lab.length == out.length - 1 && lab.length >= 1 && lab[0] == out[0]
                && Arrays.equals(Arrays.copyOfRange(lab, 1, lab.length), Arrays.copyOfRange(out, 2, out.length));
        boolean singleton = Arrays.equals(lab, pos) && out[1] != 1;
        if (!squeezed && !singleton) {
            return null;
        }
        INDArray l = labels.dataType() == output.dataType() ? labels : labels.castTo(output.dataType());
        return squeezed ? l.reshape(pos) : l;
    }

    /**
     * Validates a class-index label array (as returned by {@link #asClassIndices}) and returns its
     * one-hot form {@code [B, C, d1..dk]} in the output's data type. Positions whose label equals
     * {@code ignoreIndex} get an all-zero row.
     *
     * @param indices     labels {@code [B, 1, d1..dk]}
     * @param numClasses  C
     * @param ignoreIndex label value to ignore, or {@link Integer#MIN_VALUE} for none
     * @param valid       {@code [B, 1, d1..dk]}, 1 where the label is not the ignore index
     * @param what        name of the caller for messages
     * @throws IllegalArgumentException when a non-ignored label is not an integer in [0, C)
     */
    public static INDArray oneHot(INDArray indices, long numClasses, int ignoreIndex, INDArray valid, String what) {
        DataType dt = indices.dataType();
        long[] classShape = new long[indices.rank()];
        Arrays.fill(classShape, 1);
        classShape[1] = numClasses;
        INDArray classes = Nd4j.arange(0, numClasses).castTo(dt).reshape(classShape);
        INDArray hot = indices.eq(classes).castTo(dt);
        // a counted label matches exactly one class; an out-of-range or fractional one matches none
        INDArray unmatched = valid.sub(hot.sum(true, 1));
        if (unmatched.maxNumber().doubleValue() > 0) {
            throw new IllegalArgumentException(what + ": labels must be class indices in [0, " + numClasses + ")"
                    + (ignoreIndex == Integer.MIN_VALUE ? "" : " or the ignore index " + ignoreIndex)
                    + ", found " + firstUnmatched(indices, unmatched));
        }
        return hot;
    }

    /**
     * Checks that every counted class index (where {@code valid} is 1) is an integer in
     * {@code [0, numClasses)}, without building a one-hot array.
     *
     * @param indices     labels {@code [B, 1, d1..dk]}
     * @param numClasses  C
     * @param ignoreIndex the ignore index or {@link Integer#MIN_VALUE}, for the message
     * @param valid       {@code [B, 1, d1..dk]}, 1 where the label counts
     * @param what        name of the caller for messages
     * @throws IllegalArgumentException naming the first offending label
     */
    public static void requireClassIndices(INDArray indices, long numClasses, int ignoreIndex, INDArray valid, String what) {
        INDArray counted = indices.mul(valid); // ignored labels -> 0, a legal index
        double min = counted.minNumber().doubleValue();
        double max = counted.maxNumber().doubleValue();
        double fraction = counted.sub(Transforms.floor(counted, true)).amaxNumber().doubleValue();
        if (!(min >= 0 && max <= numClasses - 1 && fraction == 0)) {
            INDArray bad = counted.lt(0).castTo(indices.dataType())
                    .addi(counted.gt(numClasses - 1).castTo(indices.dataType()))
                    .addi(counted.neq(Transforms.floor(counted, true)).castTo(indices.dataType()))
                    .muli(valid);
            throw new IllegalArgumentException(what + ": labels must be class indices in [0, " + numClasses + ")"
                    + (ignoreIndex == Integer.MIN_VALUE ? "" : " or the ignore index " + ignoreIndex)
                    + ", found " + firstUnmatched(indices, bad));
        }
    }

    private static double firstUnmatched(INDArray indices, INDArray unmatched) {
        // error path only: locate the offending label
        double[] u = unmatched.ravel().toDoubleVector();
        double[] l = indices.ravel().toDoubleVector();
        for (int i = 0; i < u.length; i++) {
            if (u[i] > 0) {
                return l[i];
            }
        }
        return Double.NaN;
    }

    /**
     * @param indices     class indices {@code [B, 1, d1..dk]}
     * @param ignoreIndex the ignore index or {@link Integer#MIN_VALUE} for none
     * @return 1 where the label is not the ignore index, 0 where it is (output data type)
     */
    public static INDArray notIgnored(INDArray indices, int ignoreIndex) {
        if (ignoreIndex == Integer.MIN_VALUE) {
            return Nd4j.ones(indices.dataType(), indices.shape());
        }
        return indices.neq(ignoreIndex).castTo(indices.dataType());
    }

    /**
     * Brings a position mask into the shape {@code [B, 1, d1..dk]} (or a same-rank shape that
     * broadcasts to it) for an output {@code [B, C, d1..dk]}.
     *
     * @return the mask in the output's data type, or null when {@code mask} is null
     * @throws IllegalArgumentException when the shape does not fit or a value is not 0/1
     */
    public static INDArray positionMask(INDArray output, INDArray mask, String what) {
        if (mask == null) {
            return null;
        }
        long[] pos = positionShape(output);
        INDArray m = mask;
        long[] ms = mask.shape();
        if (ms.length == pos.length - 1 && ms.length >= 2) {
            // [B, d1..dk] -> [B, 1, d1..dk]
            long[] withAxis = new long[pos.length];
            withAxis[0] = ms[0];
            withAxis[1] = 1;
            System.arraycopy(ms, 1, withAxis, 2, ms.length - 1);
            m = mask.reshape(withAxis);
        }
        return broadcastable(m, pos, output.dataType(), what, "position mask", output.shape());
    }

    /**
     * Brings an element mask into a same-rank shape that broadcasts to the output's shape.
     *
     * @return the mask in the output's data type, or null when {@code mask} is null
     * @throws IllegalArgumentException when the shape does not fit or a value is not 0/1
     */
    public static INDArray elementMask(INDArray output, INDArray mask, String what) {
        if (mask == null) {
            return null;
        }
        return broadcastable(mask, output.shape(), output.dataType(), what, "element mask", output.shape());
    }

    private static INDArray broadcastable(INDArray mask, long[] target, DataType dt, String what, String kind,
                                          long[] outputShape) {
        long[] ms = mask.shape();
        INDArray m = mask;
        if (ms.length == 1 && target.length > 1 && ms[0] == target[0]) {
            long[] perExample = new long[target.length];
            Arrays.fill(perExample, 1);
            perExample[0] = target[0];
            m = mask.reshape(perExample);
            ms = perExample;
        }
        boolean fits = ms.length == target.length && ms[0] == target[0];
        for (int i = 1; fits && i < ms.length; i++) {
            fits = ms[i] == target[i] || ms[i] == 1;
        }
        if (!fits) {
            throw new IllegalArgumentException(what + ": " + kind + " shape " + Arrays.toString(mask.shape())
                    + " does not fit output shape " + Arrays.toString(outputShape) + "; expected "
                    + Arrays.toString(target) + ", a same-rank shape broadcastable to it, or [" + target[0] + "]");
        }
        INDArray c = m.dataType() == dt ? m : m.castTo(dt);
        // m (1 - m) is 0 exactly for m in {0, 1}; NaN makes it NaN
        double offBinary = c.mul(c.rsub(1.0)).amaxNumber().doubleValue();
        if (offBinary != 0) {
            throw new IllegalArgumentException(what + ": " + kind + " values must be 0 or 1, found a value m with m(1-m) = "
                    + offBinary);
        }
        return c;
    }

    /**
     * Sum of a mask broadcast to a shape: {@code Σ mask × (product of broadcast axes)}.
     *
     * @param mask   a mask whose shape broadcasts to {@code target} (same rank)
     * @param target the full shape
     * @return the number of counted entries of the broadcast mask
     */
    public static double broadcastSum(INDArray mask, long[] target) {
        long full = 1;
        for (long d : target) {
            full *= d;
        }
        return mask.sumNumber().doubleValue() * ((double) full / mask.length());
    }

    /**
     * Bulk copy of an array's elements in c order (one buffer copy; a {@code dup} first when the
     * array is a view or not c-ordered). For small arrays whose per-op ND4J overhead would dominate.
     *
     * @param x any numeric array
     * @return its elements as doubles, row-major
     */
    public static double[] toDoubles(INDArray x) {
        INDArray c = !x.isView() && x.ordering() == 'c' && x.data().length() == x.length() ? x : x.dup('c');
        return c.data().asDouble();
    }

    /**
     * Writes a row-major gradient computed in Java into {@code gradOut} (same shape as
     * {@code output}), converting to the buffer's data type.
     */
    public static void writeGradient(INDArray gradOut, INDArray output, double[] grad, String what) {
        if (!Arrays.equals(gradOut.shape(), output.shape())) {
            throw new IllegalArgumentException(what + ": gradient buffer shape " + Arrays.toString(gradOut.shape())
                    + " does not match output shape " + Arrays.toString(output.shape()));
        }
        if (gradOut.dataType() == DataType.DOUBLE) {
            gradOut.assign(Nd4j.create(grad, gradOut.shape(), 'c'));
        } else {
            float[] f = new float[grad.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) grad[i];
            }
            gradOut.assign(Nd4j.create(f, gradOut.shape(), 'c'));
        }
    }

    /**
     * Checks a gradient buffer and writes {@code grad} into it.
     *
     * @param gradOut buffer, same shape as {@code output}
     */
    public static void writeGradient(INDArray gradOut, INDArray output, INDArray grad, String what) {
        if (!Arrays.equals(gradOut.shape(), output.shape())) {
            throw new IllegalArgumentException(what + ": gradient buffer shape " + Arrays.toString(gradOut.shape())
                    + " does not match output shape " + Arrays.toString(output.shape()));
        }
        gradOut.assign(grad);
    }

    /**
     * Checks a gradient buffer's shape and fills it with zeros (no counted element).
     */
    public static void zeroGradient(INDArray gradOut, INDArray output, String what) {
        if (!Arrays.equals(gradOut.shape(), output.shape())) {
            throw new IllegalArgumentException(what + ": gradient buffer shape " + Arrays.toString(gradOut.shape())
                    + " does not match output shape " + Arrays.toString(output.shape()));
        }
        gradOut.assign(0);
    }
}
