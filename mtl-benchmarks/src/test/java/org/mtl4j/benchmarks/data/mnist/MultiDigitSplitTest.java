package org.mtl4j.benchmarks.data.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class MultiDigitSplitTest {
    private static final int N = 3;
    private static final int H = 2;
    private static final int W = 3;
    private static final int[] TL = {1, 9, 0};
    private static final int[] BR = {5, 5, 2};

    private static float[] images() {
        float[] img = new float[N * H * W];
        for (int k = 0; k < img.length; k++) {
            img[k] = k / 32f;
        }
        return img;
    }

    private static MultiDigitSplit split() {
        return new MultiDigitSplit(H, W, images(), TL, BR, new int[] {10, 11, 12}, new int[] {20, 21, 22});
    }

    @Test
    void imagesConvertToNchwAndFlatFloatArrays() {
        MultiDigitSplit split = split();
        INDArray nchw = split.imagesNchw();
        assertArrayEquals(new long[] {N, 1, H, W}, nchw.shape());
        assertEquals(DataType.FLOAT, nchw.dataType());
        INDArray flat = split.imagesFlat();
        assertArrayEquals(new long[] {N, H * W}, flat.shape());
        float[] img = images();
        for (int i = 0; i < N; i++) {
            for (int r = 0; r < H; r++) {
                for (int c = 0; c < W; c++) {
                    float expected = img[(i * H + r) * W + c];
                    assertEquals(expected, nchw.getFloat(i, 0, r, c));
                    assertEquals(expected, flat.getFloat(i, r * W + c));
                    assertEquals(expected, split.pixel(i, r, c));
                }
            }
        }
    }

    @Test
    void indexedBatchesFollowTheGivenOrder() {
        MultiDigitSplit split = split();
        INDArray batch = split.imagesNchw(new int[] {2, 0});
        assertArrayEquals(new long[] {2, 1, H, W}, batch.shape());
        assertEquals(images()[2 * H * W + 4], batch.getFloat(0, 0, 1, 1));
        assertEquals(images()[4], batch.getFloat(1, 0, 1, 1));
        INDArray flat = split.imagesFlat(new int[] {1});
        assertEquals(images()[H * W + 5], flat.getFloat(0, 5));
        INDArray hot = split.oneHot(ItemPosition.TOP_LEFT, new int[] {2, 1});
        assertArrayEquals(new long[] {2, 10}, hot.shape());
        assertEquals(1f, hot.getFloat(0, 0));
        assertEquals(1f, hot.getFloat(1, 9));
        assertEquals(2.0, hot.sumNumber().doubleValue(), 0.0);
    }

    @Test
    void oneHotLabelsPerTask() {
        MultiDigitSplit split = split();
        for (ItemPosition position : ItemPosition.values()) {
            INDArray hot = split.oneHot(position);
            assertArrayEquals(new long[] {N, 10}, hot.shape());
            assertEquals(DataType.FLOAT, hot.dataType());
            int[] labels = position == ItemPosition.TOP_LEFT ? TL : BR;
            for (int i = 0; i < N; i++) {
                for (int k = 0; k < 10; k++) {
                    assertEquals(k == labels[i] ? 1f : 0f, hot.getFloat(i, k), position + " row " + i + " col " + k);
                }
            }
        }
    }

    @Test
    void checksumIsTheDocumentedSha256() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(4 * (3 + N * H * W + 2 * N));
        b.putInt(N).putInt(H).putInt(W);
        for (float v : images()) {
            b.putFloat(v);
        }
        for (int l : TL) {
            b.putInt(l);
        }
        for (int l : BR) {
            b.putInt(l);
        }
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array()));
        assertEquals(expected, split().checksum());
    }

    @Test
    void invalidSplitsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MultiDigitSplit(H, W, images(), new int[] {1, 10, 0}, BR, new int[3], new int[3]));
        assertTrue(e.getMessage().contains("labelTopLeft must be in [0, 10), found 10 at index 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new MultiDigitSplit(H, W, images(), TL, new int[] {1, 2}, new int[3], new int[3]));
        assertTrue(e.getMessage().contains("labelBottomRight must have labelTopLeft's length 3, found 2"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new MultiDigitSplit(H, W, new float[5], TL, BR, new int[3], new int[3]));
        assertTrue(e.getMessage().contains("found 5"), e.getMessage());
    }
}
