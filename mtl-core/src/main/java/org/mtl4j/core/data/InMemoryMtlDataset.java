package org.mtl4j.core.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A single-input multi-task data set held in memory: inputs {@code [N, ...]} and one label array
 * {@code [N, ...]} per task. Each epoch uses its own permutation drawn from
 * {@code SplittableRandom(mix(seed, epoch))} (or the natural order when shuffling is off); the
 * last batch may be smaller.
 *
 * <p>Construction rejects NaN/Inf in inputs and labels, naming the array and task.
 */
public final class InMemoryMtlDataset implements MtlDataSource {
    private final INDArray inputs;
    private final List<INDArray> labels;
    private final int batchSize;
    private final boolean shuffle;
    private final long n;
    private int cachedEpoch = -1;
    private long cachedSeed;
    private long[] cachedPerm;
    private String checksum;

    /**
     * @param inputs    inputs {@code [N, ...]}
     * @param labels    labels per task, each {@code [N, ...]}
     * @param batchSize batch size ≥ 1
     * @param shuffle   whether each epoch is shuffled
     */
    public InMemoryMtlDataset(INDArray inputs, List<INDArray> labels, int batchSize, boolean shuffle) {
        if (inputs == null || inputs.rank() < 2 || inputs.size(0) == 0) {
            throw new IllegalArgumentException("inputs must be a non-empty array [N, ...], found "
                    + (inputs == null ? "null" : java.util.Arrays.toString(inputs.shape())));
        }
        if (labels == null || labels.isEmpty()) {
            throw new IllegalArgumentException("labels for at least one task are needed, found " + labels);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, found " + batchSize);
        }
        this.n = inputs.size(0);
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i).size(0) != n) {
                throw new IllegalArgumentException("labels of task " + i + " have " + labels.get(i).size(0)
                        + " rows, expected " + n + " like the inputs");
            }
            requireFinite(labels.get(i), "labels of task " + i);
        }
        requireFinite(inputs, "inputs");
        this.inputs = inputs;
        this.labels = List.copyOf(labels);
        this.batchSize = batchSize;
        this.shuffle = shuffle;
    }

    static void requireFinite(INDArray a, String what) {
        if (a.dataType().isFPType()) {
            boolean bad = a.isNaN().any() || a.isInfinite().any();
            if (bad) {
                throw new IllegalArgumentException(what + " contain NaN or Inf values");
            }
        }
    }

    @Override
    public int numTasks() {
        return labels.size();
    }

    /** @return number of examples N */
    public long size() {
        return n;
    }

    /** @return the batch size */
    public int batchSize() {
        return batchSize;
    }

    @Override
    public int numBatches() {
        return (int) ((n + batchSize - 1) / batchSize);
    }

    /** @return all inputs */
    public INDArray inputs() {
        return inputs;
    }

    /** @return all labels of task {@code task} */
    public INDArray labels(int task) {
        return labels.get(task);
    }

    @Override
    public MtlBatch batch(int epoch, int index, long seed) {
        if (index < 0 || index >= numBatches()) {
            throw new IndexOutOfBoundsException("batch index " + index + " outside [0, " + numBatches() + ")");
        }
        long from = (long) index * batchSize;
        long to = Math.min(n, from + batchSize);
        INDArray x;
        List<INDArray> ys = new ArrayList<>(labels.size());
        if (!shuffle) {
            x = inputs.get(NDArrayIndex.interval(from, to));
            for (INDArray y : labels) {
                ys.add(y.get(NDArrayIndex.interval(from, to)));
            }
        } else {
            long[] perm = permutation(epoch, seed);
            long[] idx = java.util.Arrays.copyOfRange(perm, (int) from, (int) to);
            x = gather(inputs, idx);
            for (INDArray y : labels) {
                ys.add(gather(y, idx));
            }
        }
        return MtlBatch.single(x, ys);
    }

    private static INDArray gather(INDArray a, long[] idx) {
        INDArray out = a.get(NDArrayIndex.indices(idx));
        if (a.rank() == 1) {
            return out.reshape(idx.length);
        }
        return out;
    }

    private synchronized long[] permutation(int epoch, long seed) {
        if (cachedPerm == null || cachedEpoch != epoch || cachedSeed != seed) {
            long[] p = new long[(int) n];
            for (int i = 0; i < p.length; i++) {
                p[i] = i;
            }
            SplittableRandom r = new SplittableRandom(mix(seed, epoch));
            for (int i = p.length - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                long t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
            cachedPerm = p;
            cachedEpoch = epoch;
            cachedSeed = seed;
        }
        return cachedPerm;
    }

    /** Mixes a seed and a stream index into a well-spread 64-bit seed (SplitMix64 finaliser). */
    public static long mix(long seed, long stream) {
        long z = seed + 0x9E3779B97F4A7C15L * (stream + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public synchronized String checksum() {
        if (checksum == null) {
            try {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                digest(md, inputs);
                for (INDArray y : labels) {
                    digest(md, y);
                }
                checksum = HexFormat.of().formatHex(md.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 unavailable", e);
            }
        }
        return checksum;
    }

    private static void digest(MessageDigest md, INDArray a) {
        INDArray f = a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT);
        float[] data = f.dup('c').data().asFloat();
        ByteBuffer bb = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.asFloatBuffer().put(data);
        md.update(bb.array());
        md.update(java.util.Arrays.toString(a.shape()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

}
