package org.mtl4j.benchmarks.multidigit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.mtl4j.benchmarks.data.mnist.CanvasLayout;
import org.mtl4j.benchmarks.data.mnist.MultiDigitBenchmarkData;
import org.mtl4j.benchmarks.data.mnist.MultiDigitKind;
import org.mtl4j.benchmarks.data.mnist.MultiDigitSizes;

/**
 * One of the two-item image benchmarks (Multi-MNIST, Multi-Fashion, Multi-(Fashion+MNIST); Sener
 * &amp; Koltun 2018, Lin et al. 2019) as a training setup: which data to generate and how to batch
 * it. The model is {@link LeNet} (shared encoder, one linear head per item), the tasks are
 * "top-left" and "bottom-right" (10-class softmax cross-entropy each, metric accuracy).
 *
 * <pre>
 * data      MultiDigitBenchmarkData.load(kind, layout, dataDir, dataSeed, sizes)
 *           (sources split before synthesis; the split checksums go into every run record)
 * batches   training: shuffled, batchSize (ParetoMTL: 256); validation / test: evalBatchSize, in order
 * </pre>
 *
 * @param kind          which benchmark
 * @param layout        canvas layout (PARETO_36: 36×36 inputs, the ParetoMTL LeNet)
 * @param dataSeed      generation seed of the composite images (fixed across training seeds)
 * @param sizes         source and composite counts per split
 * @param batchSize     training batch size ≥ 1
 * @param evalBatchSize evaluation batch size ≥ 1
 */
public record MultiDigitBenchmark(MultiDigitKind kind, CanvasLayout layout, long dataSeed, MultiDigitSizes sizes,
                                  int batchSize, int evalBatchSize) {
    /** Default generation seed. */
    public static final long DEFAULT_DATA_SEED = 1;
    /** ParetoMTL's batch size. */
    public static final int DEFAULT_BATCH_SIZE = 256;
    /** Evaluation batch size (memory only; does not change results). */
    public static final int DEFAULT_EVAL_BATCH_SIZE = 1000;

    /** Validates. */
    public MultiDigitBenchmark {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(sizes, "sizes");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, found " + batchSize);
        }
        if (evalBatchSize < 1) {
            throw new IllegalArgumentException("evalBatchSize must be >= 1, found " + evalBatchSize);
        }
    }

    /**
     * @param kind which benchmark
     * @return PARETO_36 layout, data seed 1, {@link MultiDigitSizes#defaults()}, batch 256
     */
    public static MultiDigitBenchmark defaults(MultiDigitKind kind) {
        return new MultiDigitBenchmark(kind, CanvasLayout.PARETO_36, DEFAULT_DATA_SEED, MultiDigitSizes.defaults(),
                DEFAULT_BATCH_SIZE, DEFAULT_EVAL_BATCH_SIZE);
    }

    /** @return a copy with other sizes */
    public MultiDigitBenchmark withSizes(MultiDigitSizes newSizes) {
        return new MultiDigitBenchmark(kind, layout, dataSeed, newSizes, batchSize, evalBatchSize);
    }

    /** @return a copy with another generation seed */
    public MultiDigitBenchmark withDataSeed(long seed) {
        return new MultiDigitBenchmark(kind, layout, seed, sizes, batchSize, evalBatchSize);
    }

    /** @return a copy with another training batch size */
    public MultiDigitBenchmark withBatchSize(int size) {
        return new MultiDigitBenchmark(kind, layout, dataSeed, sizes, size, evalBatchSize);
    }

    /**
     * @param kind a benchmark
     * @return its command-line name: {@code multi-mnist}, {@code multi-fashion}, {@code multi-fashion-mnist}
     */
    public static String cliName(MultiDigitKind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @param name a command-line name (see {@link #cliName})
     * @return the kind
     * @throws IllegalArgumentException listing the known names
     */
    public static MultiDigitKind kindOf(String name) {
        for (MultiDigitKind k : MultiDigitKind.values()) {
            if (cliName(k).equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown multi-item benchmark '" + name + "'; known: "
                + List.of(MultiDigitKind.values()).stream().map(MultiDigitBenchmark::cliName).toList());
    }

    /**
     * Reads the source data and generates the splits.
     *
     * @param dataDir the data directory filled by {@code scripts/fetch-data.sh}
     * @return the benchmark ready to train on
     * @throws IOException {@link org.mtl4j.benchmarks.data.DatasetNotFoundException} when the data is
     *                     missing (its message says how to fetch it), or a format error
     */
    public LoadedMultiDigitBenchmark load(Path dataDir) throws IOException {
        return new LoadedMultiDigitBenchmark(this, MultiDigitBenchmarkData.load(kind, layout, dataDir, dataSeed, sizes));
    }

    /**
     * @param data splits generated with this benchmark's kind, layout, seed and sizes
     * @return the benchmark ready to train on
     */
    public LoadedMultiDigitBenchmark withData(MultiDigitBenchmarkData data) {
        return new LoadedMultiDigitBenchmark(this, data);
    }
}
