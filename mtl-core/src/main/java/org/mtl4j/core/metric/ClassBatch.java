package org.mtl4j.core.metric;

import java.util.Arrays;
import org.mtl4j.core.loss.Layouts;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Predicted and true classes of one batch of a classification output {@code [B, C, d1..dk]}, all
 * as {@code [B, 1, d1..dk]} arrays in the output's data type (see {@link Layouts} for layouts).
 *
 * @param predicted  argmax over axis 1 of the output (first maximum on ties)
 * @param actual     class-index labels, or the argmax of one-hot labels
 * @param counted    1 where the position counts (label ≠ ignore index and mask = 1), else 0
 * @param numClasses C
 */
record ClassBatch(INDArray predicted, INDArray actual, INDArray counted, long numClasses) {

    static ClassBatch of(INDArray output, INDArray labels, INDArray mask, int ignoreIndex, String what) {
        Layouts.requireFloatingOutput(output, 2, what + " output");
        if (labels == null) {
            throw new IllegalArgumentException(what + ": labels are null");
        }
        DataType dt = output.dataType();
        long[] pos = Layouts.positionShape(output);
        long numClasses = output.size(1);
        if (numClasses < 2) {
            throw new IllegalArgumentException(what + " needs at least 2 class scores on axis 1, found output shape "
                    + Arrays.toString(output.shape()));
        }
        INDArray predicted = output.argMax(1).castTo(dt).reshape(pos);
        INDArray actual = Layouts.asClassIndices(output, labels);
        INDArray counted;
        if (actual != null) {
            counted = Layouts.notIgnored(actual, ignoreIndex);
            Layouts.requireClassIndices(actual, numClasses, ignoreIndex, counted, what);
        } else if (Arrays.equals(labels.shape(), output.shape())) {
            actual = labels.argMax(1).castTo(dt).reshape(pos);
            counted = Nd4j.ones(dt, pos);
        } else {
            throw new IllegalArgumentException(what + ": labels shape " + Arrays.toString(labels.shape())
                    + " does not match output shape " + Arrays.toString(output.shape())
                    + "; expected class indices " + Arrays.toString(pos) + " (with or without axis 1) or one-hot "
                    + Arrays.toString(output.shape()));
        }
        INDArray m = Layouts.positionMask(output, mask, what);
        if (m != null) {
            counted = counted.mul(m);
        }
        return new ClassBatch(predicted, actual, counted, numClasses);
    }
}
