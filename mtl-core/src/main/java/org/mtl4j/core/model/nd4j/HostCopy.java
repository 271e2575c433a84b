package org.mtl4j.core.model.nd4j;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bulk copies between Java arrays and contiguous ND4J arrays. On the CPU backend they go through
 * the buffer's NIO view (one memory copy, nothing allocated); on other backends through a
 * temporary array and {@code assign} (the device then sees the data).
 */
public final class HostCopy {
    private HostCopy() {
    }

    /**
     * Copies the first {@code n} elements of {@code src} into the contiguous float array {@code dst}.
     *
     * @param src source values
     * @param n   number of elements (= {@code dst.length()})
     * @param dst contiguous c-order FLOAT array
     */
    public static void copyIn(float[] src, int n, INDArray dst) {
        check(dst, DataType.FLOAT, n);
        if (Nd4j.getEnvironment().isCPU()) {
            dst.data().asNioFloat().put((int) dst.offset(), src, 0, n);
        } else {
            float[] c = java.util.Arrays.copyOf(src, n);
            dst.assign(Nd4j.createFromArray(c).reshape(dst.shape()));
        }
    }

    /**
     * Copies the first {@code n} elements of {@code src} into the contiguous double array {@code dst}.
     *
     * @param src source values
     * @param n   number of elements (= {@code dst.length()})
     * @param dst contiguous c-order DOUBLE array
     */
    public static void copyIn(double[] src, int n, INDArray dst) {
        check(dst, DataType.DOUBLE, n);
        if (Nd4j.getEnvironment().isCPU()) {
            dst.data().asNioDouble().put((int) dst.offset(), src, 0, n);
        } else {
            double[] c = java.util.Arrays.copyOf(src, n);
            dst.assign(Nd4j.createFromArray(c).reshape(dst.shape()));
        }
    }

    /**
     * Copies the contiguous float array {@code src} into the first {@code src.length()} elements of
     * {@code dst}.
     *
     * @param src contiguous c-order FLOAT array
     * @param dst destination, at least {@code src.length()} long
     */
    public static void copyOut(INDArray src, float[] dst) {
        int n = Math.toIntExact(src.length());
        check(src, DataType.FLOAT, n);
        if (dst.length < n) {
            throw new IllegalArgumentException("destination holds " + dst.length + " floats, " + n + " needed");
        }
        if (Nd4j.getEnvironment().isCPU()) {
            src.data().asNioFloat().get((int) src.offset(), dst, 0, n);
        } else {
            System.arraycopy(src.data().asFloat(), (int) src.offset(), dst, 0, n);
        }
    }

    private static void check(INDArray dst, DataType type, int n) {
        if (dst.dataType() != type || dst.length() != n || dst.ordering() != 'c' || dst.elementWiseStride() != 1) {
            throw new IllegalArgumentException("expected a contiguous c-order " + type + " array of length " + n + ", found "
                    + dst.dataType() + " " + java.util.Arrays.toString(dst.shape()) + " order " + dst.ordering());
        }
    }
}
