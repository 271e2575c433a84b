package org.mtl4j.core.model.nd4j;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.mtl4j.core.model.FusedHeads;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * m linear task heads {@code ŷ_i = Z_i W_iᵀ + b_i} ({@code W_i : [C_i, D]}) computed together: when
 * all tasks read the same representation Z (hard parameter sharing), one GEMM
 * <pre>
 *   [ŷ_1 | … | ŷ_m] = Z · [W_1; …; W_m]ᵀ + [b_1 | … | b_m]        ([B, D] × [D, Σ C_i])
 * </pre>
 * gives all outputs; task i's output is a column view {@code [B, C_i]} of that buffer. The
 * backward pass is per task (what the per-task Jacobian needs):
 * {@code ∂L/∂W_i = δ_iᵀ Z}, {@code ∂L/∂b_i = 1ᵀ δ_i}, {@code ∂L/∂Z_i = δ_i W_i}, or for all heads
 * at once ({@link #backwardFused}) when only {@code Σ_i w_i ∂L_i/∂Z} is needed.
 *
 * <p>Parameter layout: head after head, each as {@code W_i} ({@code [C_i, D]} row-major) then
 * {@code b_i} — the flat layout of a DL4J {@code DenseLayer} {@code D → C_i}, so weights copy
 * one-to-one from {@code SeparateHeads} of DL4J dense heads. Since biases sit between the weight
 * blocks, each forward first packs the weights and biases into contiguous buffers (two copies
 * of {@code Σ C_i · (D + 1)} numbers when all heads have the same size). Initialisation:
 * Xavier-normal weights and zero biases from the seed.
 *
 * <p>When the representations differ per task (a non-identity task transform, or
 * {@link #forward(int, INDArray, boolean)} for multi-input batches), each head runs its own
 * GEMM into its own buffer. Buffers exist per batch size; nothing is allocated after the first
 * step of a batch size. Returned arrays are internal and valid until the next forward (outputs)
 * or the next backward of the same task (representation gradients). Not thread-safe.
 */
public final class FusedLinearHeads implements FusedHeads {

    /**
     * Configuration of the heads.
     *
     * @param inputSize   D, the representation width (≥ 1)
     * @param outputSizes C_i per task (each ≥ 1; at least one task)
     * @param dataType    FLOAT or DOUBLE
     * @param seed        initialisation seed
     */
    public record Config(int inputSize, List<Integer> outputSizes, DataType dataType, long seed) {
        /** Validates. */
        public Config {
            if (inputSize < 1) {
                throw new IllegalArgumentException("inputSize must be >= 1, found " + inputSize);
            }
            if (outputSizes == null || outputSizes.isEmpty()) {
                throw new IllegalArgumentException("at least one head is needed, found " + outputSizes);
            }
            outputSizes = List.copyOf(outputSizes);
            for (int i = 0; i < outputSizes.size(); i++) {
                if (outputSizes.get(i) < 1) {
                    throw new IllegalArgumentException("output size of head " + i + " must be >= 1, found " + outputSizes.get(i));
                }
            }
            if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
                throw new IllegalArgumentException("dataType must be FLOAT or DOUBLE, found " + dataType);
            }
        }

        /** @return m heads {@code inputSize → outputSize} */
        public static Config uniform(int numTasks, int inputSize, int outputSize, DataType dataType, long seed) {
            if (numTasks < 1) {
                throw new IllegalArgumentException("numTasks must be >= 1, found " + numTasks);
            }
            Integer[] s = new Integer[numTasks];
            Arrays.fill(s, outputSize);
            return new Config(inputSize, List.of(s), dataType, seed);
        }

        /** @return the W1 heads: two heads 256 → 10, float32, seed 1 */
        public static Config defaults() {
            return uniform(2, 256, 10, DataType.FLOAT, 1);
        }
    }

    /** Buffers of one task for one batch size. */
    private final class TaskBuffers {
        final INDArray ones;
        final INDArray out;
        final INDArray dz;
        final INDArray delta;

        TaskBuffers(int task, long b) {
            ones = Nd4j.ones(dt, b, 1);
            out = Nd4j.createUninitialized(dt, b, sizes[task]);
            delta = Nd4j.createUninitialized(dt, b, sizes[task]);
            dz = Nd4j.createUninitialized(dt, b, d);
        }
    }

    /** The fused output buffer of one batch size, its per-task column views and the fused backward's buffers. */
    private final class FusedBuffers {
        final INDArray logits;
        final INDArray[] views;
        final INDArray ones;
        final INDArray scaled;
        final INDArray dz;

        FusedBuffers(long b) {
            logits = Nd4j.createUninitialized(dt, b, totalOut);
            ones = Nd4j.ones(dt, b, 1);
            scaled = Nd4j.createUninitialized(dt, b, totalOut);
            dz = Nd4j.createUninitialized(dt, b, d);
            views = new INDArray[m];
            for (int t = 0; t < m; t++) {
                views[t] = logits.get(NDArrayIndex.all(), NDArrayIndex.interval(outOffset[t], outOffset[t] + sizes[t]));
            }
            addBias = new RowBiasAdd(logits, () -> packB);
            halves = lanes.lanes() == 2 && b >= 2 && totalOut >= 2 ? new Halves(this) : null;
        }

        final Runnable addBias;
        final Halves halves;
    }

    /**
     * Row halves {@code [0, s)}, {@code [s, B)} (s = B/2) of one batch size's buffers, and of the
     * caller's representation and output gradient (rebuilt when another array comes in), for
     * two lanes: the fused forward by batch rows; the fused backward with, per lane, half of the
     * packed heads' weight and bias gradients (column half of the output gradient) and a row half
     * of the representation gradient.
     */
    private final class Halves {
        final long split;
        final INDArray[] logits = new INDArray[2];
        final INDArray[] scaled = new INDArray[2];
        final INDArray[] dz = new INDArray[2];
        final INDArray[] z = new INDArray[2];
        final INDArray[] gradRows = new INDArray[2];
        final INDArray[] gradCols = new INDArray[2];
        final Runnable[] addBias = new Runnable[2];
        private INDArray zKey;
        private INDArray gradKey;

        Halves(FusedBuffers fb) {
            split = fb.logits.size(0) / 2;
            for (int k = 0; k < 2; k++) {
                logits[k] = rows(fb.logits, k);
                addBias[k] = new RowBiasAdd(logits[k], () -> packB);
                scaled[k] = rows(fb.scaled, k);
                dz[k] = rows(fb.dz, k);
            }
        }

        INDArray rows(INDArray a, int k) {
            return LiveViews.rowHalf(a, split, k);
        }

        /** @return whether the representation can be split (a c-order matrix; rebuilt views when it changed) */
        boolean bindRepresentation(INDArray rep) {
            if (rep != zKey) {
                if (!splittable(rep)) {
                    return false;
                }
                z[0] = rows(rep, 0);
                z[1] = rows(rep, 1);
                zKey = rep;
            }
            return true;
        }

        /** @return whether the output gradient can be split (a c-order matrix; rebuilt views when it changed) */
        boolean bindGradient(INDArray g) {
            if (g != gradKey) {
                if (!splittable(g)) {
                    return false;
                }
                gradRows[0] = rows(g, 0);
                gradRows[1] = rows(g, 1);
                int c = totalOut / 2;
                gradCols[0] = LiveViews.block(g, 0, g.size(0), 0, c);
                gradCols[1] = LiveViews.block(g, 0, g.size(0), c, totalOut);
                gradKey = g;
            }
            return true;
        }

        private boolean splittable(INDArray a) {
            return a.ordering() == 'c' && a.stride(1) == 1 && a.stride(0) >= a.size(1);
        }
    }

    private final Config config;
    private final DataType dt;
    private final int m;
    private final int d;
    private final int[] sizes;
    private final long[] paramOffset;
    private final long[] outOffset;
    private final int totalOut;
    private final long numParams;
    private final boolean uniform;
    private final INDArray initialParams;
    private final BatchCache<FusedBuffers> fusedCache = new BatchCache<>(4);
    private final BatchCache<TaskBuffers>[] taskCache;
    private final INDArray[] outputs;
    private final INDArray[] lastRep;
    private final TaskBuffers[] lastBuffers;
    private INDArray params;
    private INDArray gradients;
    private INDArray[] w;
    private INDArray[] b;
    private INDArray[] dw;
    private INDArray[] db;
    private INDArray packW;
    private INDArray packB;
    private INDArray packWBlocks;
    private INDArray packBBlocks;
    private INDArray weightBlocks;
    private INDArray biasBlocks;
    private INDArray packDW;
    private INDArray packDB;
    private INDArray packDWBlocks;
    private INDArray packDBBlocks;
    private INDArray gradWeightBlocks;
    private INDArray gradBiasBlocks;
    private INDArray columnWeights;
    private double[] columnWeightsHost;
    private float[] columnWeightsFloat;
    private FusedBuffers lastFused;
    private final ComputeLanes lanes;
    /** Row halves of the packed weight gradient and column halves of the packed bias gradient (two lanes). */
    private final INDArray[] packDWHalf = new INDArray[2];
    private final INDArray[] packDBHalf = new INDArray[2];

    /** Heads initialised from {@link Config#seed()} (Xavier-normal weights, zero biases). */
    public FusedLinearHeads(Config config) {
        this(config, null);
    }

    /**
     * Heads with given initial parameters in this class's layout.
     *
     * @param config        the configuration
     * @param initialParams vector of length {@link #numParams()}, or null for the seeded initialisation
     */
    public FusedLinearHeads(Config config, INDArray initialParams) {
        this(config, initialParams, ComputeLanes.single());
    }

    /**
     * Heads whose fused forward and backward split over the given lanes (by batch rows, and the
     * packed weight gradients by output columns); same results as on one lane.
     *
     * @param config        the configuration
     * @param initialParams vector of length {@link #numParams()}, or null for the seeded initialisation
     * @param lanes         one or two lanes (shared with the encoder of the model; the caller closes it)
     */
    @SuppressWarnings("unchecked")
    public FusedLinearHeads(Config config, INDArray initialParams, ComputeLanes lanes) {
        this.config = Objects.requireNonNull(config, "config");
        this.lanes = Objects.requireNonNull(lanes, "lanes");
        this.dt = config.dataType();
        this.m = config.outputSizes().size();
        this.d = config.inputSize();
        this.sizes = new int[m];
        this.paramOffset = new long[m + 1];
        this.outOffset = new long[m + 1];
        boolean same = true;
        for (int t = 0; t < m; t++) {
            sizes[t] = config.outputSizes().get(t);
            same &= sizes[t] == sizes[0];
            paramOffset[t + 1] = paramOffset[t] + (long) sizes[t] * d + sizes[t];
            outOffset[t + 1] = outOffset[t] + sizes[t];
        }
        this.uniform = same;
        this.totalOut = Math.toIntExact(outOffset[m]);
        this.numParams = paramOffset[m];
        if (initialParams == null) {
            SplittableRandom rng = new SplittableRandom(config.seed());
            double[] init = new double[Math.toIntExact(numParams)];
            for (int t = 0; t < m; t++) {
                XavierInit.fillWeights(init, (int) paramOffset[t], d, sizes[t], rng);
            }
            this.initialParams = XavierInit.toArray(init, dt);
        } else {
            this.initialParams = LiveViews.initialCopy(initialParams, numParams, dt);
        }
        this.taskCache = new BatchCache[m];
        for (int t = 0; t < m; t++) {
            taskCache[t] = new BatchCache<>(4);
        }
        this.outputs = new INDArray[m];
        this.lastRep = new INDArray[m];
        this.lastBuffers = new TaskBuffers[m];
    }

    /** @return the configuration */
    public Config config() {
        return config;
    }

    @Override
    public int numTasks() {
        return m;
    }

    @Override
    public long numParams(int task) {
        return paramOffset[task + 1] - paramOffset[task];
    }

    @Override
    public long paramOffset(int task) {
        return paramOffset[task];
    }

    @Override
    public long numParams() {
        return numParams;
    }

    @Override
    public DataType dataType() {
        return dt;
    }

    @Override
    public void bind(INDArray paramsView, INDArray gradientsView) {
        LiveViews.bindInitial(paramsView, gradientsView, initialParams, numParams, dt);
        this.params = paramsView;
        this.gradients = gradientsView;
        w = new INDArray[m];
        b = new INDArray[m];
        dw = new INDArray[m];
        db = new INDArray[m];
        for (int t = 0; t < m; t++) {
            long wEnd = paramOffset[t] + (long) sizes[t] * d;
            w[t] = LiveViews.matrix(paramsView, paramOffset[t], sizes[t], d);
            b[t] = LiveViews.matrix(paramsView, wEnd, 1, sizes[t]);
            dw[t] = LiveViews.matrix(gradientsView, paramOffset[t], sizes[t], d);
            db[t] = LiveViews.matrix(gradientsView, wEnd, 1, sizes[t]);
        }
        packW = Nd4j.createUninitialized(dt, totalOut, d);
        packB = Nd4j.createUninitialized(dt, 1, totalOut);
        packDW = Nd4j.createUninitialized(dt, totalOut, d);
        packDB = Nd4j.createUninitialized(dt, 1, totalOut);
        if (totalOut >= 2) {
            int c = totalOut / 2;
            packDWHalf[0] = LiveViews.block(packDW, 0, c, 0, d);
            packDWHalf[1] = LiveViews.block(packDW, c, totalOut, 0, d);
            packDBHalf[0] = LiveViews.block(packDB, 0, 1, 0, c);
            packDBHalf[1] = LiveViews.block(packDB, 0, 1, c, totalOut);
        }
        columnWeights = Nd4j.createUninitialized(dt, totalOut);
        columnWeightsHost = new double[totalOut];
        columnWeightsFloat = new float[totalOut];
        if (uniform) {
            long c = sizes[0];
            INDArray blocks = LiveViews.matrix(paramsView, 0, m, c * d + c);
            weightBlocks = blocks.get(NDArrayIndex.all(), NDArrayIndex.interval(0, c * d));
            biasBlocks = blocks.get(NDArrayIndex.all(), NDArrayIndex.interval(c * d, c * d + c));
            packWBlocks = packW.reshape('c', m, c * d);
            packBBlocks = packB.reshape('c', m, c);
            INDArray gradBlocks = LiveViews.matrix(gradientsView, 0, m, c * d + c);
            gradWeightBlocks = gradBlocks.get(NDArrayIndex.all(), NDArrayIndex.interval(0, c * d));
            gradBiasBlocks = gradBlocks.get(NDArrayIndex.all(), NDArrayIndex.interval(c * d, c * d + c));
            packDWBlocks = packDW.reshape('c', m, c * d);
            packDBBlocks = packDB.reshape('c', m, c);
        }
        lastFused = null;
    }

    /** Copies the heads' weights and biases into the packed buffers of the fused GEMM. */
    private void pack() {
        if (uniform) {
            HostCopy.copyRows(weightBlocks, packWBlocks);
            HostCopy.copyRows(biasBlocks, packBBlocks);
        } else {
            for (int t = 0; t < m; t++) {
                packW.get(NDArrayIndex.interval(outOffset[t], outOffset[t + 1]), NDArrayIndex.all()).assign(w[t]);
                packB.get(NDArrayIndex.point(0), NDArrayIndex.interval(outOffset[t], outOffset[t + 1])).assign(b[t]);
            }
        }
    }

    @Override
    public INDArray[] forward(INDArray[] representations, boolean training) {
        requireBound();
        if (representations.length != m) {
            throw new IllegalArgumentException("expected " + m + " representations, found " + representations.length);
        }
        INDArray z = representations[0];
        boolean shared = true;
        for (int t = 1; t < m; t++) {
            shared &= representations[t] == z;
        }
        if (!shared) {
            for (int t = 0; t < m; t++) {
                forward(t, representations[t], training);
            }
            lastFused = null;
            return outputs;
        }
        checkRepresentation(z);
        long batch = z.size(0);
        FusedBuffers fb = fusedCache.get(batch, FusedBuffers::new);
        pack();
        if (fb.halves != null && fb.halves.bindRepresentation(z)) {
            Halves hv = fb.halves;
            lanes.run(() -> forwardRows(hv, 0), () -> forwardRows(hv, 1));
        } else {
            CpuBlas.gemm(z, packW, fb.logits, false, true, 1.0, 0.0);
            fb.addBias.run();
        }
        for (int t = 0; t < m; t++) {
            outputs[t] = fb.views[t];
            lastRep[t] = z;
            lastBuffers[t] = taskBuffers(t, batch);
        }
        lastFused = fb;
        return outputs;
    }

    @Override
    public INDArray forward(int task, INDArray representation, boolean training) {
        requireBound();
        checkTask(task);
        checkRepresentation(representation);
        TaskBuffers tb = taskBuffers(task, representation.size(0));
        lastFused = null;
        CpuBlas.gemm(representation, w[task], tb.out, false, true, 1.0, 0.0);
        Nd4j.exec(new AddOp(tb.out, b[task], tb.out));
        outputs[task] = tb.out;
        lastRep[task] = representation;
        lastBuffers[task] = tb;
        return tb.out;
    }

    @Override
    public INDArray backward(int task, INDArray outputGradient) {
        requireBound();
        checkTask(task);
        TaskBuffers tb = lastBuffers[task];
        if (tb == null) {
            throw new IllegalStateException("backward of head " + task + " needs a forward first");
        }
        long batch = tb.ones.size(0);
        if (outputGradient.rank() != 2 || outputGradient.size(0) != batch || outputGradient.size(1) != sizes[task]) {
            throw new IllegalArgumentException("output gradient of head " + task + " must have shape [" + batch + ", "
                    + sizes[task] + "], found " + Arrays.toString(outputGradient.shape()));
        }
        if (outputGradient.dataType() != dt) {
            throw new IllegalArgumentException("output gradient must have data type " + dt + ", found " + outputGradient.dataType());
        }
        CpuBlas.gemm(outputGradient, lastRep[task], dw[task], true, false, 1.0, 0.0);
        CpuBlas.columnSums(outputGradient, tb.ones, db[task]);
        CpuBlas.gemm(outputGradient, w[task], tb.dz, false, false, 1.0, 0.0);
        return tb.dz;
    }

    @Override
    public INDArray fusedOutput() {
        return lastFused == null ? null : lastFused.logits;
    }

    @Override
    public long outputOffset(int task) {
        checkTask(task);
        return outOffset[task];
    }

    @Override
    public int outputSize(int task) {
        checkTask(task);
        return sizes[task];
    }

    @Override
    public void backwardHeads(INDArray outputGradient) {
        FusedBuffers fb = checkFusedGradient(outputGradient);
        CpuBlas.gemm(outputGradient, lastRep[0], packDW, true, false, 1.0, 0.0);
        CpuBlas.columnSums(outputGradient, fb.ones, packDB);
        scatterHeadGradients();
    }

    /** Row half k of the fused forward: logits[half] = Z[half] · packWᵀ + packB. */
    private void forwardRows(Halves hv, int k) {
        CpuBlas.gemm(hv.z[k], packW, hv.logits[k], false, true, 1.0, 0.0);
        hv.addBias[k].run();
    }

    /**
     * Lane k's share of the fused backward: the packed weight and bias gradients of output
     * columns half k ({@code Δ[:, half]ᵀ Z}, {@code 1ᵀ Δ[:, half]}) and row half k of the
     * representation gradient ({@code Δ'[half] · packW}).
     */
    private void backwardLane(FusedBuffers fb, int k, INDArray[] deltaRows) {
        Halves hv = fb.halves;
        CpuBlas.gemm(hv.gradCols[k], lastRep[0], packDWHalf[k], true, false, 1.0, 0.0);
        CpuBlas.columnSums(hv.gradCols[k], fb.ones, packDBHalf[k]);
        CpuBlas.gemm(deltaRows[k], packW, hv.dz[k], false, false, 1.0, 0.0);
    }

    /** Copies the packed head gradients into each head's place in the flat gradient layout. */
    private void scatterHeadGradients() {
        if (uniform) {
            HostCopy.copyRows(packDWBlocks, gradWeightBlocks);
            HostCopy.copyRows(packDBBlocks, gradBiasBlocks);
        } else {
            for (int t = 0; t < m; t++) {
                dw[t].assign(packDW.get(NDArrayIndex.interval(outOffset[t], outOffset[t + 1]), NDArrayIndex.all()));
                db[t].assign(packDB.get(NDArrayIndex.point(0), NDArrayIndex.interval(outOffset[t], outOffset[t + 1])));
            }
        }
    }

    /** Checks a fused output gradient against the last fused forward; @return that forward's buffers. */
    private FusedBuffers checkFusedGradient(INDArray outputGradient) {
        requireBound();
        FusedBuffers fb = lastFused;
        if (fb == null) {
            throw new IllegalStateException("the fused backward needs a fused forward (one shared representation) first");
        }
        long batch = fb.logits.size(0);
        if (outputGradient.rank() != 2 || outputGradient.size(0) != batch || outputGradient.size(1) != totalOut) {
            throw new IllegalArgumentException("fused output gradient must have shape [" + batch + ", " + totalOut + "], found "
                    + Arrays.toString(outputGradient.shape()));
        }
        if (outputGradient.dataType() != dt) {
            throw new IllegalArgumentException("output gradient must have data type " + dt + ", found " + outputGradient.dataType());
        }
        return fb;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Three GEMMs for all heads ({@code ΔᵀZ}, {@code 1ᵀΔ}, {@code Δ'·W}), two copies that scatter
     * the packed head gradients into the flat layout, and one broadcast multiplication when some
     * {@code w_i ≠ 1}. Nothing is allocated.
     */
    @Override
    public INDArray backwardFused(INDArray outputGradient, double[] weights) {
        if (weights == null || weights.length != m) {
            throw new IllegalArgumentException("expected " + m + " task weights, found "
                    + (weights == null ? "null" : String.valueOf(weights.length)));
        }
        FusedBuffers fb = checkFusedGradient(outputGradient);
        boolean split = fb.halves != null && fb.halves.bindGradient(outputGradient) && fb.halves.bindRepresentation(lastRep[0]);
        if (!split) {
            backwardHeads(outputGradient);
        }
        boolean unit = true;
        for (double wt : weights) {
            unit &= wt == 1.0;
        }
        INDArray delta = outputGradient;
        if (!unit) {
            for (int t = 0; t < m; t++) {
                Arrays.fill(columnWeightsHost, (int) outOffset[t], (int) outOffset[t + 1], weights[t]);
            }
            if (dt == DataType.DOUBLE) {
                HostCopy.copyIn(columnWeightsHost, totalOut, columnWeights);
            } else {
                for (int k = 0; k < totalOut; k++) {
                    columnWeightsFloat[k] = (float) columnWeightsHost[k];
                }
                HostCopy.copyIn(columnWeightsFloat, totalOut, columnWeights);
            }
            Nd4j.exec(new BroadcastMulOp(outputGradient, columnWeights, fb.scaled, 1));
            delta = fb.scaled;
        }
        if (split) {
            INDArray[] deltaRows = unit ? fb.halves.gradRows : fb.halves.scaled;
            lanes.run(() -> backwardLane(fb, 0, deltaRows), () -> backwardLane(fb, 1, deltaRows));
            scatterHeadGradients();
            return fb.dz;
        }
        CpuBlas.gemm(delta, packW, fb.dz, false, false, 1.0, 0.0);
        return fb.dz;
    }

    @Override
    public INDArray representationGradient(int task, INDArray outputGradient) {
        checkTask(task);
        FusedBuffers fb = checkFusedGradient(outputGradient);
        TaskBuffers tb = taskBuffers(task, fb.logits.size(0));
        tb.delta.assign(outputGradient.get(NDArrayIndex.all(), NDArrayIndex.interval(outOffset[task], outOffset[task + 1])));
        CpuBlas.gemm(tb.delta, packW.get(NDArrayIndex.interval(outOffset[task], outOffset[task + 1]), NDArrayIndex.all()),
                tb.dz, false, false, 1.0, 0.0);
        return tb.dz;
    }

    private TaskBuffers taskBuffers(int task, long batch) {
        return taskCache[task].get(batch, bs -> new TaskBuffers(task, bs));
    }

    private void checkRepresentation(INDArray z) {
        if (z == null) {
            throw new IllegalArgumentException("representation is null; expected [batch, " + d + "]");
        }
        if (z.rank() != 2 || z.size(1) != d || z.size(0) < 1) {
            throw new IllegalArgumentException("representation must have shape [batch >= 1, " + d + "], found "
                    + Arrays.toString(z.shape()));
        }
        if (z.dataType() != dt) {
            throw new IllegalArgumentException("representation must have data type " + dt + ", found " + z.dataType());
        }
    }

    private void checkTask(int task) {
        if (task < 0 || task >= m) {
            throw new IllegalArgumentException("task must be in [0, " + m + "), found " + task);
        }
    }

    private void requireBound() {
        if (params == null) {
            throw new IllegalStateException("heads not bound to a model yet: build an HpsModel with them first");
        }
    }

    /** @return the live parameter view of all heads (after binding) */
    public INDArray params() {
        return params;
    }

    /** @return the live gradient view of all heads (after binding) */
    public INDArray gradients() {
        return gradients;
    }
}
