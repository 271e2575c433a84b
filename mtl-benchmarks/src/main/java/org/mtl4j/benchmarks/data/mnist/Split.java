package org.mtl4j.benchmarks.data.mnist;

/** The three disjoint data splits of a benchmark. */
public enum Split {
    /** Training data. */
    TRAIN,
    /** Validation data (model selection), disjoint from train and test at the source-image level. */
    VAL,
    /** Test data, disjoint from train and validation at the source-image level. */
    TEST
}
