package org.mtl4j.benchmarks.blackbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.mtl4j.benchmarks.data.LabeledImages;
import org.mtl4j.benchmarks.data.mnist.IdxReader;
import org.mtl4j.benchmarks.data.mnist.MnistDataLayout;

/**
 * Data of the black-box MTL benchmark: the set the frozen classifier is pre-trained on and the
 * tasks the prompt must adapt it to.
 *
 * <p>Real data ({@link #load}): the classifier is trained on the clean Fashion-MNIST training
 * set (10 classes, 28×28); the three tasks, all read through its 10 outputs (label {@code k} ↔
 * output {@code k}), are Fashion-MNIST under three distribution shifts that each need a
 * different prompt, so the tasks conflict:
 * <ol>
 *   <li>{@code fashion-lowcontrast}: {@link TaskShift#LOW_CONTRAST};</li>
 *   <li>{@code fashion-checker}: {@link TaskShift#CHECKERBOARD};</li>
 *   <li>{@code fashion-gradient}: {@link TaskShift#GRADIENT}.</li>
 * </ol>
 * Pools: {@code poolSize} images per task drawn (seeded, independently per task) from the
 * Fashion-MNIST training set; test splits: disjoint blocks of {@code testSize} Fashion-MNIST
 * test images (task {@code i} gets images {@code i·testSize … (i+1)·testSize − 1}).
 *
 * @param imageSide     side of the square images
 * @param numClasses    classes of the frozen classifier
 * @param pretrainImages pre-training images, row-major
 * @param pretrainLabels pre-training labels
 * @param tasks         the prompt tasks
 */
