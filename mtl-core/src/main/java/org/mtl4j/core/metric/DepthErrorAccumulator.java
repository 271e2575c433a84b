package org.mtl4j.core.metric;

import org.mtl4j.core.loss.Layouts;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Absolute or relative depth error over valid pixels (label ≠ 0, mask = 1). */
final class DepthErrorAccumulator implements MetricAccumulator {
    private final String what;
    private final boolean relative;
    private final Pooling pooling;
    private double sum;
    private double count;

    DepthErrorAccumulator(String what, boolean relative, Pooling pooling) {
        this.what = what;
        this.relative = relative;
        this.pooling = pooling;
    }

    @Override
    public void update(INDArray output, INDArray labels, INDArray mask) {
        Layouts.requireFloatingOutput(output, 1, what + " output");
        Layouts.requireSameShape(output, labels, what);
        INDArray y = labels.dataType() == output.dataType() ? labels : labels.castTo(output.dataType());
        INDArray valid = y.neq(0).castTo(output.dataType());
        INDArray m = Layouts.elementMask(output, mask, what);
        if (m != null) {
            valid.muli(m);
        }
        double batchCount = valid.sumNumber().doubleValue();
        if (batchCount == 0) {
            return;
        }
        INDArray error = Transforms.abs(output.sub(y), false).muli(valid);
        if (relative) {
            // divide by the label where valid and by 1 elsewhere (those entries are already 0)
            error.divi(y.mul(valid).addi(valid.rsub(1.0)));
        }
        double batchSum = error.sumNumber().doubleValue();
        if (pooling == Pooling.SET) {
            sum += batchSum;
            count += batchCount;
        } else {
            sum += batchSum / batchCount;
            count += 1;
        }
    }

    @Override
    public double value() {
        if (count == 0) {
            throw new IllegalStateException(what + ": no valid pixel accumulated yet");
        }
        return sum / count;
    }
}
