package org.mtl4j.benchmarks.data.mnist;

import java.util.Arrays;
import java.util.Objects;

import org.mtl4j.benchmarks.data.LabeledImages;

/**
 * The source images one split may draw one item position from: a set of distinct indices into
 * a {@link LabeledImages}.
 *
 * @param images  the data set (28×28 items, labels in [0, 10))
 * @param indices distinct indices into {@code images}, at least one (copied)
 */
public record SourcePool(LabeledImages images, int[] indices) {
    /** Validates and copies the indices. */
    public SourcePool {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(indices, "indices");
        if (indices.length == 0) {
            throw new IllegalArgumentException("indices must hold at least one source image, found none");
        }
        indices = indices.clone();
        boolean[] seen = new boolean[images.size()];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            if (i < 0 || i >= images.size()) {
                throw new IllegalArgumentException("indices must be in [0, " + images.size() + "), found " + i
                        + " at position " + k);
            }
            if (seen[i]) {
                throw new IllegalArgumentException("indices must be distinct, found " + i + " twice");
            }
            seen[i] = true;
        }
    }

    /** @return a copy of the indices */
    @Override
    public int[] indices() {
        return indices.clone();
    }

    /** @return the number of source images */
    public int size() {
        return indices.length;
    }

    /**
     * @param k position in the pool
     * @return the source index stored there
     */
    public int index(int k) {
        return indices[k];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SourcePool that && images.equals(that.images) && Arrays.equals(indices, that.indices);
    }

    @Override
    public int hashCode() {
        return 31 * images.hashCode() + Arrays.hashCode(indices);
    }

    @Override
    public String toString() {
        return "SourcePool[" + indices.length + " of " + images + "]";
    }
}