public record BlackBoxData(int imageSide, int numClasses, float[] pretrainImages, int[] pretrainLabels,
                           List<PromptTask> tasks) {

    /** Checks the shapes. */
    public BlackBoxData {
        if (imageSide < 1) {
            throw new IllegalArgumentException("imageSide must be >= 1, found " + imageSide);
        }
        if (pretrainImages.length != (long) pretrainLabels.length * imageSide * imageSide) {
            throw new IllegalArgumentException("pretrainImages must hold " + pretrainLabels.length + " images of "
                    + imageSide + "x" + imageSide + ", found " + pretrainImages.length + " values");
        }
        tasks = List.copyOf(tasks);
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("tasks must hold at least one task, found 0");
        }
    }

    /**
     * Loads the real data from the data directory (see the class comment).
     *
     * @param dataDir  the MTL4J data directory (holds {@code fashion-mnist/})
     * @param poolSize images per task pool ({@code ≥ 1})
     * @param testSize images per task test split ({@code ≥ 1})
     * @param seed     seed of the pool draws and the MNIST split
     */
    public static BlackBoxData load(Path dataDir, int poolSize, int testSize, long seed) throws IOException {
        Objects.requireNonNull(dataDir, "dataDir");
        requirePositive("poolSize", poolSize);
        requirePositive("testSize", testSize);
        LabeledImages fashionTrain = IdxReader.read(
                MnistDataLayout.fashionFile(dataDir, MnistDataLayout.FASHION_TRAIN_IMAGES),
                MnistDataLayout.fashionFile(dataDir, MnistDataLayout.FASHION_TRAIN_LABELS), 10);
        LabeledImages fashionTest = IdxReader.read(
                MnistDataLayout.fashionFile(dataDir, MnistDataLayout.FASHION_TEST_IMAGES),
                MnistDataLayout.fashionFile(dataDir, MnistDataLayout.FASHION_TEST_LABELS), 10);
        TaskShift[] shifts = {TaskShift.LOW_CONTRAST, TaskShift.CHECKERBOARD, TaskShift.GRADIENT};
        String[] names = {"fashion-lowcontrast", "fashion-checker", "fashion-gradient"};
        if ((long) shifts.length * testSize > fashionTest.size()) {
            throw new IllegalArgumentException("testSize must be <= " + fashionTest.size() / shifts.length
                    + " (disjoint test blocks for " + shifts.length + " tasks), found " + testSize);
        }
        int side = fashionTrain.rows();
        SplittableRandom random = new SplittableRandom(seed);
        List<PromptTask> tasks = new java.util.ArrayList<>();
        for (int i = 0; i < shifts.length; i++) {
            int[] testIdx = new int[testSize];
            for (int k = 0; k < testSize; k++) {
                testIdx[k] = i * testSize + k;
            }
            tasks.add(task(names[i], side, fashionTrain, draw(firstN(fashionTrain.size()), poolSize, random),
                    fashionTest, testIdx, shifts[i]));
        }
        return new BlackBoxData(side, 10, fashionTrain.pixels(), fashionTrain.labels(), tasks);
    }

    /**
     * Tiny generated stand-in with the same structure (for CI): {@code side × side} images of
     * {@code numClasses} classes; "pre-training" images are noisy class prototypes and the three
     * tasks fresh noisy copies under {@link TaskShift#LOW_CONTRAST}, {@link TaskShift#CHECKERBOARD}
     * and {@link TaskShift#GRADIENT}.
     */
    public static BlackBoxData synthetic(int side, int numClasses, int perClass, long seed) {
        requirePositive("side", side);
        requirePositive("perClass", perClass);
        if (numClasses < 2) {
            throw new IllegalArgumentException("numClasses must be >= 2, found " + numClasses);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int size = side * side;
        float[][] sourceProto = prototypes(numClasses, size, random);
        LabeledImages pre = noisy(sourceProto, perClass, side, random);
        LabeledImages shifted = noisy(sourceProto, perClass, side, random);
        LabeledImages shiftedTest = noisy(sourceProto, perClass, side, random);
        int[] all = firstN(pre.size());
        return new BlackBoxData(side, numClasses, pre.pixels(), pre.labels(), List.of(
                task("lowcontrast", side, shifted, all, shiftedTest, all, TaskShift.LOW_CONTRAST),
                task("checker", side, shifted, all, shiftedTest, all, TaskShift.CHECKERBOARD),
                task("gradient", side, shifted, all, shiftedTest, all, TaskShift.GRADIENT)));
    }

    private static float[][] prototypes(int classes, int size, SplittableRandom random) {
        float[][] proto = new float[classes][size];
        for (float[] p : proto) {
            for (int k = 0; k < size; k++) {
                p[k] = random.nextDouble() < 0.3 ? 1f : 0f;
            }
        }
        return proto;
    }

    private static LabeledImages noisy(float[][] proto, int perClass, int side, SplittableRandom random) {
        int size = side * side;
        int n = proto.length * perClass;
        float[] pixels = new float[n * size];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % proto.length;
            labels[i] = c;
            for (int k = 0; k < size; k++) {
                pixels[i * size + k] = (float) Math.min(1, Math.max(0, proto[c][k] + 0.2 * random.nextGaussian()));
            }
        }
        return new LabeledImages(side, side, pixels, labels);
    }

    private static PromptTask task(String name, int side, LabeledImages train, int[] trainIdx, LabeledImages test,
                                   int[] testIdx, TaskShift shift) {
        float[] trainPixels = gather(train, trainIdx);
        float[] testPixels = gather(test, testIdx);
        shift.applyInPlace(trainPixels, side);
        shift.applyInPlace(testPixels, side);
        return new PromptTask(name, side * side, trainPixels, labelsOf(train, trainIdx), testPixels,
                labelsOf(test, testIdx));
    }

    private static float[] gather(LabeledImages images, int[] idx) {
        int size = images.imageSize();
        float[] out = new float[idx.length * size];
        for (int i = 0; i < idx.length; i++) {
            images.copyImage(idx[i], out, i * size);
        }
        return out;
    }

    private static int[] labelsOf(LabeledImages images, int[] idx) {
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = images.label(idx[i]);
        }
        return out;
    }

    private static int[] firstN(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    private static int[] permutation(int n, SplittableRandom random) {
        int[] order = firstN(n);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }

    /** {@code n} indices from {@code from}: a seeded permutation's prefix (all of them when {@code n ≥ length}). */
    private static int[] draw(int[] from, int n, SplittableRandom random) {
        int[] order = permutation(from.length, random);
        int k = Math.min(n, from.length);
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = from[order[i]];
        }
        return out;
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, found " + value);
        }
    }
}
