package org.mtl4j.core.model.nd4j;

import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BiasAdd;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code a ← a + 1·bᵀ} (the bias row b added to every row of a fixed buffer a) as one prebuilt
 * libnd4j {@code biasadd} op, rebuilt only when the module is bound to another bias view. Built
 * once and reused, it costs about 13 µs on a {@code [50, 512]} float half-batch here, against 24 µs
 * for a new broadcast {@code AddOp} per call; the sums are the same float additions.
 */
final class RowBiasAdd implements Runnable {
    private final INDArray out;
    private final Supplier<INDArray> bias;
    private INDArray builtFor;
    private BiasAdd op;

    /**
     * @param out  the {@code [rows, n]} buffer, updated in place
     * @param bias the current bias as a {@code [1, n]} or {@code [n]} view (read at every call, so a
     *             rebinding of the module's parameters is followed)
     */
    RowBiasAdd(INDArray out, Supplier<INDArray> bias) {
        this.out = out;
        this.bias = bias;
    }

    @Override
    public void run() {
        INDArray b = bias.get();
        if (b != builtFor) {
            INDArray vector = b.rank() == 1 ? b : LiveViews.vector(b);
            if (vector.length() != out.size(1)) {
                throw new IllegalArgumentException("bias of length " + vector.length() + " for rows of " + out.size(1));
            }
            op = new BiasAdd(out, vector, out, false);
            builtFor = b;
        }
        Nd4j.exec(op);
    }
}
