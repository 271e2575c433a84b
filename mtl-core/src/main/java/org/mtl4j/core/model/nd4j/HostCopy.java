package org.mtl4j.core.model.nd4j;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
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
            float[] c = Arrays.copyOf(src, n);
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
            double[] c = Arrays.copyOf(src, n);
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

    /**
     * Copies a matrix into another of the same shape and data type, both with contiguous rows
     * whose row strides may differ (e.g. per-task blocks of a flat parameter vector and a packed
     * matrix). On the CPU backend one bulk copy per row between the buffers' NIO views (a strided
     * {@code assign} of a few thousand elements costs 15–60 µs there, this 1–6 µs); else, or when
     * a row is not contiguous, {@code dst.assign(src)}.
     *
     * @param src a rank-2 FLOAT or DOUBLE array
     * @param dst a rank-2 array of the same shape and data type
     * @throws IllegalArgumentException naming the shapes or types that differ
     */
    public static void copyRows(INDArray src, INDArray dst) {
        if (src.rank() != 2 || dst.rank() != 2 || src.size(0) != dst.size(0) || src.size(1) != dst.size(1)
                || src.dataType() != dst.dataType()) {
            throw new IllegalArgumentException("copyRows needs two matrices of one shape and type, found " + src.dataType() + " "
                    + Arrays.toString(src.shape()) + " and " + dst.dataType() + " " + Arrays.toString(dst.shape()));
        }
        DataType t = src.dataType();
        int rows = Math.toIntExact(src.size(0));
        int cols = Math.toIntExact(src.size(1));
        boolean rowsContiguous = (src.stride(1) == 1 || cols == 1) && (dst.stride(1) == 1 || cols == 1);
        if (!Nd4j.getEnvironment().isCPU() || !rowsContiguous || t != DataType.FLOAT && t != DataType.DOUBLE) {
            dst.assign(src);
            return;
        }
        int s0 = (int) src.offset();
        int d0 = (int) dst.offset();
        int ss = rows > 1 ? Math.toIntExact(src.stride(0)) : 0;
        int ds = rows > 1 ? Math.toIntExact(dst.stride(0)) : 0;
        if (t == DataType.FLOAT) {
            FloatBuffer from = src.data().asNioFloat();
            FloatBuffer to = dst.data().asNioFloat();
            for (int r = 0; r < rows; r++) {
                to.put(d0 + r * ds, from, s0 + r * ss, cols);
            }
        } else {
            DoubleBuffer from = src.data().asNioDouble();
            DoubleBuffer to = dst.data().asNioDouble();
            for (int r = 0; r < rows; r++) {
                to.put(d0 + r * ds, from, s0 + r * ss, cols);
            }
        }
    }

    private static void check(INDArray dst, DataType type, int n) {
        if (dst.dataType() != type || dst.length() != n || dst.ordering() != 'c' || dst.elementWiseStride() != 1) {
            throw new IllegalArgumentException("expected a contiguous c-order " + type + " array of length " + n + ", found "
                    + dst.dataType() + " " + Arrays.toString(dst.shape()) + " order " + dst.ordering());
        }
    }
}
