package org.mtl4j.core.optim;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bulk copies between a flat ND4J vector on the CPU backend and a Java array of the same type:
 * one memory copy through the buffer's NIO view, nothing allocated. Arrays that are not
 * contiguous go through a preallocated contiguous scratch vector ({@code assign}, one op).
 */
final class HostVector {
    private final DataType type;
    private final int length;
    private INDArray scratch;

    HostVector(DataType type, long length) {
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException("host updaters need FLOAT or DOUBLE vectors, found " + type);
        }
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("host updaters handle vectors up to 2^31 - 9 entries, found " + length);
        }
        this.type = type;
        this.length = (int) length;
    }

    /** @return whether the host loop applies: CPU backend, FLOAT or DOUBLE */
    static boolean applies(INDArray params) {
        return Nd4j.getEnvironment().isCPU() && (params.dataType() == DataType.FLOAT || params.dataType() == DataType.DOUBLE)
                && params.length() <= Integer.MAX_VALUE - 8;
    }

    void read(INDArray src, float[] dst) {
        readRange(contiguous(src, true), dst, 0, length);
    }

    void read(INDArray src, double[] dst) {
        readRange(contiguous(src, true), dst, 0, length);
    }

    void write(float[] src, INDArray dst) {
        INDArray c = contiguous(dst, false);
        writeRange(src, c, 0, length);
        if (c != dst) {
            dst.assign(c.reshape(dst.shape()));
        }
    }

    void write(double[] src, INDArray dst) {
        INDArray c = contiguous(dst, false);
        writeRange(src, c, 0, length);
        if (c != dst) {
            dst.assign(c.reshape(dst.shape()));
        }
    }

    /** @return whether {@code a} (of this vector's type and length) is one contiguous run of memory */
    boolean isContiguous(INDArray a) {
        return a.length() == length && a.dataType() == type && a.elementWiseStride() == 1
                && (a.ordering() == 'c' || a.rank() <= 1 || a.isVector());
    }

    /** Copies entries {@code [from, to)} of a contiguous vector into the same entries of {@code dst}. */
    void readRange(INDArray src, float[] dst, int from, int to) {
        src.data().asNioFloat().get((int) src.offset() + from, dst, from, to - from);
    }

    /** Copies entries {@code [from, to)} of a contiguous vector into the same entries of {@code dst}. */
    void readRange(INDArray src, double[] dst, int from, int to) {
        src.data().asNioDouble().get((int) src.offset() + from, dst, from, to - from);
    }

    /** Copies entries {@code [from, to)} of {@code src} into the same entries of a contiguous vector. */
    void writeRange(float[] src, INDArray dst, int from, int to) {
        dst.data().asNioFloat().put((int) dst.offset() + from, src, from, to - from);
    }

    /** Copies entries {@code [from, to)} of {@code src} into the same entries of a contiguous vector. */
    void writeRange(double[] src, INDArray dst, int from, int to) {
        dst.data().asNioDouble().put((int) dst.offset() + from, src, from, to - from);
    }

    /** @return {@code a} itself when it is one contiguous run of memory, else the scratch vector (filled when reading) */
    private INDArray contiguous(INDArray a, boolean fill) {
        if (a.length() != length || a.dataType() != type) {
            throw new IllegalArgumentException("expected a " + type + " vector of length " + length + ", found " + a.dataType()
                    + " of length " + a.length());
        }
        if (isContiguous(a)) {
            return a;
        }
        if (scratch == null) {
            scratch = Nd4j.createUninitialized(type, length);
        }
        if (fill) {
            scratch.assign(a.reshape(length));
        }
        return scratch;
    }
}
