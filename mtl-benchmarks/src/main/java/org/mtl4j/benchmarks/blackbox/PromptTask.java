package org.mtl4j.benchmarks.blackbox;

import java.util.Objects;

/**
 * One task of the black-box MTL benchmark: labelled images read through the frozen
 * classifier's output (label {@code k} ↔ output {@code k}), with a pool the prompt's loss
 * mini-batches are drawn from and a held-out test split for the reported accuracy.
 *
 * @param name        task name (CSV column prefix)
 * @param imageSize   {@code D}, pixels per image
 * @param trainImages pool, {@code n·D} row-major
 * @param trainLabels pool labels
 * @param testImages  held-out split, {@code n_test·D}
 * @param testLabels  held-out labels
 */
public record PromptTask(String name, int imageSize, float[] trainImages, int[] trainLabels, float[] testImages,
                         int[] testLabels) {

    /** Checks the shapes (arrays are kept, not copied: the tasks are large and never modified). */
    public PromptTask {
        Objects.requireNonNull(name, "name");
        if (imageSize < 1) {
            throw new IllegalArgumentException("imageSize must be >= 1, found " + imageSize);
        }
        if (trainLabels.length < 1 || trainImages.length != (long) trainLabels.length * imageSize) {
            throw new IllegalArgumentException("task " + name + ": trainImages must hold trainLabels.length * imageSize = "
                    + trainLabels.length + " * " + imageSize + " values, found " + trainImages.length);
        }
        if (testLabels.length < 1 || testImages.length != (long) testLabels.length * imageSize) {
            throw new IllegalArgumentException("task " + name + ": testImages must hold testLabels.length * imageSize = "
                    + testLabels.length + " * " + imageSize + " values, found " + testImages.length);
        }
    }

    /** Pool size. */
    public int trainSize() {
        return trainLabels.length;
    }

    /** Test split size. */
    public int testSize() {
        return testLabels.length;
    }
}
