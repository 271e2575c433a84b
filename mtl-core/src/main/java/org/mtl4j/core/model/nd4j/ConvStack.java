package org.mtl4j.core.model.nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.mtl4j.core.model.Module;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarReverseSubtraction;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Max;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.api.ops.impl.transforms.same.Sign;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A convolutional encoder written directly on ND4J operations (no DL4J layers): convolution
 * blocks, then an optional {@link DenseStack} tail. Block l maps {@code [C_in, H, W]} images to
 * {@code [C_out, H', W']}:
 * <pre>
 *   z = W ⋆ h + b     k×k cross-correlation, stride s, h zero-padded by q:  z[o,y,x] = b[o] + Σ_{c,i,j} W[o,c,i,j] h[c,sy+i−q,sx+j−q]
 *   a = σ(z)          ({@link DenseActivation})
 *   h' = maxpool_p(a) p×p windows, stride p (p = 1: no pooling); H' = (⌊(H + 2q − k)/s⌋ + 1)/p
 * </pre>
 * and the last block's output is flattened in (c, y, x) order into the tail's input. This is the
 * LeNet family of the multi-item image benchmarks (ParetoMTL, MGDA-UB); since every supported σ is
 * non-decreasing, pooling before or after σ is the same function.
 *
 * <p>Computation: im2col + GEMM in a channel-major layout {@code [C, B, H, W]}. The forward copies
 * the k² · C_in shifted windows of the block's input into the rows of {@code col}
 * ({@code [C_in·k·k, B·H_o·W_o]}, one strided copy per row) and forms all pre-activations in one GEMM
 * {@code Z = W col} ({@code [C_out, B·H_o·W_o]}); a backward pass for an output gradient is
 * <pre>
 *   δz = δa ⊙ σ'(z) ⊙ M                 M: first maximum of each pooling window (row-major scan, as PyTorch)
 *   ∂L/∂W = δz colᵀ,   ∂L/∂b = δz 1,   ∂L/∂h = col2im(Wᵀ δz) = W ⋆ᵀ δz   (transposed convolution)
 * </pre>
 * so the im2col matrices of the forward serve every backward pass (one per task for the per-task
 * Jacobian), and {@code σ' ⊙ M} is formed once per forward, at the first backward. The first
 * block's input gradient is skipped unless asked for. Inference forwards ({@code training = false})
 * keep nothing and run libnd4j's {@code conv2d} and {@code maxpool2d} ops instead (faster, and no
 * im2col matrix for evaluation batches); a backward after one reruns the training forward of the
 * blocks on the same input.
 *
 * <p>Parameter layout: per block the bias {@code [C_out]}, then the weight {@code [C_out, C_in, k, k]}
 * row-major (the flat parameters of a DL4J {@code ConvolutionLayer}), then the dense tail in
 * {@link DenseStack}'s layout; so the flat parameters of a DL4J {@code MultiLayerNetwork} of
 * convolution, max-pooling and dense layers of the same sizes can be passed as initial parameters.
 * Seeded initialisation: PyTorch's default for convolutions, {@code W, b ~ U(−1/√fanIn, 1/√fanIn)}
 * with {@code fanIn = C_in k²}, and the tail's own (Xavier) initialisation.
 *
 * <p>Buffers exist per batch size (three sizes are kept, e.g. training, last partial batch and
 * evaluation); the backward buffers are created at the first backward of a batch size. Nothing is
 * allocated once a batch size has been seen. Not thread-safe.
 */
public final class ConvStack implements Module {

    /**
     * One convolution block.
     *
     * @param channels   output channels ≥ 1
     * @param kernel     square kernel side ≥ 1 (stride 1, no padding)
     * @param activation element-wise activation after the convolution
     * @param pool       max-pooling window and stride ≥ 1 (1 = no pooling)
     * @param padding    zeros added on each side of the block's input ≥ 0 (PyTorch's {@code padding})
     * @param stride     step of the kernel ≥ 1; rows and columns the last window does not reach are
     *                   left out, as PyTorch and DL4J's {@code Truncate} mode do
     */
    public record ConvSpec(int channels, int kernel, DenseActivation activation, int pool, int padding, int stride) {
        /** Validates. */
        public ConvSpec {
            if (channels < 1) {
                throw new IllegalArgumentException("channels must be >= 1, found " + channels);
            }
            if (kernel < 1) {
                throw new IllegalArgumentException("kernel must be >= 1, found " + kernel);
            }
            Objects.requireNonNull(activation, "activation");
            if (pool < 1) {
                throw new IllegalArgumentException("pool must be >= 1 (1 = no pooling), found " + pool);
            }
            if (padding < 0) {
                throw new IllegalArgumentException("padding must be >= 0, found " + padding);
            }
            if (stride < 1) {
                throw new IllegalArgumentException("stride must be >= 1, found " + stride);
            }
        }

