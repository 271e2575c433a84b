package org.mtl4j.benchmarks.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A data file exists but its content is not what its format requires: wrong magic number,
 * truncated or corrupt stream, malformed JSON, counts that do not match, values out of range.
 *
 * <p>The message always starts with the file, then says what was wrong:
 * {@code "/data/x-labels-idx1-ubyte.gz: expected IDX magic 2049 ..., found 2051"}.
 */
public final class DatasetFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    /**
     * @param file    the offending file
     * @param problem what is wrong with it
     */
    public DatasetFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = Objects.requireNonNull(file, "file");
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    /**
     * @param file    the offending file
     * @param problem what is wrong with it
     * @param cause   the low-level failure (e.g. a {@link java.util.zip.ZipException})
     */
    public DatasetFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = Objects.requireNonNull(file, "file");
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    /** @return the file whose content is malformed */
    public Path file() {
        return file;
    }

    /** @return the problem, without the file name */
    public String problem() {
        return problem;
    }
}
