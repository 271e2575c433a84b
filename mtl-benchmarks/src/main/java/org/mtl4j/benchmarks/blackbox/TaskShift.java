package org.mtl4j.benchmarks.blackbox;

/**
 * Pixel transformations that turn the pre-training distribution into a shifted task (applied
 * to images of side {@code s}, pixels in [0, 1]; results are not clipped).
 */
public enum TaskShift {
    /** {@code x' = x}. */
    NONE,
    /** Washed out: {@code x' = 0.5·x + 0.4} (lower contrast, brighter background). */
    LOW_CONTRAST,
    /**
     * Fixed additive checkerboard of 4×4-pixel blocks: {@code x' = x + 0.6·[(⌊r/4⌋ + ⌊c/4⌋) even]}.
     * An additive prompt {@code p} equal to minus the pattern undoes it exactly.
     */
    CHECKERBOARD,
    /**
     * Uneven illumination, brighter towards the bottom: {@code x' = x + 0.8·r/(s − 1)} for row
     * {@code r} (0 at the top). An additive prompt equal to minus the ramp undoes it exactly.
     */
    GRADIENT;

    /** Block side of {@link #CHECKERBOARD}. */
    static final int BLOCK = 4;

    /**
     * Transforms {@code count} square images of side {@code side} in place.
     *
     * @param pixels row-major images
     */
    void applyInPlace(float[] pixels, int side) {
        int size = side * side;
        if (size == 0 || pixels.length % size != 0) {
            throw new IllegalArgumentException("pixels must hold whole images of " + side + "x" + side + ", found "
                    + pixels.length + " values");
        }
        switch (this) {
            case NONE -> {
            }
            case LOW_CONTRAST -> {
                for (int k = 0; k < pixels.length; k++) {
                    pixels[k] = 0.5f * pixels[k] + 0.4f;
                }
            }
            case CHECKERBOARD -> {
                float[] pattern = new float[size];
                for (int r = 0; r < side; r++) {
                    for (int c = 0; c < side; c++) {
                        pattern[r * side + c] = ((r / BLOCK + c / BLOCK) % 2 == 0) ? 0.6f : 0f;
                    }
                }
                for (int k = 0; k < pixels.length; k++) {
                    pixels[k] += pattern[k % size];
                }
            }
            case GRADIENT -> {
                float[] ramp = new float[size];
                for (int r = 0; r < side; r++) {
                    for (int c = 0; c < side; c++) {
                        ramp[r * side + c] = side == 1 ? 0f : 0.8f * r / (side - 1);
                    }
                }
                for (int k = 0; k < pixels.length; k++) {
                    pixels[k] += ramp[k % size];
                }
            }
            default -> throw new IllegalStateException("unhandled shift " + this);
        }
    }
}
