package org.mtl4j.core.metric;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Counts correct and counted positions over a set: accuracy = correct / counted. */
final class AccuracyAccumulator implements MetricAccumulator {
    private final String what;
    private final int ignoreIndex;
    private double correct;
    private double counted;

    AccuracyAccumulator(String what, int ignoreIndex) {
        this.what = what;
        this.ignoreIndex = ignoreIndex;
    }

    @Override
    public void update(INDArray output, INDArray labels, INDArray mask) {
        ClassBatch batch = ClassBatch.of(output, labels, mask, ignoreIndex, what);
        correct += batch.predicted().eq(batch.actual()).castTo(batch.counted().dataType())
                .muli(batch.counted()).sumNumber().doubleValue();
        counted += batch.counted().sumNumber().doubleValue();
    }

    @Override
    public double value() {
        if (counted == 0) {
            throw new IllegalStateException(what + ": no counted position accumulated yet");
        }
        return correct / counted;
    }
}
