package org.mtl4j.benchmarks.multidigit;

import java.util.Objects;
import org.mtl4j.core.data.MtlDataSource;

/**
 * The three data sources of one training run, all serving the same tasks.
 *
 * @param train      training data (shuffled every epoch)
 * @param validation validation data for model selection
 * @param test       test data, reported at the selected epoch
 */
public record BenchmarkSplits(MtlDataSource train, MtlDataSource validation, MtlDataSource test) {
    /** Validates: all three present, same number of tasks. */
    public BenchmarkSplits {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(test, "test");
        if (validation.numTasks() != train.numTasks() || test.numTasks() != train.numTasks()) {
            throw new IllegalArgumentException("train, validation and test must serve the same tasks, found "
                    + train.numTasks() + ", " + validation.numTasks() + " and " + test.numTasks() + " tasks");
        }
    }
}
