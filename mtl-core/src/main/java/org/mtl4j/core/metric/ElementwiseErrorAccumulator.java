package org.mtl4j.core.metric;

import org.mtl4j.core.loss.Layouts;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Sums of absolute or squared errors and counts over a set. */
final class ElementwiseErrorAccumulator implements MetricAccumulator {
    private final String what;
    private final double scale;
    private final boolean squared;
    private double sum;
    private double count;

    ElementwiseErrorAccumulator(String what, double scale, boolean squared) {
        this.what = what;
        this.scale = scale;
        this.squared = squared;
    }

    @Override
    public void update(INDArray output, INDArray labels, INDArray mask) {
        Layouts.requireFloatingOutput(output, 1, what + " output");
        Layouts.requireSameShape(output, labels, what);
        INDArray m = Layouts.elementMask(output, mask, what);
        INDArray diff = output.sub(labels.dataType() == output.dataType() ? labels : labels.castTo(output.dataType()));
        if (m != null) {
            diff.muli(m);
        }
        sum += squared ? diff.mul(diff).sumNumber().doubleValue() : diff.norm1Number().doubleValue();
        count += m == null ? output.length() : Layouts.broadcastSum(m, output.shape());
    }

    @Override
    public double value() {
        if (count == 0) {
            throw new IllegalStateException(what + ": no counted element accumulated yet");
        }
        return scale * sum / count;
    }
}
