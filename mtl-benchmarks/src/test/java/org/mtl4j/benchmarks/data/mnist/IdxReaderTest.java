package org.mtl4j.benchmarks.data.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtl4j.benchmarks.data.DatasetFormatException;
import org.mtl4j.benchmarks.data.LabeledImages;

class IdxReaderTest {
    private static final int N = 3;
    private static final int ROWS = 2;
    private static final int COLS = 4;

    @TempDir
    Path dir;

    /** Pixel bytes 0, 17, 34, ... (mod 256) so that /255 gives known values, including 255. */
    private static byte[] pixelBytes() {
        byte[] pixels = new byte[N * ROWS * COLS];
        for (int k = 0; k < pixels.length; k++) {
            pixels[k] = (byte) (k * 17 % 256);
        }
        pixels[pixels.length - 1] = (byte) 255;
        return pixels;
    }

    private static final int[] LABELS = {7, 0, 9};

    private LabeledImages writeAndRead(boolean gzip) throws Exception {
        Path images = MnistFixtures.write(dir.resolve(gzip ? "img.gz" : "img"),
                MnistFixtures.idxImages(2051, N, ROWS, COLS, pixelBytes()), gzip);
        Path labels = MnistFixtures.write(dir.resolve(gzip ? "lab.gz" : "lab"),
                MnistFixtures.idxLabels(2049, LABELS), gzip);
        return IdxReader.read(images, labels, 10);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsExactValuesPlainAndGzip(boolean gzip) throws Exception {
        LabeledImages data = writeAndRead(gzip);
        assertEquals(N, data.size());
        assertEquals(ROWS, data.rows());
        assertEquals(COLS, data.cols());
        assertArrayEquals(LABELS, data.labels());
        byte[] raw = pixelBytes();
        for (int i = 0; i < N; i++) {
            for (int r = 0; r < ROWS; r++) {
                for (int c = 0; c < COLS; c++) {
                    int k = (i * ROWS + r) * COLS + c;
                    assertEquals((raw[k] & 0xFF) / 255.0, data.pixel(i, r, c), 1e-7, "pixel " + k);
                }
            }
        }
        assertEquals(1.0f, data.pixel(N - 1, ROWS - 1, COLS - 1));
        assertEquals(0.0f, data.pixel(0, 0, 0));
    }

    @Test
    void gzipAndPlainGiveTheSameContentChecksum() throws Exception {
        assertEquals(writeAndRead(false).sha256(), writeAndRead(true).sha256());
    }

    private Path images(byte[] content, boolean gzip) throws Exception {
        return MnistFixtures.write(dir.resolve("images" + (gzip ? ".gz" : "")), content, gzip);
    }

    private Path labels(byte[] content, boolean gzip) throws Exception {
        return MnistFixtures.write(dir.resolve("labels" + (gzip ? ".gz" : "")), content, gzip);
    }

    private static void assertNamesFile(DatasetFormatException e, Path file, String fragment) {
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }

    @Test
    void wrongImagesMagicIsRejected() throws Exception {
        Path img = images(MnistFixtures.idxImages(2049, N, ROWS, COLS, pixelBytes()), true);
        Path lab = labels(MnistFixtures.idxLabels(2049, LABELS), true);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxReader.read(img, lab, 10));
        assertNamesFile(e, img, "expected IDX magic 2051");
        assertTrue(e.getMessage().contains("found 2049"), e.getMessage());
    }

