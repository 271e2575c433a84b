package org.mtl4j.benchmarks.data.mnist;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

import org.mtl4j.benchmarks.data.DatasetFormatException;
import org.mtl4j.benchmarks.data.LabeledImages;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST (LeCun et al.; Xiao et al. 2017), gzip-compressed
 * or plain: a file is treated as gzip when it starts with the gzip magic bytes {@code 1f 8b}.
 *
 * <pre>
 * images file:  int32 BE magic = 2051 (0x00000803: unsigned byte, 3 dimensions)
 *               int32 BE n, int32 BE rows, int32 BE cols
 *               n·rows·cols unsigned bytes, row-major image after image   → pixel / 255
 * labels file:  int32 BE magic = 2049 (0x00000801: unsigned byte, 1 dimension)
 *               int32 BE n
 *               n unsigned bytes, each a class id in [0, numClasses)
 * </pre>
 *
 * Every deviation — wrong magic, negative or oversized dimensions, a file that ends early or has
 * bytes after the last item, a corrupt gzip stream, a label out of range, image and label counts
 * that differ — raises a {@link DatasetFormatException} naming the file and the problem; a missing
 * file raises {@link NoSuchFileException} naming it.
 */
public final class IdxReader {
    /** Magic number of an IDX file of unsigned-byte images (3 dimensions). */
    public static final int IMAGES_MAGIC = 2051;
    /** Magic number of an IDX file of unsigned-byte labels (1 dimension). */
    public static final int LABELS_MAGIC = 2049;

    private static final int GZIP_MAGIC_0 = 0x1f;
    private static final int GZIP_MAGIC_1 = 0x8b;
    private static final int BUFFER_BYTES = 1 << 16;

    private IdxReader() {
    }

    /**
     * Reads an images file and its labels file.
     *
     * @param imagesFile IDX images (magic 2051), gzip or plain
     * @param labelsFile IDX labels (magic 2049), gzip or plain
     * @param numClasses labels must lie in {@code [0, numClasses)}
     * @return the images (pixels scaled by 1/255) with their labels
     * @throws IOException {@link DatasetFormatException} or {@link NoSuchFileException} as described above
     */
    public static LabeledImages read(Path imagesFile, Path labelsFile, int numClasses) throws IOException {
        Objects.requireNonNull(imagesFile, "imagesFile");
        Objects.requireNonNull(labelsFile, "labelsFile");
        if (numClasses <= 0 || numClasses > 256) {
            throw new IllegalArgumentException("numClasses must be in [1, 256], found " + numClasses);
        }
        int[] labels = readLabels(labelsFile, numClasses);
        RawImages images = readImages(imagesFile);
        if (images.count() != labels.length) {
            throw new DatasetFormatException(imagesFile, "holds " + images.count() + " images but the labels file "
                    + labelsFile + " holds " + labels.length + " labels");
        }
        return LabeledImages.fromUnsignedBytes(images.rows(), images.cols(), images.pixels(), labels);
    }

    /**
     * Reads an IDX labels file.
     *
     * @param labelsFile IDX labels (magic 2049), gzip or plain
     * @param numClasses labels must lie in {@code [0, numClasses)}
     * @return the labels
     * @throws IOException {@link DatasetFormatException} or {@link NoSuchFileException}
     */
    public static int[] readLabels(Path labelsFile, int numClasses) throws IOException {
        try (DataInputStream in = open(labelsFile)) {
            try {
                checkMagic(labelsFile, in, LABELS_MAGIC, "unsigned-byte labels, 1 dimension");
                int count = readDimension(labelsFile, in, "label count");
                byte[] raw = readBody(labelsFile, in, count, 8, "label");
                int[] labels = new int[count];
                for (int i = 0; i < count; i++) {
                    labels[i] = raw[i] & 0xFF;
                    if (labels[i] >= numClasses) {
                        throw new DatasetFormatException(labelsFile, "label " + labels[i] + " at index " + i
                                + " is outside [0, " + numClasses + ")");
                    }
                }
                return labels;
            } catch (DatasetFormatException e) {
                throw e;
            } catch (IOException e) {
                throw new DatasetFormatException(labelsFile, "corrupt or truncated stream: " + e.getMessage(), e);
            }
        }
    }

    private static RawImages readImages(Path imagesFile) throws IOException {
        try (DataInputStream in = open(imagesFile)) {
            try {
                checkMagic(imagesFile, in, IMAGES_MAGIC, "unsigned-byte images, 3 dimensions");
                int count = readDimension(imagesFile, in, "image count");
                int rows = readDimension(imagesFile, in, "row count");
                int cols = readDimension(imagesFile, in, "column count");
                if (rows == 0 || cols == 0) {
                    throw new DatasetFormatException(imagesFile, "image size must be positive, found "
                            + rows + "x" + cols);
                }
                long total = (long) count * rows * cols;
                if (total > Integer.MAX_VALUE - 16) {
                    throw new DatasetFormatException(imagesFile, "header declares " + count + " images of "
                            + rows + "x" + cols + " = " + total + " pixels, more than one array can hold");
                }
                byte[] pixels = readBody(imagesFile, in, (int) total, 16, "pixel");
                return new RawImages(count, rows, cols, pixels);
            } catch (DatasetFormatException e) {
                throw e;
            } catch (IOException e) {
                throw new DatasetFormatException(imagesFile, "corrupt or truncated stream: " + e.getMessage(), e);
            }
        }
    }

    /** Opens a file, transparently un-gzipping it when it starts with the gzip magic bytes. */
    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES);
        try {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            if (b0 == GZIP_MAGIC_0 && b1 == GZIP_MAGIC_1) {
                try {
                    return new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw, BUFFER_BYTES),
                            BUFFER_BYTES));
                } catch (IOException e) {
                    throw new DatasetFormatException(file, "starts like gzip but its header is corrupt: "
                            + e.getMessage(), e);
                }
            }
            return new DataInputStream(raw);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private static void checkMagic(Path file, DataInputStream in, int expected, String meaning) throws IOException {
        int magic = readHeaderInt(file, in, "magic number");
        if (magic != expected) {
            throw new DatasetFormatException(file, "expected IDX magic " + expected + " (" + meaning + "), found "
                    + magic + String.format(" (0x%08x)", magic));
        }
    }

    private static int readDimension(Path file, DataInputStream in, String what) throws IOException {
        int value = readHeaderInt(file, in, what);
        if (value < 0) {
            throw new DatasetFormatException(file, what + " must be >= 0, found " + value);
        }
        return value;
    }

    private static int readHeaderInt(Path file, DataInputStream in, String what) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new DatasetFormatException(file, "truncated header: file ends before the " + what, e);
        }
    }

    /** Reads exactly {@code length} bytes and checks that nothing follows them. */
    private static byte[] readBody(Path file, InputStream in, int length, int headerBytes, String item)
            throws IOException {
        byte[] body = new byte[length];
        int read = 0;
        while (read < length) {
            int n = in.read(body, read, length - read);
            if (n < 0) {
                throw new DatasetFormatException(file, "truncated: the header declares " + length + " " + item
                        + " bytes after the " + headerBytes + "-byte header, but the data ends after " + read);
            }
            read += n;
        }
        if (in.read() >= 0) {
            throw new DatasetFormatException(file, "unexpected data after the " + length + " " + item
                    + " bytes the header declares");
        }
        return body;
    }

    private record RawImages(int count, int rows, int cols, byte[] pixels) {
    }
}
