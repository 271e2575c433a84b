package org.mtl4j.benchmarks.data.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NearestResizeTest {
    /** in[y][x] = 100·y + x: the value names its own coordinates. */
    private static float[] coordinateImage(int h, int w) {
        float[] img = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img[y * w + x] = 100 * y + x;
            }
        }
        return img;
    }

    @Test
    void ramp36To28SamplesHalfPixelCentres() {
        float[] out = new NearestResize(36, 36, 28, 28).resize(coordinateImage(36, 36));
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                // closed form in floating point: source = floor((t + 0.5) * 36 / 28)
                int sy = (int) Math.floor((y + 0.5) * 36.0 / 28.0);
                int sx = (int) Math.floor((x + 0.5) * 36.0 / 28.0);
                assertEquals(100 * sy + sx, out[y * 28 + x], "out(" + y + "," + x + ")");
            }
        }
        // endpoints: first output pixel samples source 0, last samples source 35 (not 34)
        assertEquals(0f, out[0]);
        assertEquals(100 * 35 + 35, out[28 * 28 - 1]);
    }

    @Test
    void identitySizeIsACopy() {
        float[] in = coordinateImage(5, 7);
        assertArrayEquals(in, new NearestResize(5, 7, 5, 7).resize(in));
    }

    @Test
    void doublingReplicatesEachPixelIntoA2x2Block() {
        float[] in = coordinateImage(3, 4);
        float[] out = new NearestResize(3, 4, 6, 8).resize(in);
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 8; x++) {
                assertEquals(in[(y / 2) * 4 + x / 2], out[y * 8 + x]);
            }
        }
    }

    @Test
    void halvingKeepsTheOddSamples() {
        float[] in = coordinateImage(6, 8);
        float[] out = new NearestResize(6, 8, 3, 4).resize(in);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals(in[(2 * y + 1) * 8 + 2 * x + 1], out[y * 4 + x]);
            }
        }
    }

    @Test
    void writesIntoOffsetsWithoutTouchingNeighbours() {
        float[] dst = new float[2 + 4 + 2];
        java.util.Arrays.fill(dst, -1f);
        new NearestResize(2, 2, 2, 2).resize(new float[] {9f, 1f, 2f, 3f, 4f}, 1, dst, 2);
        assertArrayEquals(new float[] {-1f, -1f, 1f, 2f, 3f, 4f, -1f, -1f}, dst);
    }

    @Test
    void badSizesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new NearestResize(0, 3, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> new NearestResize(3, 3, 2, 2).resize(new float[8]));
    }
}
