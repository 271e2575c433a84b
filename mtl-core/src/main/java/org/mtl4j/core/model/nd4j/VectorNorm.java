package org.mtl4j.core.model.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.floating.Norm2;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Euclidean norm of a model-sized vector, {@code ‖x‖₂ = √(x·x)}, through the BLAS dot
 * product. On these machines ND4J's {@code Norm2} reduction takes 1.2–1.5 ms for 534k floats and the
 * BLAS dot 0.08–0.12 ms; the dot accumulates in the vector's precision (about 1e-5 relative for
 * half a million floats), enough for step reports, clipping factors and the non-finite guard (a
 * NaN or Inf entry, or ‖x‖² beyond the type's range, gives a non-finite result). Non-contiguous
 * arrays fall back to the {@code Norm2} reduction. Allocates nothing for contiguous vectors.
 */
public final class VectorNorm {
    private VectorNorm() {
    }

    /**
     * @param x any array (read as a flat vector)
     * @return ‖x‖₂, NaN or +Inf when x has a non-finite entry or its squared norm overflows
     */
    public static double norm2(INDArray x) {
        return contiguous(x) ? fromSquare(squared(x)) : reduced(x);
    }

    /** @return x·x (through the BLAS dot for contiguous arrays), NaN or +Inf as for {@link #norm2} */
    static double squared(INDArray x) {
        if (x.length() == 0) {
            return 0.0;
        }
        if (contiguous(x)) {
            INDArray v = x.isVector() ? x : x.reshape(x.length());
            return Nd4j.getBlasWrapper().level1().dot(v.length(), 1.0, v, v);
        }
        double n = reduced(x);
        return n * n;
    }

    private static boolean contiguous(INDArray x) {
        return x.isVector() && x.elementWiseStride() == 1 || !x.isView() && x.ordering() == 'c';
    }

    private static double reduced(INDArray x) {
        if (x.length() == 0) {
            return 0.0;
        }
        INDArray out = Nd4j.scalar(x.dataType(), 0.0);
        Nd4j.exec(new Norm2(x, out));
        return out.getDouble(0);
    }

    /** @return √sq, NaN for NaN (a negative rounding residue counts as 0) */
    static double fromSquare(double sq) {
        return Double.isNaN(sq) ? Double.NaN : Math.sqrt(Math.max(sq, 0.0));
    }
}