        /**
         * A block with stride 1.
         *
         * @param channels   output channels
         * @param kernel     kernel side
         * @param activation activation
         * @param pool       max-pooling window (1 = none)
         * @param padding    zero padding on each side
         */
        public ConvSpec(int channels, int kernel, DenseActivation activation, int pool, int padding) {
            this(channels, kernel, activation, pool, padding, 1);
        }

        /**
         * @param in input height or width
         * @return the convolution's output height or width, {@code ⌊(in + 2·padding − kernel)/stride⌋ + 1},
         *         or a value below 1 when the kernel does not fit
         */
        public int outputSide(int in) {
            int span = in + 2 * padding - kernel;
            return span < 0 ? 0 : span / stride + 1;
        }

        /**
         * A block without padding.
         *
         * @param channels   output channels
         * @param kernel     kernel side
         * @param activation activation
         * @param pool       max-pooling window (1 = none)
         */
        public ConvSpec(int channels, int kernel, DenseActivation activation, int pool) {
            this(channels, kernel, activation, pool, 0, 1);
        }

        /**
         * @param channels output channels
         * @param kernel   kernel side
         * @param pool     max-pooling window (1 = none)
         * @return a ReLU block
         */
        public static ConvSpec relu(int channels, int kernel, int pool) {
            return new ConvSpec(channels, kernel, DenseActivation.relu(), pool);
        }
    }

    /**
     * Configuration.
     *
     * @param inputChannels channels of the input images ≥ 1
     * @param inputHeight   input height ≥ 1
     * @param inputWidth    input width ≥ 1
     * @param convs         the convolution blocks, at least one
     * @param dense         the dense tail after flattening (may be empty)
     * @param dataType      FLOAT or DOUBLE
     * @param seed          initialisation seed
     */
    public record Config(int inputChannels, int inputHeight, int inputWidth, List<ConvSpec> convs,
                         List<DenseStack.LayerSpec> dense, DataType dataType, long seed) {
        /** Validates the sizes and that every block's output fits its pooling windows exactly. */
        public Config {
            if (inputChannels < 1 || inputHeight < 1 || inputWidth < 1) {
                throw new IllegalArgumentException("input channels, height and width must be >= 1, found " + inputChannels
                        + "x" + inputHeight + "x" + inputWidth);
            }
            convs = List.copyOf(Objects.requireNonNull(convs, "convs"));
            dense = List.copyOf(Objects.requireNonNull(dense, "dense"));
            if (convs.isEmpty()) {
                throw new IllegalArgumentException("at least one convolution block is needed");
            }
            if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
                throw new IllegalArgumentException("dataType must be FLOAT or DOUBLE, found " + dataType);
            }
            int h = inputHeight;
            int w = inputWidth;
            for (int l = 0; l < convs.size(); l++) {
                ConvSpec s = convs.get(l);
                int ho = s.outputSide(h);
                int wo = s.outputSide(w);
                if (ho < 1 || wo < 1) {
                    throw new IllegalArgumentException("block " + l + ": kernel " + s.kernel() + " does not fit its " + h + "x"
                            + w + " input with padding " + s.padding());
                }
                if (ho % s.pool() != 0 || wo % s.pool() != 0) {
                    throw new IllegalArgumentException("block " + l + ": its " + ho + "x" + wo
                            + " convolution output is not divisible by the pooling window " + s.pool());
                }
                h = ho / s.pool();
                w = wo / s.pool();
            }
        }

        /** @return features after the last block, flattened (the dense tail's input size) */
        public int flattenedSize() {
            int h = inputHeight;
            int w = inputWidth;
            for (ConvSpec s : convs) {
                h = s.outputSide(h) / s.pool();
                w = s.outputSide(w) / s.pool();
            }
            return convs.get(convs.size() - 1).channels() * h * w;
        }

