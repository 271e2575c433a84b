package org.mtl4j.core.model.nd4j;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
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
