package org.mtl4j.benchmarks.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A data set needed by a benchmark is not in the data directory. The message names the data
 * set, the directory and file looked for, and how to get the data, e.g.
 * {@code "Fashion-MNIST not found in /root/.mtl4j/data/fashion-mnist (no train-images-idx3-ubyte.gz):
 * run scripts/fetch-data.sh /root/.mtl4j/data"}.
 */
public final class DatasetNotFoundException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path missing;

    /**
     * @param message the complete, user-facing message
     * @param missing the file or directory that was looked for
     */
    public DatasetNotFoundException(String message, Path missing) {
        super(message);
        this.missing = Objects.requireNonNull(missing, "missing");
    }

    /** @return the file or directory that was looked for and not found */
    public Path missing() {
        return missing;
    }
}
