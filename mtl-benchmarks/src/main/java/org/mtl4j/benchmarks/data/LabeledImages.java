package org.mtl4j.benchmarks.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable set of {@code n} single-channel images of {@code rows × cols} pixels in [0, 1]
 * with one non-negative integer class label each, as read from an original data file.
 *
 * <pre>
 * pixel(i, r, c) = pixels[i·rows·cols + r·cols + c]      (row-major, image after image)
 * sha256         = SHA-256 of  int n, int rows, int cols, float pixels[0..], int labels[0..]
 *                  (encoding of {@link ContentChecksum}: big-endian ints and float bits)
 * </pre>
 *
 * The checksum depends only on the content, not on the file format it came from: a gzip and a
 * plain IDX file with the same images give the same {@link #sha256()}. Arrays are copied in
 * and out; use {@link #copyImage}, {@link #label} and {@link #pixel} to read without copying
 * whole arrays.
 */
public final class LabeledImages {
    private final int rows;
    private final int cols;
    private final float[] pixels;
    private final int[] labels;
    private final String sha256;

    /**
     * @param rows   image height, {@code > 0}
     * @param cols   image width, {@code > 0}
     * @param pixels {@code labels.length · rows · cols} values in [0, 1], row-major per image (copied)
     * @param labels one class id {@code >= 0} per image (copied)
     * @throws IllegalArgumentException naming the bad value if any of the above does not hold
     */
    public LabeledImages(int rows, int cols, float[] pixels, int[] labels) {
        this(rows, cols, Objects.requireNonNull(pixels, "pixels").clone(),
                Objects.requireNonNull(labels, "labels").clone(), true);
    }

    private LabeledImages(int rows, int cols, float[] ownedPixels, int[] ownedLabels, boolean validatePixels) {
        if (rows <= 0) {
            throw new IllegalArgumentException("rows must be > 0, found " + rows);
        }
        if (cols <= 0) {
            throw new IllegalArgumentException("cols must be > 0, found " + cols);
        }
        long expected = (long) ownedLabels.length * rows * cols;
        if (ownedPixels.length != expected) {
            throw new IllegalArgumentException("pixels must have labels.length*rows*cols = " + ownedLabels.length
                    + "*" + rows + "*" + cols + " = " + expected + " values, found " + ownedPixels.length);
        }
        if (validatePixels) {
            for (int k = 0; k < ownedPixels.length; k++) {
                float v = ownedPixels[k];
                if (!(v >= 0f && v <= 1f)) {
                    throw new IllegalArgumentException("pixels must be in [0, 1], found " + v + " at index " + k
                            + " (image " + k / (rows * cols) + ")");
                }
            }
        }
        for (int i = 0; i < ownedLabels.length; i++) {
            if (ownedLabels[i] < 0) {
                throw new IllegalArgumentException("labels must be >= 0, found " + ownedLabels[i] + " at index " + i);
            }
        }
        this.rows = rows;
        this.cols = cols;
        this.pixels = ownedPixels;
        this.labels = ownedLabels;
        this.sha256 = new ContentChecksum().putInt(ownedLabels.length).putInt(rows).putInt(cols)
                .putFloats(ownedPixels).putInts(ownedLabels).hex();
    }

    /**
     * Images stored as unsigned bytes 0..255 (IDX, PNG), scaled to {@code value / 255}.
     *
     * @param rows   image height, {@code > 0}
     * @param cols   image width, {@code > 0}
     * @param pixels {@code labels.length · rows · cols} unsigned bytes, row-major per image
     * @param labels one class id {@code >= 0} per image (copied)
     * @return the images with pixels {@code (pixels[k] & 0xFF) / 255f}
     */
    public static LabeledImages fromUnsignedBytes(int rows, int cols, byte[] pixels, int[] labels) {
        Objects.requireNonNull(pixels, "pixels");
        float[] scaled = new float[pixels.length];
        for (int k = 0; k < pixels.length; k++) {
            scaled[k] = (pixels[k] & 0xFF) / 255f;
        }
        return new LabeledImages(rows, cols, scaled, Objects.requireNonNull(labels, "labels").clone(), false);
    }

    /** @return the number of images */
    public int size() {
        return labels.length;
    }

    /** @return image height in pixels */
    public int rows() {
        return rows;
    }

    /** @return image width in pixels */
    public int cols() {
        return cols;
    }

    /** @return the number of pixels of one image, {@code rows · cols} */
    public int imageSize() {
        return rows * cols;
    }

    /**
     * @param index image index in {@code [0, size())}
     * @return its class label
     */
    public int label(int index) {
        return labels[Objects.checkIndex(index, labels.length)];
    }

    /**
     * @param index image index
     * @param row   row in {@code [0, rows())}
     * @param col   column in {@code [0, cols())}
     * @return the pixel value in [0, 1]
     */
    public float pixel(int index, int row, int col) {
        Objects.checkIndex(index, labels.length);
        Objects.checkIndex(row, rows);
        Objects.checkIndex(col, cols);
        return pixels[index * imageSize() + row * cols + col];
    }

    /**
     * Copies one image (row-major, {@code rows · cols} values) into {@code destination}.
     *
     * @param index             image index in {@code [0, size())}
     * @param destination       target array
     * @param destinationOffset where the first pixel goes
     */
    public void copyImage(int index, float[] destination, int destinationOffset) {
        Objects.checkIndex(index, labels.length);
        System.arraycopy(pixels, index * imageSize(), destination, destinationOffset, imageSize());
    }

    /** @return a copy of all labels */
    public int[] labels() {
        return labels.clone();
    }

    /** @return a copy of all pixels, {@code size() · rows · cols} values */
    public float[] pixels() {
        return pixels.clone();
    }

    /** @return the largest label plus one (0 when empty) */
    public int labelBound() {
        int max = -1;
        for (int l : labels) {
            max = Math.max(max, l);
        }
        return max + 1;
    }

    /** @return the content checksum defined in the class comment (64 hex digits) */
    public String sha256() {
        return sha256;
    }

    /** Equal when the dimensions, pixels and labels are equal. */
    @Override
    public boolean equals(Object other) {
        return other instanceof LabeledImages that && rows == that.rows && cols == that.cols
                && sha256.equals(that.sha256) && Arrays.equals(labels, that.labels)
                && Arrays.equals(pixels, that.pixels);
    }

    @Override
    public int hashCode() {
        return sha256.hashCode();
    }

    @Override
    public String toString() {
        return "LabeledImages[n=" + size() + ", " + rows + "x" + cols + ", sha256=" + sha256 + "]";
    }
}
