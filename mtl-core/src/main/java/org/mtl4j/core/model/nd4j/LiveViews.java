package org.mtl4j.core.model.nd4j;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Matrix views into a flat parameter or gradient buffer that share its memory (never copies). */
final class LiveViews {
    private LiveViews() {
    }

    /**
     * @return the c-order {@code [rows, cols]} view of {@code flat[from, from + rows·cols)}
     * @throws IllegalStateException if ND4J returned a copy instead of a view
     */
    static INDArray matrix(INDArray flat, long from, long rows, long cols) {
        if (flat.rank() != 1 && !(flat.rank() == 2 && flat.size(0) == 1)) {
            throw new IllegalArgumentException("expected a flat (rank-1) buffer, found rank " + flat.rank());
        }
        if (flat.elementWiseStride() != 1) {
            throw new IllegalArgumentException("the flat buffer must be contiguous (element-wise stride 1), found "
                    + flat.elementWiseStride());
        }
        INDArray v = flat.reshape(flat.length()).get(NDArrayIndex.interval(from, from + rows * cols)).reshape('c', rows, cols);
        if (v.data().address() != flat.data().address() || v.offset() != flat.offset() + from || v.ordering() != 'c'
                || v.elementWiseStride() != 1) {
            throw new IllegalStateException("ND4J returned a copy instead of a view of the flat buffer");
        }
        return v;
    }

    /**
     * @param row a contiguous {@code [1, n]} view
     * @return the same memory as a rank-1 {@code [n]} view
     * @throws IllegalStateException if ND4J returned a copy instead of a view
     */
    static INDArray vector(INDArray row) {
        if (row.rank() != 2 || row.size(0) != 1 || row.elementWiseStride() != 1) {
            throw new IllegalArgumentException("expected a contiguous [1, n] row, found " + java.util.Arrays.toString(row.shape()));
        }
        INDArray v = row.reshape(row.length());
        if (v.data().address() != row.data().address() || v.offset() != row.offset()) {
            throw new IllegalStateException("ND4J returned a copy instead of a view of the row");
        }
        return v;
    }

    /**
     * The block {@code [r0, r1) × [c0, c1)} of a c-order matrix as a view sharing its memory, made
     * from the matrix's buffer, strides and offset directly: ND4J 1.0.0-M2.1's {@code get(interval, …)}
     * returns an empty array for row intervals of a view whose offset is large (seen for the
     * lower half of a [64, 64] weight view at offset 2112 of a 6272-element buffer).
     *
     * @return the block view
     * @throws IllegalArgumentException if the block does not lie inside the matrix
     */
    static INDArray block(INDArray matrix, long r0, long r1, long c0, long c1) {
        if (matrix.rank() != 2 || matrix.ordering() != 'c') {
            throw new IllegalArgumentException("expected a c-order matrix, found rank " + matrix.rank() + " order " + matrix.ordering());
        }
        if (r0 < 0 || r1 <= r0 || r1 > matrix.size(0) || c0 < 0 || c1 <= c0 || c1 > matrix.size(1)) {
            throw new IllegalArgumentException("block [" + r0 + ", " + r1 + ") x [" + c0 + ", " + c1 + ") is not a non-empty part of a "
                    + matrix.size(0) + " x " + matrix.size(1) + " matrix");
        }
        long rowStride = matrix.stride(0);
        long colStride = matrix.stride(1);
        return Nd4j.create(matrix.data(), new long[] {r1 - r0, c1 - c0}, new long[] {rowStride, colStride},
                matrix.offset() + r0 * rowStride + c0 * colStride, 'c');
    }

    /**
     * @return rows {@code [0, split)} ({@code half} 0) or {@code [split, rows)} ({@code half} 1) of a
     *         c-order matrix, as a {@link #block} view
     */
    static INDArray rowHalf(INDArray matrix, long split, int half) {
        return half == 0 ? block(matrix, 0, split, 0, matrix.size(1)) : block(matrix, split, matrix.size(0), 0, matrix.size(1));
    }

    /**
     * @return a private copy of given initial parameters as a rank-1 array of type {@code dt}
     * @throws IllegalArgumentException naming the length when it is not {@code numParams}
     */
    static INDArray initialCopy(INDArray initialParams, long numParams, DataType dt) {
        if (initialParams.length() != numParams) {
            throw new IllegalArgumentException("initialParams must have length " + numParams + " for this configuration, found "
                    + initialParams.length());
        }
        return initialParams.reshape(numParams).castTo(dt).dup();
    }

    /**
     * Checks the views a module is bound to and copies its initial parameters into the parameter view.
     *
     * @throws IllegalArgumentException naming the length or data type that does not fit
     */
    static void bindInitial(INDArray paramsView, INDArray gradientsView, INDArray initialParams, long numParams, DataType dt) {
        if (paramsView.length() != numParams || gradientsView.length() != numParams) {
            throw new IllegalArgumentException("views must have length " + numParams + ", found " + paramsView.length()
                    + " and " + gradientsView.length());
        }
        if (paramsView.dataType() != dt || gradientsView.dataType() != dt) {
            throw new IllegalArgumentException("views must have data type " + dt + ", found " + paramsView.dataType()
                    + " and " + gradientsView.dataType());
        }
        paramsView.assign(initialParams.reshape(paramsView.shape()));
    }
}
