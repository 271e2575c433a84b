package org.mtl4j.benchmarks.data.mnist;

/**
 * Three positive counts, one per split (train, validation, test): used both for the number of
 * source images reserved per split and for the number of composite images generated per split.
 *
 * @param train count for the training split, {@code >= 1}
 * @param val   count for the validation split, {@code >= 1}
 * @param test  count for the test split, {@code >= 1}
 */
public record SplitCounts(int train, int val, int test) {
    /** Validates that every count is positive. */
    public SplitCounts {
        requirePositive("train", train);
        requirePositive("val", val);
        requirePositive("test", test);
    }

    /** @return {@code train + val + test} */
    public long total() {
        return (long) train + val + test;
    }

    /**
     * @param split which split
     * @return its count
     */
    public int get(Split split) {
        return switch (split) {
            case TRAIN -> train;
            case VAL -> val;
            case TEST -> test;
        };
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, found " + value);
        }
    }
}