        /** @return width of the encoder's output */
        public int outputSize() {
            return dense.isEmpty() ? flattenedSize() : dense.get(dense.size() - 1).size();
        }
    }

    private final Config config;
    private final DataType dt;
    private final int blocks;
    private final int[] cIn;
    private final int[] hIn;
    private final int[] wIn;
    private final int[] cOut;
    private final int[] kernel;
    private final int[] hOut;
    private final int[] wOut;
    private final int[] pool;
    private final int[] pad;
    private final int[] stride;
    private final int[] kRows;
    private final long[] offsets;
    private final DenseActivation[] activation;
    private final DenseStack tail;
    private final long numParams;
    private final INDArray initialParams;
    private BatchCache<Buffers> cache = new BatchCache<>(3);
    private BatchCache<EvalBuffers> evalCache = new BatchCache<>(2);
    private INDArray evalInput;
    private INDArray params;
    private INDArray gradients;
    private INDArray[] w;
    private INDArray[] b;
    private INDArray[] dw;
    private INDArray[] db;
    private Buffers buf;
    private boolean inputWasFlat;
    private boolean factorsReady;

    /** A stack initialised from {@link Config#seed()}. */
    public ConvStack(Config config) {
        this(config, null);
    }

    /**
     * @param config        the configuration
     * @param initialParams rank-1 or row vector of length {@link #numParams()} in this class's layout
     *                      (e.g. {@code network.params()} of the equivalent DL4J network), any floating
     *                      type; null for the seeded initialisation
     */
    public ConvStack(Config config, INDArray initialParams) {
        this.config = Objects.requireNonNull(config, "config");
        this.dt = config.dataType();
        this.blocks = config.convs().size();
        cIn = new int[blocks];
        hIn = new int[blocks];
        wIn = new int[blocks];
        cOut = new int[blocks];
        kernel = new int[blocks];
        hOut = new int[blocks];
        wOut = new int[blocks];
        pool = new int[blocks];
        pad = new int[blocks];
        stride = new int[blocks];
        kRows = new int[blocks];
        offsets = new long[blocks + 1];
        activation = new DenseActivation[blocks];
        int c = config.inputChannels();
        int h = config.inputHeight();
        int wd = config.inputWidth();
        for (int l = 0; l < blocks; l++) {
            ConvSpec s = config.convs().get(l);
            cIn[l] = c;
            hIn[l] = h;
            wIn[l] = wd;
            cOut[l] = s.channels();
            kernel[l] = s.kernel();
            pad[l] = s.padding();
            stride[l] = s.stride();
            hOut[l] = s.outputSide(h);
            wOut[l] = s.outputSide(wd);
            pool[l] = s.pool();
            kRows[l] = c * s.kernel() * s.kernel();
            activation[l] = s.activation();
            offsets[l + 1] = offsets[l] + cOut[l] + (long) cOut[l] * kRows[l];
            c = s.channels();
            h = hOut[l] / s.pool();
            wd = wOut[l] / s.pool();
        }
        long convParams = offsets[blocks];
        SplittableRandom root = new SplittableRandom(config.seed());
        DenseStack.Config tailConfig = config.dense().isEmpty() ? null
                : new DenseStack.Config(config.flattenedSize(), config.dense(), dt, root.split().nextLong());
        long tailParams = tailConfig == null ? 0 : new DenseStack(tailConfig).numParams();
        this.numParams = convParams + tailParams;
        if (initialParams == null) {
            double[] init = new double[Math.toIntExact(convParams)];
            for (int l = 0; l < blocks; l++) {
                double bound = 1.0 / Math.sqrt(kRows[l]);
                long wEnd = offsets[l + 1];
                long bOff = offsets[l];
                // PyTorch draws W before b; the layout stores b first
                for (long i = bOff + cOut[l]; i < wEnd; i++) {
                    init[(int) i] = (2 * root.nextDouble() - 1) * bound;
                }
                for (long i = bOff; i < bOff + cOut[l]; i++) {
                    init[(int) i] = (2 * root.nextDouble() - 1) * bound;
                }
            }
            this.tail = tailConfig == null ? null : new DenseStack(tailConfig);
            INDArray conv = XavierInit.toArray(init, dt);
            this.initialParams = tail == null ? conv
                    : Nd4j.concat(0, conv, Nd4j.create(dt, tailParams)).reshape(numParams);
        } else {
            this.initialParams = LiveViews.initialCopy(initialParams, numParams, dt);
            this.tail = tailConfig == null ? null
                    : new DenseStack(tailConfig, this.initialParams.get(NDArrayIndex.interval(convParams, numParams)));
        }
    }

    /** @return the configuration */
    public Config config() {
        return config;
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
    public long[] layerSizes() {
        long[] tailSizes = tail == null ? new long[0] : tail.layerSizes();
        long[] out = new long[blocks + tailSizes.length];
        for (int l = 0; l < blocks; l++) {
            out[l] = offsets[l + 1] - offsets[l];
        }
        System.arraycopy(tailSizes, 0, out, blocks, tailSizes.length);
        return out;
    }

    @Override
    public long[] tensorSizes() {
        long[] tailSizes = tail == null ? new long[0] : tail.tensorSizes();
        long[] out = new long[2 * blocks + tailSizes.length];
        for (int l = 0; l < blocks; l++) {
            out[2 * l] = cOut[l];
            out[2 * l + 1] = (long) cOut[l] * kRows[l];
        }
        System.arraycopy(tailSizes, 0, out, 2 * blocks, tailSizes.length);
        return out;
    }

    @Override
    public void bind(INDArray paramsView, INDArray gradientsView) {
        LiveViews.bindInitial(paramsView, gradientsView, initialParams, numParams, dt);
        this.params = paramsView;
        this.gradients = gradientsView;
        w = new INDArray[blocks];
        b = new INDArray[blocks];
        dw = new INDArray[blocks];
        db = new INDArray[blocks];
        for (int l = 0; l < blocks; l++) {
            b[l] = LiveViews.matrix(paramsView, offsets[l], cOut[l], 1);
            w[l] = LiveViews.matrix(paramsView, offsets[l] + cOut[l], cOut[l], kRows[l]);
            db[l] = LiveViews.matrix(gradientsView, offsets[l], cOut[l], 1);
            dw[l] = LiveViews.matrix(gradientsView, offsets[l] + cOut[l], cOut[l], kRows[l]);
        }
        if (tail != null) {
            long from = offsets[blocks];
            int n = Math.toIntExact(numParams - from);
            tail.bind(LiveViews.matrix(paramsView, from, 1, n), LiveViews.matrix(gradientsView, from, 1, n));
        }
        // buffers hold ops on the old views
        cache = new BatchCache<>(3);
        evalCache = new BatchCache<>(2);
        buf = null;
        evalInput = null;
    }

    @Override
    public INDArray params() {
        return params;
    }

    @Override
    public INDArray gradients() {
        return gradients;
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        if (params == null) {
            throw new IllegalStateException("bind must be called before forward");
        }
        int c0 = config.inputChannels();
        int h0 = config.inputHeight();
        int w0 = config.inputWidth();
        long flatSize = (long) c0 * h0 * w0;
        boolean flat = x.rank() == 2 && x.size(1) == flatSize;
        boolean image = x.rank() == 4 && x.size(1) == c0 && x.size(2) == h0 && x.size(3) == w0;
        if (!flat && !image) {
            throw new IllegalArgumentException("input must have shape [batch, " + c0 + ", " + h0 + ", " + w0 + "] or [batch, "
                    + flatSize + "], found " + Arrays.toString(x.shape()));
        }
        if (x.size(0) < 1) {
            throw new IllegalArgumentException("input batch is empty, shape " + Arrays.toString(x.shape()));
        }
        inputWasFlat = flat;
        INDArray images = flat ? x.reshape(x.size(0), c0, h0, w0) : x;
        if (!training) {
            // inference: libnd4j's convolution and pooling ops, no im2col matrices to keep
            EvalBuffers e = evalCache.get(x.size(0), EvalBuffers::new);
            e.input.assign(images);
            e.run();
            evalInput = e.input;
            buf = null;
            return tail == null ? e.flat : tail.forward(e.flat, false);
        }
        evalInput = null;
        trainingForward(images);
        return tail == null ? buf.flat : tail.forward(buf.flat, true);
    }

    /** The blocks' forward that keeps what backward passes need (im2col matrices, activations). */
    private void trainingForward(INDArray images) {
        buf = cache.get(images.size(0), Buffers::new);
        buf.inputImages.assign(images);
        for (int l = 0; l < blocks; l++) {
            for (Runnable copy : buf.im2col[l]) {
                copy.run();
            }
            Nd4j.gemm(w[l], buf.col[l], buf.z[l], false, false, 1.0, 0.0);
            Nd4j.exec(buf.biasOps[l]);
            buf.activationOps[l].run();
            if (pool[l] > 1) {
                for (int k = 0; k < buf.zWindows[l].length; k++) {
                    buf.windowCopies[l][k].assign(buf.zWindows[l][k]);
                }
                for (Max op : buf.poolOps[l]) {
                    Nd4j.exec(op);
                }
            }
        }
        buf.flatChannelMajor.assign(buf.pooled[blocks - 1]);
        factorsReady = false;
    }

    @Override
    public INDArray backward(INDArray outputGradient, boolean needInputGradient) {
        if (buf == null && evalInput != null) {
            // a backward after an inference forward: the blocks' training forward on the same input
            // (same function; the tail keeps its own forward)
            trainingForward(evalInput);
            evalInput = null;
        }
        if (buf == null) {
            throw new IllegalStateException("backward needs a forward first");
        }
        long batch = buf.batch;
        int outWidth = config.outputSize();
        if (outputGradient.rank() != 2 || outputGradient.size(0) != batch || outputGradient.size(1) != outWidth) {
            throw new IllegalArgumentException("output gradient must have shape [" + batch + ", " + outWidth + "], found "
                    + Arrays.toString(outputGradient.shape()));
        }
        if (outputGradient.dataType() != dt) {
            throw new IllegalArgumentException("output gradient must have data type " + dt + ", found " + outputGradient.dataType());
        }
        Backward bw = buf.backward();
        if (!factorsReady) {
            for (Runnable op : bw.factorOps) {
                op.run();
            }
            factorsReady = true;
        }
        INDArray gFlat = tail == null ? outputGradient : tail.backward(outputGradient, true);
        bw.lastOutputGradient.assign(bw.channelMajor(gFlat));
        for (int l = blocks - 1; l >= 0; l--) {
            for (Runnable op : bw.deltaOps[l]) {
                op.run();
            }
            Nd4j.gemm(bw.gz[l], buf.col[l], dw[l], false, true, 1.0, 0.0);
            Nd4j.gemm(bw.gz[l], bw.ones[l], db[l], false, false, 1.0, 0.0);
            if (l > 0 || needInputGradient) {
                bw.inputGradient(l).run();
            }
        }
        if (!needInputGradient) {
            return null;
        }
        INDArray images = bw.inputGradientImages[0];
        return inputWasFlat ? images.reshape(batch, (long) cIn[0] * hIn[0] * wIn[0]) : images;
    }

    /** @return the output height (or width) of block l after pooling */
    private int outSide(int l, boolean height) {
        return (height ? hOut[l] : wOut[l]) / pool[l];
    }

    /**
     * Inference buffers and ops for one batch size: libnd4j's {@code conv2d} (oneDNN on the CPU
     * backend, weights in DL4J's {@code [C_out, C_in, k, k]} layout) and {@code maxpool2d} in image
     * layout {@code [B, C, H, W]}; the last block's output is already in the flattened (c, y, x) order.
     */
    private final class EvalBuffers {
        final INDArray input;
        final INDArray flat;
        private final Runnable[] ops;

        EvalBuffers(long batch) {
            input = Nd4j.createUninitialized(dt, batch, cIn[0], hIn[0], wIn[0]);
            List<Runnable> list = new ArrayList<>();
            INDArray in = input;
            for (int l = 0; l < blocks; l++) {
                INDArray conv = Nd4j.createUninitialized(dt, batch, cOut[l], hOut[l], wOut[l]);
                DynamicCustomOp convolution = DynamicCustomOp.builder("conv2d")
                        .addInputs(in, w[l].reshape('c', cOut[l], cIn[l], kernel[l], kernel[l]), b[l].reshape(cOut[l]))
                        .addOutputs(conv).addIntegerArguments(kernel[l], kernel[l], stride[l], stride[l], pad[l], pad[l], 1, 1, 0, 0, 1)
                        .build();
                list.add(() -> Nd4j.exec(convolution));
                list.add(activation[l].inPlaceOp(conv));
                INDArray out = conv;
                int p = pool[l];
                if (p > 1) {
                    out = Nd4j.createUninitialized(dt, batch, cOut[l], hOut[l] / p, wOut[l] / p);
                    DynamicCustomOp maxPool = DynamicCustomOp.builder("maxpool2d").addInputs(conv).addOutputs(out)
                            .addIntegerArguments(p, p, p, p, 0, 0, 1, 1, 0, 0, 0).build();
                    list.add(() -> Nd4j.exec(maxPool));
                }
                in = out;
            }
            flat = in.reshape('c', batch, config.flattenedSize());
            ops = list.toArray(new Runnable[0]);
        }

        void run() {
            for (Runnable op : ops) {
                op.run();
            }
        }
    }

    /** Forward buffers and ops for one batch size. */
    private final class Buffers {
        final long batch;
        /** the input in channel-major layout [C, B, H, W], viewed as [B, C, H, W] for the copy in */
        final INDArray inputChannelMajor;
        final INDArray inputImages;
        /** per block: im2col matrix [C_in·k·k, B·H_o·W_o] */
        final INDArray[] col;
        /** per block: the copy into the zero-padded input (if padded), then one strided copy per row of col */
        final Runnable[][] im2col;
        /** per block: activations a = σ(z) [C_out, B·H_o·W_o] (in place of z) */
        final INDArray[] z;
        /** per block: output [C_out, B, H_p, W_p] (a view of z when there is no pooling) */
        final INDArray[] pooled;
        /** per block: the p² strided window views of a, each [C_out, B, H_p, W_p] (row-major window order) */
        final INDArray[][] zWindows;
        /**
         * per block with pooling: contiguous copies of the windows (ND4J's element-wise ops are several
         * times slower on strided views than on contiguous arrays; its copies are not)
         */
        final INDArray[][] windowCopies;
        final AddOp[] biasOps;
        final Runnable[] activationOps;
        final Max[][] poolOps;
        /** flattened output of the last block [B, C·H·W] in (c, y, x) order, and its channel-major view */
        final INDArray flat;
        final INDArray flatChannelMajor;
        private Backward backward;

        Buffers(long batch) {
            this.batch = batch;
            inputChannelMajor = Nd4j.createUninitialized(dt, cIn[0], batch, hIn[0], wIn[0]);
            inputImages = inputChannelMajor.permute(1, 0, 2, 3);
            col = new INDArray[blocks];
            im2col = new Runnable[blocks][];
            z = new INDArray[blocks];
            pooled = new INDArray[blocks];
            zWindows = new INDArray[blocks][];
            windowCopies = new INDArray[blocks][];
            biasOps = new AddOp[blocks];
            activationOps = new Runnable[blocks];
            poolOps = new Max[blocks][];
            INDArray in = inputChannelMajor;
            for (int l = 0; l < blocks; l++) {
                long n = batch * hOut[l] * wOut[l];
                col[l] = Nd4j.createUninitialized(dt, kRows[l], n);
                List<Runnable> copies = new ArrayList<>();
                if (pad[l] > 0) {
                    // zero borders once; each forward copies the block input into the interior
                    INDArray padded = Nd4j.zeros(dt, cIn[l], batch, hIn[l] + 2L * pad[l], wIn[l] + 2L * pad[l]);
                    INDArray interior = padded.get(NDArrayIndex.all(), NDArrayIndex.all(),
                            NDArrayIndex.interval(pad[l], pad[l] + hIn[l]), NDArrayIndex.interval(pad[l], pad[l] + wIn[l]));
                    INDArray source = in;
                    copies.add(() -> interior.assign(source));
                    in = padded;
                }
                INDArray[] src = windows(in, l);
                for (int r = 0; r < kRows[l]; r++) {
                    INDArray dst = col[l].getRow(r).reshape('c', batch, hOut[l], wOut[l]);
                    INDArray s = src[r];
                    copies.add(() -> dst.assign(s));
                }
                im2col[l] = copies.toArray(new Runnable[0]);
                z[l] = Nd4j.createUninitialized(dt, cOut[l], n);
                biasOps[l] = new AddOp(z[l], b[l], z[l]);
                activationOps[l] = activation[l].inPlaceOp(z[l]);
                int p = pool[l];
                zWindows[l] = poolWindows(z[l], l);
                if (p > 1) {
                    pooled[l] = Nd4j.createUninitialized(dt, cOut[l], batch, hOut[l] / p, wOut[l] / p);
                    windowCopies[l] = new INDArray[p * p];
                    for (int k = 0; k < p * p; k++) {
                        windowCopies[l][k] = Nd4j.createUninitialized(dt, cOut[l], batch, hOut[l] / p, wOut[l] / p);
                    }
                    poolOps[l] = new Max[p * p - 1];
                    poolOps[l][0] = new Max(windowCopies[l][0], windowCopies[l][1], pooled[l]);
                    for (int k = 2; k < p * p; k++) {
                        poolOps[l][k - 1] = new Max(pooled[l], windowCopies[l][k], pooled[l]);
                    }
                } else {
                    pooled[l] = z[l].reshape('c', cOut[l], batch, hOut[l], wOut[l]);
                    windowCopies[l] = zWindows[l];
                    poolOps[l] = new Max[0];
                }
                in = pooled[l];
            }
            int last = blocks - 1;
            flat = Nd4j.createUninitialized(dt, batch, config.flattenedSize());
            flatChannelMajor = flat.reshape('c', batch, cOut[last], outSide(last, true), outSide(last, false))
                    .permute(1, 0, 2, 3);
        }

        Backward backward() {
            if (backward == null) {
                backward = new Backward(this);
            }
            return backward;
        }

        /**
         * @return for each im2col row r = (c, i, j) the view {@code in[c, :, i::s, j::s]} (H_o × W_o positions) of the
         *         channel-major (padded) block input {@code in} ([C_in, B, H, W]), shape [B, H_o, W_o]
         */
        INDArray[] windows(INDArray in, int l) {
            INDArray[] out = new INDArray[kRows[l]];
            int k = kernel[l];
            int r = 0;
            for (int c = 0; c < cIn[l]; c++) {
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j < k; j++) {
                        int st = stride[l];
                        out[r++] = in.get(NDArrayIndex.point(c), NDArrayIndex.all(),
                                NDArrayIndex.interval(i, st, i + (long) st * (hOut[l] - 1) + 1),
                                NDArrayIndex.interval(j, st, j + (long) st * (wOut[l] - 1) + 1));
                    }
                }
            }
            return out;
        }

        /** @return the p² window views of a [C_out, B·H_o·W_o] block array, each [C_out, B, H_p, W_p] */
        INDArray[] poolWindows(INDArray a, int l) {
            int p = pool[l];
            if (p == 1) {
                return new INDArray[] {a.reshape('c', cOut[l], batch, hOut[l], wOut[l])};
            }
            INDArray six = a.reshape('c', cOut[l], batch, hOut[l] / p, p, wOut[l] / p, p);
            INDArray[] out = new INDArray[p * p];
            for (int u = 0; u < p; u++) {
                for (int v = 0; v < p; v++) {
                    out[u * p + v] = six.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(u),
                            NDArrayIndex.all(), NDArrayIndex.point(v));
                }
            }
            return out;
        }
    }

    /** Backward buffers and ops for one batch size, made at its first backward. */
    private final class Backward {
        /** per block and pooling window: σ'(z) ⊙ M, contiguous [C_out, B, H_p, W_p]; the ops forming them after each forward */
        final INDArray[][] factor;
        final Runnable[] factorOps;
        /** per block: ∂L/∂(block output) [C_out, B, H_p, W_p] */
        final INDArray[] outputGradient;
        final INDArray lastOutputGradient;
        /** per block: ∂L/∂z [C_out, B·H_o·W_o] and the ops δz = δa ⊙ factor (per pooling window) */
        final INDArray[] gz;
        final Runnable[][] deltaOps;
        final INDArray[] ones;
        private final Buffers forward;
        /** per block: ∂L/∂z in image layout [B, C_out, H_o, W_o] and ∂L/∂(block input) [B, C_in, H, W], made on first use */
        private final INDArray[] gzImages;
        final INDArray[] inputGradientImages;
        private final Runnable[] inputGradientOps;
        private INDArray flatKey;
        private INDArray flatView;

        Backward(Buffers f) {
            this.forward = f;
            long batch = f.batch;
            factor = new INDArray[blocks][];
            outputGradient = new INDArray[blocks];
            gz = new INDArray[blocks];
            deltaOps = new Runnable[blocks][];
            ones = new INDArray[blocks];
            gzImages = new INDArray[blocks];
            inputGradientImages = new INDArray[blocks];
            inputGradientOps = new Runnable[blocks];
            List<Runnable> ops = new ArrayList<>();
            for (int l = 0; l < blocks; l++) {
                int p = pool[l];
                long n = batch * hOut[l] * wOut[l];
                long[] pooledShape = {cOut[l], batch, hOut[l] / p, wOut[l] / p};
                gz[l] = Nd4j.createUninitialized(dt, cOut[l], n);
                ones[l] = Nd4j.ones(dt, n, 1);
                outputGradient[l] = Nd4j.createUninitialized(dt, pooledShape);
                INDArray[] gzWindows = f.poolWindows(gz[l], l);
                factor[l] = new INDArray[p * p];
                deltaOps[l] = new Runnable[p * p];
                INDArray product = p > 1 ? Nd4j.createUninitialized(dt, pooledShape) : null;
                for (int k = 0; k < p * p; k++) {
                    factor[l][k] = Nd4j.createUninitialized(dt, pooledShape);
                    ops.add(activation[l].derivativeOp(f.windowCopies[l][k], factor[l][k]));
                    INDArray window = gzWindows[k];
                    if (p > 1) {
                        MulOp times = new MulOp(outputGradient[l], factor[l][k], product);
                        deltaOps[l][k] = () -> {
                            Nd4j.exec(times);
                            window.assign(product);
                        };
                    } else {
                        MulOp times = new MulOp(outputGradient[l], factor[l][k], window);
                        deltaOps[l][k] = () -> Nd4j.exec(times);
                    }
                }
                if (p > 1) {
                    ops.add(firstMaximumOps(f.pooled[l], f.windowCopies[l], factor[l]));
                }
            }
            factorOps = ops.toArray(new Runnable[0]);
            lastOutputGradient = outputGradient[blocks - 1];
        }

        /**
         * @return the ops multiplying each window's factor by the indicator of the window's first
         *         maximum: e_k = 1 − sign(max − a_k) is 1 where a_k is a maximum; m_k = max(e_k − t, 0)
         *         keeps the first one in row-major order, t = Σ_{j&lt;k} m_j
         */
        private Runnable firstMaximumOps(INDArray pooled, INDArray[] aWindows, INDArray[] factorWindows) {
            long[] shape = pooled.shape();
            INDArray e = Nd4j.createUninitialized(dt, shape);
            INDArray taken = Nd4j.createUninitialized(dt, shape);
            int windows = aWindows.length;
            List<Runnable> ops = new ArrayList<>();
            for (int k = 0; k < windows; k++) {
                SubOp gap = new SubOp(pooled, aWindows[k], e);
                Sign sign = new Sign(e, e);
                ScalarReverseSubtraction isMax = new ScalarReverseSubtraction(e, null, e, 1.0);
                ops.add(() -> {
                    Nd4j.exec(gap);
                    Nd4j.exec(sign);
                    Nd4j.exec(isMax);
                });
                if (k == 0) {
                    ops.add(() -> taken.assign(e));
                } else {
                    SubOp notTaken = new SubOp(e, taken, e);
                    RectifiedLinear clip = new RectifiedLinear(e, e, 0.0);
                    ops.add(() -> {
                        Nd4j.exec(notTaken);
                        Nd4j.exec(clip);
                    });
                    if (k < windows - 1) {
                        AddOp accumulate = new AddOp(taken, e, taken);
                        ops.add(() -> Nd4j.exec(accumulate));
                    }
                }
                MulOp keep = new MulOp(factorWindows[k], e, factorWindows[k]);
                ops.add(() -> Nd4j.exec(keep));
            }
            Runnable[] all = ops.toArray(new Runnable[0]);
            return () -> {
                for (Runnable op : all) {
                    op.run();
                }
            };
        }

        /**
         * @return the flattened output gradient {@code [B, C·H·W]} viewed channel-major
         *         {@code [C, B, H, W]}; the view is kept for the tail's (fixed) input-gradient buffer
         */
        INDArray channelMajor(INDArray flatGradient) {
            if (flatGradient != flatKey) {
                int last = blocks - 1;
                flatView = flatGradient.reshape('c', forward.batch, cOut[last], outSide(last, true), outSide(last, false))
                        .permute(1, 0, 2, 3);
                flatKey = flatGradient;
            }
            return flatView;
        }

        /**
         * @return the ops writing ∂L/∂(input of block l): the transposed convolution of ∂L/∂z with W
         *         (libnd4j's {@code deconv2d}, oneDNN on the CPU backend; equal to im2col's adjoint
         *         col2im(Wᵀ δz) and about 2.5× faster here), in image layout, then channel-major for
         *         the block below (block 0: the input gradient in the input's layout)
         */
        Runnable inputGradient(int l) {
            if (inputGradientOps[l] == null) {
                long batch = forward.batch;
                gzImages[l] = Nd4j.createUninitialized(dt, batch, cOut[l], hOut[l], wOut[l]);
                // rows/columns a strided kernel never reaches get no gradient: the transposed convolution
                // covers the first (H_o − 1)·s + k − 2q rows, the rest of the buffer stays zero
                int hCovered = (hOut[l] - 1) * stride[l] + kernel[l] - 2 * pad[l];
                int wCovered = (wOut[l] - 1) * stride[l] + kernel[l] - 2 * pad[l];
                inputGradientImages[l] = Nd4j.zeros(dt, batch, cIn[l], hIn[l], wIn[l]);
                boolean whole = hCovered == hIn[l] && wCovered == wIn[l];
                INDArray covered = whole ? inputGradientImages[l] : Nd4j.createUninitialized(dt, batch, cIn[l], hCovered, wCovered);
                INDArray coveredView = whole ? null : inputGradientImages[l].get(NDArrayIndex.all(), NDArrayIndex.all(),
                        NDArrayIndex.interval(0, hCovered), NDArrayIndex.interval(0, wCovered));
                INDArray gzChannelMajor = gz[l].reshape('c', cOut[l], batch, hOut[l], wOut[l]).permute(1, 0, 2, 3);
                INDArray kernels = w[l].reshape('c', cOut[l], cIn[l], kernel[l], kernel[l]);
                DynamicCustomOp transposed = DynamicCustomOp.builder("deconv2d").addInputs(gzImages[l], kernels)
                        .addOutputs(covered)
                        .addIntegerArguments(kernel[l], kernel[l], stride[l], stride[l], pad[l], pad[l], 1, 1, 0, 0, 1).build();
                INDArray gzIn = gzImages[l];
                INDArray images = inputGradientImages[l];
                INDArray below = l > 0 ? outputGradient[l - 1].permute(1, 0, 2, 3) : null;
                inputGradientOps[l] = () -> {
                    gzIn.assign(gzChannelMajor);
                    Nd4j.exec(transposed);
                    if (coveredView != null) {
                        coveredView.assign(covered);
                    }
                    if (below != null) {
                        below.assign(images);
                    }
                };
            }
            return inputGradientOps[l];
        }
    }
}
