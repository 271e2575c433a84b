package org.mtl4j.core.loss;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A task loss {@code L(ŷ, y)}: a scalar batch mean of per-element losses, computed from the raw
 * output of the task head (logits for classification losses) and its gradient
 * {@code ∂L/∂ŷ} with respect to that raw output.
 *
 * <p>Implementations are stateless and thread-compatible. Label and mask layouts are documented
 * per implementation; shape mismatches raise {@link IllegalArgumentException} naming both shapes.
 */
public interface Loss {

    /**
     * Computes the batch-mean loss and, when {@code gradOut} is not null, writes
     * {@code ∂L/∂output} into it (same shape as {@code output}, overwritten).
     *
     * @param output  raw head output, e.g. logits {@code [B, C]} or {@code [B, C, H, W]}
     * @param labels  labels in the layout the implementation documents
     * @param mask    optional element mask (1 = counts, 0 = ignored), or null
     * @param gradOut buffer for the gradient w.r.t. {@code output}, or null for value only
     * @return the loss value (mean over the counted elements)
     */
    double compute(INDArray output, INDArray labels, INDArray mask, INDArray gradOut);

    /** @return the loss value only */
    default double value(INDArray output, INDArray labels, INDArray mask) {
        return compute(output, labels, mask, null);
    }

    /** @return a short, stable name used in run records (e.g. {@code "softmax-ce"}) */
    String name();
}
