package org.mtl4j.benchmarks.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class LabeledImagesTest {
    private static final float[] PIXELS = {0f, 0.25f, 0.5f, 1f, 0.125f, 0.75f};
    private static final int[] LABELS = {3, 8};

    /** Independent recomputation of the documented checksum with a plain ByteBuffer. */
    private static String expectedSha(int n, int rows, int cols, float[] pixels, int[] labels) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(4 * (3 + pixels.length + labels.length));
        b.putInt(n).putInt(rows).putInt(cols);
        for (float p : pixels) {
            b.putFloat(p);
        }
        for (int l : labels) {
            b.putInt(l);
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array()));
    }

    @Test
    void storesRowMajorImagesAndComputesTheDocumentedChecksum() throws Exception {
        LabeledImages data = new LabeledImages(1, 3, PIXELS, LABELS);
        assertEquals(2, data.size());
        assertEquals(0.5f, data.pixel(0, 0, 2));
        assertEquals(0.125f, data.pixel(1, 0, 1));
        assertEquals(8, data.label(1));
        assertEquals(9, data.labelBound());
        float[] image = new float[5];
        data.copyImage(1, image, 2);
        assertArrayEquals(new float[] {0f, 0f, 1f, 0.125f, 0.75f}, image);
        assertEquals(expectedSha(2, 1, 3, PIXELS, LABELS), data.sha256());
    }

    @Test
    void checksumDependsOnShapeAndLabels() {
        String base = new LabeledImages(1, 3, PIXELS, LABELS).sha256();
        assertNotEquals(base, new LabeledImages(3, 1, PIXELS, LABELS).sha256());
        assertNotEquals(base, new LabeledImages(1, 3, PIXELS, new int[] {3, 7}).sha256());
    }

    @Test
    void unsignedBytesAreScaledBy255() {
        LabeledImages data = LabeledImages.fromUnsignedBytes(1, 2, new byte[] {0, (byte) 255, (byte) 128, 51},
                new int[] {0, 1});
        assertEquals(0f, data.pixel(0, 0, 0));
        assertEquals(1f, data.pixel(0, 0, 1));
        assertEquals(128 / 255f, data.pixel(1, 0, 0));
        assertEquals(0.2f, data.pixel(1, 0, 1), 1e-7);
    }

    @Test
    void arraysAreCopiedInAndOut() {
        float[] pixels = PIXELS.clone();
        int[] labels = LABELS.clone();
        LabeledImages data = new LabeledImages(1, 3, pixels, labels);
        pixels[0] = 1f;
        labels[0] = 0;
        data.pixels()[1] = 1f;
        data.labels()[1] = 0;
        assertEquals(0f, data.pixel(0, 0, 0));
        assertEquals(0.25f, data.pixel(0, 0, 1));
        assertArrayEquals(LABELS, data.labels());
        assertEquals(new LabeledImages(1, 3, PIXELS, LABELS), data);
    }

    @Test
    void invalidInputIsRejectedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LabeledImages(1, 3, new float[] {0f, 1.5f, 0f}, new int[] {0}));
        assertTrue(e.getMessage().contains("found 1.5 at index 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LabeledImages(2, 3, PIXELS, LABELS));
        assertTrue(e.getMessage().contains("12 values, found 6"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LabeledImages(0, 3, new float[0], new int[0]));
        assertTrue(e.getMessage().contains("rows must be > 0, found 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LabeledImages(1, 3, PIXELS, new int[] {1, -2}));
        assertTrue(e.getMessage().contains("found -2 at index 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new LabeledImages(1, 1, new float[] {Float.NaN}, new int[] {0}));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }
}
