package org.mtl4j.benchmarks.multidigit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.mtl4j.benchmarks.data.mnist.ItemPosition;
import org.mtl4j.benchmarks.data.mnist.MultiDigitSplit;
import org.mtl4j.core.data.InMemoryMtlDataset;
import org.mtl4j.core.data.MtlBatch;
import org.mtl4j.core.data.MtlDataSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Serves one {@link MultiDigitSplit} in mini-batches built on demand (images {@code [B, 1, s, s]}
 * float32, one-hot labels {@code [B, 10]} per task), so that only the split's pixels are held in
 * memory.
 *
 * <pre>
 * batch (epoch e, index k, seed s), batch size b, n images:
 *   order = shuffled ? π_{e,s} : identity,   π_{e,s} = Fisher–Yates permutation of 0..n−1 drawn
 *                                             from SplittableRandom(mix(s, e))
 *   rows  = order[k·b, min(n, (k+1)·b))        (the last batch may be smaller)
 *   task t's labels = the item at {@code positions[t]} of each row
 * </pre>
 *
 * A batch is a pure function of (epoch, index, seed), as {@link MtlDataSource} requires. The
 * {@link #checksum()} is the split's content checksum. The last permutation is cached, so a
 * source may be shared between runs but not used from two threads at once.
 */
public final class MultiDigitDataSource implements MtlDataSource {
    private final MultiDigitSplit split;
    private final List<ItemPosition> positions;
    private final int batchSize;
    private final boolean shuffled;
    private int cachedEpoch = -1;
    private long cachedSeed;
    private int[] cachedOrder;

    /**
     * @param split     the images and labels
     * @param positions the item whose class each task predicts, in task order (non-empty, no repeats)
     * @param batchSize batch size ≥ 1
     * @param shuffled  whether every epoch visits the images in a fresh random order
     */
    public MultiDigitDataSource(MultiDigitSplit split, List<ItemPosition> positions, int batchSize, boolean shuffled) {
        this.split = Objects.requireNonNull(split, "split");
        Objects.requireNonNull(positions, "positions");
        if (positions.isEmpty() || positions.stream().anyMatch(Objects::isNull)
                || positions.size() != positions.stream().distinct().count()) {
            throw new IllegalArgumentException("positions must be non-empty and distinct, found " + positions);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, found " + batchSize);
        }
        this.positions = List.copyOf(positions);
        this.batchSize = batchSize;
        this.shuffled = shuffled;
    }

    /** @return a shuffled source over both tasks (top-left, bottom-right), for training */
    public static MultiDigitDataSource training(MultiDigitSplit split, int batchSize) {
        return new MultiDigitDataSource(split, List.of(ItemPosition.values()), batchSize, true);
    }

    /** @return a source over both tasks in storage order, for evaluation */
    public static MultiDigitDataSource evaluation(MultiDigitSplit split, int batchSize) {
        return new MultiDigitDataSource(split, List.of(ItemPosition.values()), batchSize, false);
    }

    /**
     * @param keep the positions to keep, in the new task order
     * @return a source over the same split and order that serves only those tasks (e.g. a
     *         single-task baseline)
     */
    public MultiDigitDataSource restrictedTo(List<ItemPosition> keep) {
        return new MultiDigitDataSource(split, keep, batchSize, shuffled);
    }

    /** @return the split served */
    public MultiDigitSplit split() {
        return split;
    }

    /** @return the item position of each task */
    public List<ItemPosition> positions() {
        return positions;
    }

    /** @return the batch size */
    public int batchSize() {
        return batchSize;
    }

    /** @return whether epochs are shuffled */
    public boolean shuffled() {
        return shuffled;
    }

    @Override
    public int numTasks() {
        return positions.size();
    }

    @Override
    public int numBatches() {
        return (split.size() + batchSize - 1) / batchSize;
    }

    @Override
    public MtlBatch batch(int epoch, int index, long seed) {
        if (index < 0 || index >= numBatches()) {
            throw new IndexOutOfBoundsException("batch index must be in [0, " + numBatches() + "), found " + index);
        }
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, found " + epoch);
        }
        int from = index * batchSize;
        int to = Math.min(split.size(), from + batchSize);
        int[] rows;
        if (shuffled) {
            rows = Arrays.copyOfRange(permutation(epoch, seed), from, to);
        } else {
            rows = new int[to - from];
            Arrays.setAll(rows, i -> from + i);
        }
        INDArray x = split.imagesNchw(rows);
        List<INDArray> labels = new ArrayList<>(positions.size());
        for (ItemPosition p : positions) {
            labels.add(split.oneHot(p, rows));
        }
        return MtlBatch.single(x, labels);
    }

    /**
     * @param epoch epoch
     * @param seed  seed
     * @return a copy of the image order of that epoch (the identity when not shuffled)
     */
    public int[] order(int epoch, long seed) {
        if (!shuffled) {
            int[] id = new int[split.size()];
            Arrays.setAll(id, i -> i);
            return id;
        }
        return permutation(epoch, seed).clone();
    }

    private synchronized int[] permutation(int epoch, long seed) {
        if (cachedOrder == null || cachedEpoch != epoch || cachedSeed != seed) {
            int[] p = new int[split.size()];
            Arrays.setAll(p, i -> i);
            SplittableRandom rng = new SplittableRandom(InMemoryMtlDataset.mix(seed, epoch));
            for (int i = p.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
            cachedOrder = p;
            cachedEpoch = epoch;
            cachedSeed = seed;
        }
        return cachedOrder;
    }

    @Override
    public String checksum() {
        return split.checksum();
    }
}
