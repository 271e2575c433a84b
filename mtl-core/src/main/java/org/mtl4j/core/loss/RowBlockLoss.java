package org.mtl4j.core.loss;

/**
 * A classification loss over rows of logits {@code [B, C]} that can also be
 * evaluated on a column block of a row-major host matrix. Fused task heads write all tasks'
 * logits into one {@code [B, Σ C_i]} buffer; the gradient engine copies that buffer to the host
 * once, lets each task's loss read its block {@code [offset, offset + C_i)} and write its gradient
 * block, and copies the gradients back once — instead of two small copies and a dozen tiny ND4J
 * operations per task.
 *
 * <p>The block form must give the same loss and gradient as {@link #compute} on the
 * corresponding {@code [B, C_i]} output with labels {@code [B]} (class indices, {@code labelWidth = 1}) or
 * {@code [B, C_i]} (one-hot or probability rows, {@code labelWidth = C_i}) and no mask.
 *
 * <p>{@link #computeRowBlock} may run for different tasks on two threads at once (the gradient
 * engine on two {@link org.mtl4j.core.model.nd4j.ComputeLanes lanes}), writing disjoint blocks of
 * {@code gradOut}: implementations keep no mutable state.
 */
public interface RowBlockLoss extends Loss {

    /**
     * Loss and gradient of one task's column block.
     *
     * @param logits    row-major host matrix with {@code rowStride} columns
     * @param rowStride columns of the host matrix (Σ C_i)
     * @param offset    first column of this task's block
     * @param classes   C_i, width of the block
     * @param rows      B, number of rows
     * @param labels     class index per row ({@code labelWidth = 1}) or row-major label rows of width C_i
     * @param labelWidth 1 or {@code classes}
     * @param gradOut   host matrix like {@code logits}, not {@code logits} itself; the block receives
     *                  {@code ∂L/∂logits} (other columns are untouched), or null for the value only
     * @return the batch-mean loss
     */
    double computeRowBlock(float[] logits, int rowStride, int offset, int classes, int rows, float[] labels, int labelWidth,
                           float[] gradOut);
}