    @Test
    void swappedFilesAreRejectedOnTheLabelsMagic() throws Exception {
        Path img = images(MnistFixtures.idxImages(2051, N, ROWS, COLS, pixelBytes()), false);
        Path lab = labels(MnistFixtures.idxLabels(2049, LABELS), false);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxReader.read(lab, img, 10));
        assertNamesFile(e, img, "expected IDX magic 2049");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void truncatedPixelDataIsRejected(boolean gzip) throws Exception {
        byte[] full = MnistFixtures.idxImages(2051, N, ROWS, COLS, pixelBytes());
        Path img = images(Arrays.copyOf(full, full.length - 5), gzip);
        Path lab = labels(MnistFixtures.idxLabels(2049, LABELS), gzip);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxReader.read(img, lab, 10));
        assertNamesFile(e, img, "truncated");
        assertTrue(e.getMessage().contains("declares 24 pixel bytes") && e.getMessage().contains("ends after 19"),
                e.getMessage());
    }

    @Test
    void truncatedHeaderIsRejected() throws Exception {
        Path img = images(Arrays.copyOf(MnistFixtures.idxImages(2051, N, ROWS, COLS, pixelBytes()), 10), false);
        Path lab = labels(MnistFixtures.idxLabels(2049, LABELS), false);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxReader.read(img, lab, 10));
        assertNamesFile(e, img, "truncated header");
    }

    @Test
    void truncatedGzipStreamIsRejected() throws Exception {
        byte[] gz = MnistFixtures.gzip(MnistFixtures.idxImages(2051, N, ROWS, COLS, pixelBytes()));
        Path img = dir.resolve("cut.gz");
        Files.write(img, Arrays.copyOf(gz, gz.length - 12));
        Path lab = labels(MnistFixtures.idxLabels(2049, LABELS), true);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxReader.read(img, lab, 10));
        assertNamesFile(e, img, "truncated");
    }

    @Test
    void corruptGzipStreamIsRejected() throws Exception {
        byte[] gz = MnistFixtures.gzip(MnistFixtures.idxImages(2051, N, ROWS, COLS, pixelBytes()));
        for (int k = 10; k < gz.length - 8; k++) {
            gz[k] = (byte) 0xFF; // destroy the deflate data, keep the gzip magic and header
        }
        Path img = dir.resolve("corrupt.gz");
        Files.write(img, gz);
        Path lab = labels(MnistFixtures.idxLabels(2049, LABELS), true);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxReader.read(img, lab, 10));
        assertNamesFile(e, img, "corrupt");
    }

    @Test
    void corruptGzipHeaderIsRejected() throws Exception {
        byte[] gz = MnistFixtures.gzip(MnistFixtures.idxLabels(2049, LABELS));
        gz[2] = 7; // compression method must be 8 (deflate)
        Path lab = dir.resolve("badheader.gz");
        Files.write(lab, gz);
        Path img = images(MnistFixtures.idxImages(2051, N, ROWS, COLS, pixelBytes()), false);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxReader.read(img, lab, 10));
        assertNamesFile(e, lab, "gzip");
    }

    @Test
    void imageAndLabelCountMismatchIsRejected() throws Exception {
        Path img = images(MnistFixtures.idxImages(2051, N, ROWS, COLS, pixelBytes()), true);
        Path lab = labels(MnistFixtures.idxLabels(2049, new int[] {1, 2}), true);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxReader.read(img, lab, 10));
        assertNamesFile(e, img, "holds 3 images");
        assertTrue(e.getMessage().contains(lab.toString()) && e.getMessage().contains("2 labels"), e.getMessage());
    }

    @Test
    void trailingBytesAreRejected() throws Exception {
        byte[] full = MnistFixtures.idxLabels(2049, LABELS);
        Path lab = labels(Arrays.copyOf(full, full.length + 1), false);
        Path img = images(MnistFixtures.idxImages(2051, N, ROWS, COLS, pixelBytes()), false);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxReader.read(img, lab, 10));
        assertNamesFile(e, lab, "unexpected data after");
    }

    @Test
    void labelOutOfRangeIsRejected() throws Exception {
        Path lab = labels(MnistFixtures.idxLabels(2049, new int[] {1, 10, 2}), false);
        Path img = images(MnistFixtures.idxImages(2051, N, ROWS, COLS, pixelBytes()), false);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxReader.read(img, lab, 10));
        assertNamesFile(e, lab, "label 10 at index 1");
    }

    @Test
    void negativeDimensionIsRejected() throws Exception {
        Path img = images(MnistFixtures.idxImages(2051, -1, ROWS, COLS, new byte[0]), false);
        Path lab = labels(MnistFixtures.idxLabels(2049, LABELS), false);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxReader.read(img, lab, 10));
        assertNamesFile(e, img, "image count must be >= 0, found -1");
    }

    @Test
    void missingFileIsNamed() throws Exception {
        Path img = images(MnistFixtures.idxImages(2051, N, ROWS, COLS, pixelBytes()), false);
        Path missing = dir.resolve("nope-labels-idx1-ubyte.gz");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> IdxReader.read(img, missing, 10));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }
}
