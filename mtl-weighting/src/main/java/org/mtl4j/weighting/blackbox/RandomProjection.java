package org.mtl4j.weighting.blackbox;

import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fixed random linear map {@code A : R^d → R^D} with i.i.d. Gaussian entries, drawn once from
 * a seeded generator. It lets a black-box optimiser search a low-dimensional {@code v ∈ R^d}
 * that enters a large model as {@code Av} (black-box prompt tuning, Sun et al. 2022, used by
 * the thesis' black-box MTL experiments, Ch. 4 §4.6.2):
 * <pre>
 *   A_kj ∼ N(0, s²/d)  i.i.d.,   k = 1..D, j = 1..d
 *   E[(Av)_k²] = s²·‖v‖²/d      (so v ∼ N(0, I_d) gives coordinates of standard deviation s)
 * </pre>
 * The map is exactly linear ({@code A·0 = 0}, {@code A(av + bw) = aAv + bAw} up to float32
 * rounding); it is stored as a float32 {@code d × D} ND4J matrix (the transpose of {@code A}),
 * so a batch of {@code n} points is mapped by one {@code n × d · d × D} matrix product.
 * Immutable and thread-safe after construction.
 */
public final class RandomProjection {

    private final RandomProjectionConfig config;
    /** {@code Aᵀ}, {@code d × D}, float32. */
    private final INDArray transposed;

    /** Draws {@code A} from {@code config.seed()}. */
    public RandomProjection(RandomProjectionConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        int d = config.inputDimension();
        int outDim = config.outputDimension();
        long size = (long) d * outDim;
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("d*D must fit in an int array, found " + d + "*" + outDim);
        }
        SplittableRandom random = new SplittableRandom(config.seed());
        double std = config.scale() / Math.sqrt(d);
        float[] entries = new float[(int) size];
        for (int i = 0; i < entries.length; i++) {
            entries[i] = (float) (std * random.nextGaussian());
        }
        this.transposed = Nd4j.create(entries, new long[] {d, outDim}, 'c');
    }

    /** The configuration. */
    public RandomProjectionConfig config() {
        return config;
    }

    /** {@code d}. */
    public int inputDimension() {
        return config.inputDimension();
    }

    /** {@code D}. */
    public int outputDimension() {
        return config.outputDimension();
    }

    /** Entry {@code A_kj} ({@code k < D}, {@code j < d}). */
    public double entry(int k, int j) {
        if (k < 0 || k >= outputDimension() || j < 0 || j >= inputDimension()) {
            throw new IndexOutOfBoundsException("entry (" + k + ", " + j + ") outside A of shape " + outputDimension()
                    + " x " + inputDimension());
        }
        return transposed.getDouble(j, k);
    }

    /**
     * Maps a batch of points.
     *
     * @param points {@code n × d}, one point per row (not modified)
     * @return {@code n × D} float32 array, row {@code j} = {@code A·points[j]}
     * @throws IllegalArgumentException if {@code points} is empty or a row does not have length {@code d}
     */
    public INDArray project(double[][] points) {
        Objects.requireNonNull(points, "points");
        int d = inputDimension();
        if (points.length == 0) {
            throw new IllegalArgumentException("points must hold at least one row, found 0");
        }
        float[] flat = new float[points.length * d];
        for (int j = 0; j < points.length; j++) {
            double[] p = points[j];
            if (p.length != d) {
                throw new IllegalArgumentException("point " + j + " must have length d = " + d + ", found " + p.length);
            }
            for (int k = 0; k < d; k++) {
                flat[j * d + k] = (float) p[k];
            }
        }
        INDArray in = Nd4j.create(flat, new long[] {points.length, d}, 'c');
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, points.length, outputDimension());
        Nd4j.gemm(in, transposed, out, false, false, 1.0, 0.0);
        return out;
    }

    /** Maps one point; returns {@code Av} in double. */
    public double[] project(double[] point) {
        return project(new double[][] {point}).toDoubleVector();
    }
}
