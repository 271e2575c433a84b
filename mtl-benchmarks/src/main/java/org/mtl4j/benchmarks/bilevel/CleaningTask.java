package org.mtl4j.benchmarks.bilevel;

import java.util.SplittableRandom;
import org.mtl4j.benchmarks.data.LabeledImages;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One dataset of the multi-task hyper-cleaning benchmark, split and corrupted:
 * <pre>
 *   pool → disjoint random train / val1 / val2 (/ test) by a seeded permutation
 *   corruption: exactly ⌊rate·n_train⌋ training samples, chosen uniformly without replacement, get a
 *               label drawn uniformly from the 9 other classes; clean[j] says which were kept
 * </pre>
 * Inputs are float32 {@code [n, 784]} in [0, 1]; labels are class ids.
 *
 * @param name        dataset name (the task's name)
 * @param trainX      training inputs
 * @param trainY      training labels after corruption
 * @param clean       whether each training label is the original one
 * @param val1X       upper-level inputs
 * @param val1Y       upper-level labels (clean)
 * @param val2X       second validation inputs
 * @param val2Y       second validation labels (clean)
 * @param testX       test inputs
 * @param testY       test labels
 */
record CleaningTask(String name, INDArray trainX, int[] trainY, boolean[] clean, INDArray val1X, int[] val1Y, INDArray val2X,
                    int[] val2Y, INDArray testX, int[] testY) {
    /** Number of classes of both datasets. */
    static final int CLASSES = 10;

    /**
     * @param name       the name
     * @param pool       images for train/val1/val2 (and test when {@code testPool} is null)
     * @param testPool   separate test images, or null
     * @param split      sizes
     * @param corruption fraction of corrupted training labels, in [0, 1]
     * @param seed       permutation and corruption seed
     */
    static CleaningTask build(String name, LabeledImages pool, LabeledImages testPool, CleaningSplit split, double corruption,
                              long seed) {
        if (!(corruption >= 0 && corruption <= 1)) {
            throw new IllegalArgumentException("corruption must be in [0, 1], found " + corruption);
        }
        int needed = split.train() + split.val1() + split.val2() + (testPool == null ? split.test() : 0);
        if (needed > pool.size()) {
            throw new IllegalArgumentException(name + " has " + pool.size() + " images, the splits " + split + " need " + needed);
        }
        if (testPool != null && split.test() > testPool.size()) {
            throw new IllegalArgumentException(name + " has " + testPool.size() + " test images, the split needs " + split.test());
        }
        SplittableRandom r = new SplittableRandom(seed);
        int[] perm = permutation(pool.size(), r);
        int at = 0;
        int[] tr = slice(perm, at, split.train());
        at += split.train();
        int[] v1 = slice(perm, at, split.val1());
        at += split.val1();
        int[] v2 = slice(perm, at, split.val2());
        at += split.val2();
        int[] te;
        LabeledImages testSource = testPool == null ? pool : testPool;
        if (testPool == null) {
            te = slice(perm, at, split.test());
        } else {
            te = slice(permutation(testPool.size(), r), 0, split.test());
        }
        int[] trainY = labels(pool, tr);
        boolean[] clean = new boolean[tr.length];
        java.util.Arrays.fill(clean, true);
        int corrupt = (int) Math.floor(corruption * tr.length);
        int[] which = slice(permutation(tr.length, r), 0, corrupt);
        for (int j : which) {
            int wrong = r.nextInt(CLASSES - 1);
            trainY[j] = wrong >= trainY[j] ? wrong + 1 : wrong;
            clean[j] = false;
        }
        return new CleaningTask(name, images(pool, tr), trainY, clean, images(pool, v1), labels(pool, v1), images(pool, v2),
                labels(pool, v2), images(testSource, te), labels(testSource, te));
    }

    /** @return the one-hot matrix of labels (float32, {@code [n, 10]}) */
    static INDArray oneHot(int[] y) {
        float[] f = new float[y.length * CLASSES];
        for (int i = 0; i < y.length; i++) {
            f[i * CLASSES + y[i]] = 1f;
        }
        return Nd4j.create(f, new long[] {y.length, CLASSES}, 'c');
    }

    /** @return the number of clean training samples */
    int cleanCount() {
        int c = 0;
        for (boolean b : clean) {
            c += b ? 1 : 0;
        }
        return c;
    }

    private static int[] permutation(int n, SplittableRandom r) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static int[] slice(int[] a, int from, int n) {
        return java.util.Arrays.copyOfRange(a, from, from + n);
    }

    private static int[] labels(LabeledImages src, int[] idx) {
        int[] y = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            y[i] = src.label(idx[i]);
        }
        return y;
    }

    private static INDArray images(LabeledImages src, int[] idx) {
        int d = src.imageSize();
        float[] f = new float[Math.max(1, idx.length) * d];
        for (int i = 0; i < idx.length; i++) {
            src.copyImage(idx[i], f, i * d);
        }
        if (idx.length == 0) {
            return Nd4j.create(DataType.FLOAT, 0, d);
        }
        return Nd4j.create(f, new long[] {idx.length, d}, 'c');
    }
}
