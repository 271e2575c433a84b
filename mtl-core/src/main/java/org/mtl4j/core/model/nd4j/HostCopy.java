package org.mtl4j.core.model.nd4j;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bulk copies between Java arrays and contiguous ND4J arrays. On the CPU backend they go through
 * the buffer's NIO view (one memory copy, nothing allocated); on other backends through a
 * temporary array and {@code assign} (the device then sees the data).
 */
final class HostCopy {
    private HostCopy() {
    }

    static void copyIn(float[] src, int n, INDArray dst) {
        check(dst, DataType.FLOAT, n);
        if (Nd4j.getEnvironment().isCPU()) {
            dst.data().asNioFloat().put((int) dst.offset(), src, 0, n);
        } else {
            float[] c = java.util.Arrays.copyOf(src, n);
            dst.assign(Nd4j.createFromArray(c).reshape(dst.shape()));
        }
    }

    static void copyIn(double[] src, int n, INDArray dst) {
        check(dst, DataType.DOUBLE, n);
        if (Nd4j.getEnvironment().isCPU()) {
            dst.data().asNioDouble().put((int) dst.offset(), src, 0, n);
        } else {
            double[] c = java.util.Arrays.copyOf(src, n);
            dst.assign(Nd4j.createFromArray(c).reshape(dst.shape()));
        }
    }

    private static void check(INDArray dst, DataType type, int n) {
        if (dst.dataType() != type || dst.length() != n || dst.ordering() != 'c' || dst.elementWiseStride() != 1) {
            throw new IllegalArgumentException("expected a contiguous c-order " + type + " array of length " + n + ", found "
                    + dst.dataType() + " " + java.util.Arrays.toString(dst.shape()) + " order " + dst.ordering());
        }
    }
}
