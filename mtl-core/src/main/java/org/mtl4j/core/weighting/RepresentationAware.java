package org.mtl4j.core.weighting;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Implemented by representation-space strategies that need the representation itself, not only
 * the gradients with respect to it (GradDrop's sign purity uses {@code sign(Z)}). In
 * {@link GradientSpace#REPRESENTATION} mode the engine calls {@link #setRepresentation} with the
 * batch's shared representation Z, flattened to {@code [B·D]} in the layout of the gradient
 * rows, right before each aggregation.
 */
public interface RepresentationAware {
    /** @param z the shared representation of the current batch (read only, valid during the step) */
    void setRepresentation(INDArray z);
}
