package org.mtl4j.core.grad;

import java.util.Arrays;
import org.mtl4j.core.data.MtlBatch;
import org.mtl4j.core.loss.RowBlockLoss;
import org.mtl4j.core.model.FusedHeads;
import org.mtl4j.core.model.nd4j.ComputeLanes;
import org.mtl4j.core.model.nd4j.HostCopy;
import org.mtl4j.core.task.TaskSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * All task losses of a fused head output in one pass: the {@code [B, Σ C_i]} logits are copied to
 * the host once, every task's {@link RowBlockLoss} reads its column block and writes its gradient
 * block (on two lanes: the first ⌊m/2⌋ tasks on one, the others on the other), and the gradient {@code Δ = [∂L_1/∂ŷ_1 | … | ∂L_m/∂ŷ_m]} is copied back once. Applies
 * when the heads are {@link FusedHeads} whose last forward was fused, the data type is FLOAT,
 * every loss is a {@link RowBlockLoss}, and every task has class-index labels ({@code [B]} or
 * {@code [B, 1]}) or label rows ({@code [B, C_i]}) and no mask; otherwise {@link #compute} returns null and the caller takes the
 * per-task path. Host buffers grow with the batch size and are reused; nothing is allocated
 * per step.
 */
final class FusedLosses {
    private final int m;
    private final RowBlockLoss[] losses;
    private final int[] widths;
    private float[] logits = new float[0];
    private float[] grads = new float[0];
    private final float[][] labels = {new float[0], new float[0]};
    private final ComputeLanes lanes;
    private INDArray gradient;

    /**
     * @param tasks the tasks
     * @param lanes the model's lanes: on two, the tasks' losses are computed in two groups at once
     *              (row-block losses keep no state, see {@link RowBlockLoss})
     */
    FusedLosses(TaskSet tasks, ComputeLanes lanes) {
        this.m = tasks.size();
        this.lanes = lanes;
        RowBlockLoss[] ls = new RowBlockLoss[m];
        for (int i = 0; i < m; i++) {
            if (!(tasks.get(i).loss() instanceof RowBlockLoss r)) {
                ls = null;
                break;
            }
            ls[i] = r;
        }
        this.losses = ls;
        this.widths = new int[m];
    }

    /** @return whether the losses themselves allow the fused path (batch and heads are checked per call) */
    boolean possible() {
        return losses != null;
    }

    /**
     * @param heads  the heads, after their forward on {@code batch}
     * @param batch  the batch
     * @param out    receives the m losses
     * @return the fused output gradient {@code Δ} (internal buffer), or null when the fused path does not apply
     */
    INDArray compute(FusedHeads heads, MtlBatch batch, double[] out) {
        if (losses == null) {
            return null;
        }
        INDArray y = heads.fusedOutput();
        if (y == null || y.dataType() != DataType.FLOAT) {
            return null;
        }
        int b = Math.toIntExact(y.size(0));
        int maxWidth = 1;
        for (int i = 0; i < m; i++) {
            INDArray l = batch.labels(i);
            int width = labelWidth(l, b, heads.outputSize(i));
            if (batch.mask(i) != null || width == 0) {
                return null;
            }
            widths[i] = width;
            maxWidth = Math.max(maxWidth, width);
        }
        int cols = Math.toIntExact(y.size(1));
        int n = b * cols;
        if (logits.length < n) {
            logits = new float[n];
            grads = new float[n];
        }
        for (int k = 0; k < 2; k++) {
            if (labels[k].length < b * maxWidth) {
                labels[k] = new float[b * maxWidth];
            }
        }
        if (gradient == null || !Arrays.equals(gradient.shape(), y.shape())) {
            gradient = Nd4j.createUninitialized(DataType.FLOAT, y.shape());
        }
        HostCopy.copyOut(y, logits);
        if (m >= 2 && lanes.lanes() == 2) {
            int h = m / 2;
            lanes.run(() -> taskLosses(heads, batch, out, 0, h, b, cols, 0), () -> taskLosses(heads, batch, out, h, m, b, cols, 1));
        } else {
            taskLosses(heads, batch, out, 0, m, b, cols, 0);
        }
        HostCopy.copyIn(grads, n, gradient);
        return gradient;
    }

    /** Losses and gradient blocks of tasks {@code [from, to)}, with label buffer {@code lane}. */
    private void taskLosses(FusedHeads heads, MtlBatch batch, double[] out, int from, int to, int b, int cols, int lane) {
        float[] lab = labels[lane];
        for (int i = from; i < to; i++) {
            readLabels(batch.labels(i), lab);
            out[i] = losses[i].computeRowBlock(logits, cols, (int) heads.outputOffset(i), heads.outputSize(i), b, lab, widths[i],
                    grads);
        }
    }

    /** @return the gradient of the last successful {@link #compute} */
    INDArray lastGradient() {
        return gradient;
    }

    /** @return 1 for class indices ([B] or [B, 1]), C for label rows [B, C], 0 for anything else */
    private static int labelWidth(INDArray l, int b, int classes) {
        if (l.size(0) != b) {
            return 0;
        }
        if (l.rank() == 1 || l.rank() == 2 && l.size(1) == 1) {
            return 1;
        }
        return l.rank() == 2 && l.size(1) == classes ? classes : 0;
    }

    private static void readLabels(INDArray l, float[] into) {
        if (l.dataType() == DataType.FLOAT && l.ordering() == 'c' && !l.isView() && l.elementWiseStride() == 1) {
            HostCopy.copyOut(l, into);
        } else {
            float[] f = l.castTo(DataType.FLOAT).dup('c').data().asFloat();
            System.arraycopy(f, 0, into, 0, f.length);
        }
    }
}
