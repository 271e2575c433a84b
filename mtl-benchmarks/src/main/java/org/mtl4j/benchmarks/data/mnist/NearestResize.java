package org.mtl4j.benchmarks.data.mnist;

import java.util.Objects;

/**
 * Nearest-neighbour resize of a single-channel row-major image with half-pixel centres — the rule
 * of PIL's {@code Image.resize(..., NEAREST)}, which Sener &amp; Koltun's generator used through
 * {@code scipy.misc.imresize(..., interp='nearest')}:
 *
 * <pre>
 * out[y][x] = in[ floor((y + ½)·inH/outH) ][ floor((x + ½)·inW/outW) ]
 *           = in[ ((2y + 1)·inH) div (2·outH) ][ ((2x + 1)·inW) div (2·outW) ]   (exact integer form)
 * </pre>
 *
 * Instances hold the two precomputed index maps and are immutable.
 */
public final class NearestResize {
    private final int inHeight;
    private final int inWidth;
    private final int outHeight;
    private final int outWidth;
    private final int[] sourceRow;
    private final int[] sourceCol;

    /**
     * @param inHeight  source height, {@code > 0}
     * @param inWidth   source width, {@code > 0}
     * @param outHeight target height, {@code > 0}
     * @param outWidth  target width, {@code > 0}
     */
    public NearestResize(int inHeight, int inWidth, int outHeight, int outWidth) {
        requirePositive("inHeight", inHeight);
        requirePositive("inWidth", inWidth);
        requirePositive("outHeight", outHeight);
        requirePositive("outWidth", outWidth);
        this.inHeight = inHeight;
        this.inWidth = inWidth;
        this.outHeight = outHeight;
        this.outWidth = outWidth;
        this.sourceRow = sourceIndices(inHeight, outHeight);
        this.sourceCol = sourceIndices(inWidth, outWidth);
    }

    /**
     * @param in    source length
     * @param out   target length
     * @return for each target index t, the source index {@code ((2t + 1)·in) div (2·out)}
     */
    static int[] sourceIndices(int in, int out) {
        int[] map = new int[out];
        for (int t = 0; t < out; t++) {
            map[t] = (int) (((2L * t + 1) * in) / (2L * out));
        }
        return map;
    }

    /**
     * @param source            source pixels
     * @param sourceOffset      index of the source's first pixel
     * @param destination       target pixels
     * @param destinationOffset index of the target's first pixel
     */
    public void resize(float[] source, int sourceOffset, float[] destination, int destinationOffset) {
        Objects.checkFromIndexSize(sourceOffset, inHeight * inWidth, source.length);
        Objects.checkFromIndexSize(destinationOffset, outHeight * outWidth, destination.length);
        for (int y = 0; y < outHeight; y++) {
            int rowBase = sourceOffset + sourceRow[y] * inWidth;
            int outBase = destinationOffset + y * outWidth;
            for (int x = 0; x < outWidth; x++) {
                destination[outBase + x] = source[rowBase + sourceCol[x]];
            }
        }
    }

    /**
     * @param source one {@code inHeight × inWidth} image
     * @return a new {@code outHeight × outWidth} image
     */
    public float[] resize(float[] source) {
        if (source.length != inHeight * inWidth) {
            throw new IllegalArgumentException("source must have " + inHeight + "x" + inWidth + " = "
                    + inHeight * inWidth + " pixels, found " + source.length);
        }
        float[] out = new float[outHeight * outWidth];
        resize(source, 0, out, 0);
        return out;
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, found " + value);
        }
    }
}
