package org.mtl4j.core.model.nd4j;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ‖x‖₂ of one model-sized vector (the gradient engine's shared gradient) on the model's lanes:
 * {@code ‖x‖² = x₁·x₁ + x₂·x₂} over the two halves of x, one BLAS dot per lane (about 45 µs each
 * for 267k floats here, against 80–120 µs for one dot of the whole). On one lane, or for vectors
 * shorter than {@link #MIN_SPLIT} or not contiguous, {@link VectorNorm#norm2}. The two partial sums
 * add in another order than one dot, so the result can differ from it by float rounding.
 */
public final class LanesNorm {

    /** Vectors shorter than this are not split (a hand-off costs more than half a short dot). */
    public static final long MIN_SPLIT = 1L << 16;

    private final ComputeLanes lanes;
    private final INDArray x;
    private final INDArray[] halves;
    private final double[] squares = new double[2];

    /**
     * @param lanes the model's lanes
     * @param x     the vector whose norm {@link #norm2()} computes (read at every call)
     */
    public LanesNorm(ComputeLanes lanes, INDArray x) {
        this.lanes = Objects.requireNonNull(lanes, "lanes");
        this.x = Objects.requireNonNull(x, "x");
        long n = x.length();
        if (lanes.lanes() == 2 && n >= MIN_SPLIT && x.isVector() && x.elementWiseStride() == 1) {
            long h = n / 2;
            INDArray flat = x.reshape(n);
            halves = new INDArray[] {LiveViews.matrix(flat, 0, 1, h), LiveViews.matrix(flat, h, 1, n - h)};
        } else {
            halves = null;
        }
    }

    /** @return whether the norm is split over two lanes */
    public boolean split() {
        return halves != null;
    }

    /** @return ‖x‖₂, NaN or +Inf when x has a non-finite entry or its squared norm overflows */
    public double norm2() {
        if (halves == null) {
            return VectorNorm.norm2(x);
        }
        lanes.run(() -> squares[0] = VectorNorm.squared(halves[0]), () -> squares[1] = VectorNorm.squared(halves[1]));
        return VectorNorm.fromSquare(squares[0] + squares[1]);
    }
}
