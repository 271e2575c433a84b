package org.mtl4j.weighting.blackbox;

/**
 * Immutable configuration of a {@link RandomProjection} {@code A : R^d → R^D}.
 *
 * @param inputDimension  {@code d ≥ 1}, the dimension searched by the black-box optimiser
 * @param outputDimension {@code D ≥ 1}, the dimension of the space the vector is mapped into
 *                        (for a frozen network: the size of its prompt / input)
 * @param scale           {@code s > 0}: entries are {@code A_kj ∼ N(0, s²/d)}, so that for
 *                        {@code v ∼ N(0, I_d)} every coordinate of {@code Av} has standard deviation {@code s}
 * @param seed            seed of the generator that draws {@code A} (the same seed gives the same matrix)
 */
public record RandomProjectionConfig(int inputDimension, int outputDimension, double scale, long seed) {

    /** Validates every field. */
    public RandomProjectionConfig {
        if (inputDimension < 1) {
            throw new IllegalArgumentException("inputDimension d must be >= 1, found " + inputDimension);
        }
        if (outputDimension < 1) {
            throw new IllegalArgumentException("outputDimension D must be >= 1, found " + outputDimension);
        }
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("scale must be finite and > 0, found " + scale);
        }
    }

    /** {@code s = 1} (entries {@code N(0, 1/d)}, the usual Johnson–Lindenstrauss scaling), seed 0. */
    public static RandomProjectionConfig defaults(int inputDimension, int outputDimension) {
        return new RandomProjectionConfig(inputDimension, outputDimension, 1.0, 0L);
    }

    /** Copy with another scale. */
    public RandomProjectionConfig withScale(double value) {
        return new RandomProjectionConfig(inputDimension, outputDimension, value, seed);
    }

    /** Copy with another seed. */
    public RandomProjectionConfig withSeed(long value) {
        return new RandomProjectionConfig(inputDimension, outputDimension, scale, value);
    }
}
