package org.mtl4j.core.metric;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Accumulates one metric over the batches of an evaluation set. Not thread-safe. */
public interface MetricAccumulator {
    /**
     * Adds one batch.
     *
     * @param output raw head output of the batch
     * @param labels labels of the batch, in the layout of the task's loss
     * @param mask   optional element mask or null
     */
    void update(INDArray output, INDArray labels, INDArray mask);

    /** @return the metric over everything added so far; throws IllegalStateException when empty */
    double value();
}
