package org.mtl4j.core.model.nd4j;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Matrix products of the native modules' backward passes and small heads straight through the
 * CBLAS interface of the OpenBLAS that ND4J's CPU backend ships ({@code cblas_?gemm},
 * {@code cblas_?gemv}) on the arrays' memory, else {@code Nd4j.gemm}.
 *
 * <p>Why: on the CPU backend every {@code Nd4j.gemm} goes through libnd4j's {@code matmul} op,
 * which costs 20–30 µs per call whatever the size (measured here: the heads' {@code [100, 256] ×
 * [256, 20]} product 53 µs through ND4J, 16 µs direct; a bias gradient {@code 1ᵀδ} of
 * {@code [100, 512]} 35 µs as a GEMM, 2.3 µs as a GEMV), and copies row-strided operands first
 * (the weight gradient {@code δ[:, half]ᵀ x} of a {@code [100, 512]} δ: 491 µs through ND4J, 438 µs
 * direct with the leading dimension 512). oneDNN's kernels behind ND4J stay faster on the
 * large forward products ({@code x Wᵀ}: 491 against 572 µs), which therefore keep
 * {@code Nd4j.gemm}.
 *
 * <p>Applies on the CPU backend to FLOAT and DOUBLE matrices whose rows are contiguous (any row
 * stride: blocks of larger buffers); anything else (other backends, other types, strided rows)
 * takes {@code Nd4j.gemm}, with the same result up to rounding. Thread-safe as OpenBLAS is (the
 * two lanes call it at once on disjoint outputs).
 */
final class CpuBlas {

    private CpuBlas() {
    }

    /** Whether the direct path exists in this process: the CPU backend with JavaCPP's OpenBLAS on the class path. */
    private static final class Direct {
        static final boolean AVAILABLE = available();

        private static boolean available() {
            if (!Nd4j.getEnvironment().isCPU()) {
                return false;
            }
            try {
                Class.forName("org.bytedeco.openblas.global.openblas");
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }
    }

    /** @return whether products go straight to OpenBLAS here */
    static boolean direct() {
        return Direct.AVAILABLE;
    }

    /**
     * {@code c ← α·op(a)·op(b) + β·c} with {@code op(m) = mᵀ} when asked.
     *
     * @throws IllegalArgumentException naming the shapes when they do not fit
     */
    static void gemm(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB, double alpha, double beta) {
        if (a.rank() != 2 || b.rank() != 2 || c.rank() != 2) {
            throw new IllegalArgumentException("gemm needs matrices, found ranks " + a.rank() + ", " + b.rank() + " and " + c.rank());
        }
        long m = transA ? a.size(1) : a.size(0);
        long k = transA ? a.size(0) : a.size(1);
        long kb = transB ? b.size(1) : b.size(0);
        long n = transB ? b.size(0) : b.size(1);
        if (k != kb || c.size(0) != m || c.size(1) != n) {
            throw new IllegalArgumentException("gemm shapes do not fit: " + java.util.Arrays.toString(a.shape()) + (transA ? "ᵀ" : "")
                    + " × " + java.util.Arrays.toString(b.shape()) + (transB ? "ᵀ" : "") + " into " + java.util.Arrays.toString(c.shape()));
        }
        if (!usable(a, b, c)) {
            Nd4j.gemm(a, b, c, transA, transB, alpha, beta);
            return;
        }
        int ta = transA ? openblas.CblasTrans : openblas.CblasNoTrans;
        int tb = transB ? openblas.CblasTrans : openblas.CblasNoTrans;
        if (c.dataType() == DataType.FLOAT) {
            openblas.cblas_sgemm(openblas.CblasRowMajor, ta, tb, (int) m, (int) n, (int) k, (float) alpha, floats(a), ld(a), floats(b),
                    ld(b), (float) beta, floats(c), ld(c));
        } else {
            openblas.cblas_dgemm(openblas.CblasRowMajor, ta, tb, (int) m, (int) n, (int) k, alpha, doubles(a), ld(a), doubles(b), ld(b),
                    beta, doubles(c), ld(c));
        }
    }

    /**
     * Column sums {@code out ← 1ᵀ d} (bias gradients), as a GEMV with the ones vector {@code ones}.
     *
     * @param d    {@code [rows, cols]}
     * @param ones {@code [rows, 1]} of ones
     * @param out  {@code [1, cols]}
     */
    static void columnSums(INDArray d, INDArray ones, INDArray out) {
        if (d.rank() != 2 || ones.length() != d.size(0) || out.length() != d.size(1)) {
            throw new IllegalArgumentException("column sums of " + java.util.Arrays.toString(d.shape()) + " need " + d.size(0)
                    + " ones and " + d.size(1) + " outputs, found " + ones.length() + " and " + out.length());
        }
        if (!usable(d, ones, out) || ones.elementWiseStride() != 1 || out.elementWiseStride() != 1) {
            Nd4j.gemm(ones, d, out, true, false, 1.0, 0.0);
            return;
        }
        int rows = (int) d.size(0);
        int cols = (int) d.size(1);
        if (d.dataType() == DataType.FLOAT) {
            openblas.cblas_sgemv(openblas.CblasRowMajor, openblas.CblasTrans, rows, cols, 1f, floats(d), ld(d), floats(ones), 1, 0f,
                    floats(out), 1);
        } else {
            openblas.cblas_dgemv(openblas.CblasRowMajor, openblas.CblasTrans, rows, cols, 1.0, doubles(d), ld(d), doubles(ones), 1, 0.0,
                    doubles(out), 1);
        }
    }

    private static boolean usable(INDArray a, INDArray b, INDArray c) {
        DataType t = c.dataType();
        return Direct.AVAILABLE && (t == DataType.FLOAT || t == DataType.DOUBLE) && a.dataType() == t && b.dataType() == t
                && rowsContiguous(a) && rowsContiguous(b) && rowsContiguous(c);
    }

    /** A matrix BLAS can read row-major: unit stride along a row, rows at a fixed stride ≥ the row length. */
    private static boolean rowsContiguous(INDArray x) {
        return x.rank() == 2 && (x.stride(1) == 1 || x.size(1) == 1) && (x.size(0) == 1 || x.stride(0) >= x.size(1))
                && x.size(0) <= Integer.MAX_VALUE && x.size(1) <= Integer.MAX_VALUE;
    }

    /** Leading dimension of a row-major matrix. */
    private static int ld(INDArray x) {
        return (int) Math.max(x.size(0) == 1 ? x.size(1) : x.stride(0), Math.max(1, x.size(1)));
    }

    /*
     * The first element's address: a view's data() is a buffer that already starts at its own
     * offset (addressPointer() includes it, data().offset() tells it), and the array's offset()
     * counts from the root buffer, so only the difference is added.
     */
    private static FloatPointer floats(INDArray x) {
        return new FloatPointer(x.data().addressPointer()).position(x.offset() - x.data().offset());
    }

    private static DoublePointer doubles(INDArray x) {
        return new DoublePointer(x.data().addressPointer()).position(x.offset() - x.data().offset());
    }
}
