package org.mtl4j.core.model.nd4j;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.mtl4j.core.model.Module;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A stack of dense layers written directly on ND4J operations (no DL4J layers):
 * <pre>
 *   z_l = h_{l−1} W_lᵀ + b_l,    a_l = σ_l(z_l),    h_l = a_l ⊙ M_l / (1 − p_l)   (dropout, training only)
 *   backward, δ = ∂L/∂h_l:   δz = (δ ⊙ M_l / (1 − p_l)) ⊙ σ_l'(z_l)
 *                            ∂L/∂W_l = δzᵀ h_{l−1},   ∂L/∂b_l = 1ᵀ δz,   ∂L/∂h_{l−1} = δz W_l
 * </pre>
 * with {@code h_0} the input and {@code M_l} a Bernoulli(1 − p_l) mask drawn per training forward
 * from the module's own generator (inverted dropout, as PyTorch's {@code nn.Dropout(p)}; DL4J's
 * {@code dropOut(x)} takes the <em>retain</em> probability x = 1 − p and drops the layer's input).
 *
 * <p>Parameter layout (see the package documentation): per layer the weight {@code W_l} as an
 * {@code [n_out, n_in]} row-major matrix, then the bias {@code [n_out]}; identical to the flat
 * parameters of a DL4J {@code MultiLayerNetwork} of {@code DenseLayer}s with the same sizes.
 * Initialisation: {@link XavierInit Xavier-normal} weights and zero biases from {@link Config#seed()}.
 *
 * <p>Cost: one forward is one GEMM, one broadcast bias add and one activation op per layer into
 * preallocated c-order buffers. The first backward after a forward also forms each layer's
 * derivative factor {@code D_l = σ_l'(z_l) ⊙ M_l/(1 − p_l)} from the stored outputs
 * ({@code σ' = 1[a > 0]}, {@code α + (1 − α)1[a > 0]}, {@code 1 − a²}, {@code a(1 − a)}); then every
 * backward is, per layer, one multiplication {@code δz = δ ⊙ D_l}, two GEMMs (weights, ones-GEMM
 * bias) and the input-gradient GEMM, skipped for the first layer when {@code needInputGradient}
 * is false. Backward passes read only the forward's buffers, so any number of them (one per
 * task) follow one forward and share the derivative factors. Buffers exist per batch size (up to
 * four sizes are kept); nothing is allocated once a batch size has been seen.
 *
 * <p>Not thread-safe. Checkpoints do not capture the dropout generator's position (a resumed run
 * with dropout draws different masks than an uninterrupted one).
 */
public final class DenseStack implements Module, BatchedJacobian {

    /**
     * One dense layer.
     *
     * @param size       n_out ≥ 1
     * @param activation the activation σ
     * @param dropout    drop probability p ∈ [0, 1) applied to the layer's output in training
     */
    public record LayerSpec(int size, DenseActivation activation, double dropout) {
        /** Validates. */
        public LayerSpec {
            if (size < 1) {
                throw new IllegalArgumentException("layer size must be >= 1, found " + size);
            }
            Objects.requireNonNull(activation, "activation");
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("dropout must be in [0, 1), found " + dropout);
            }
        }

        /** @return a layer without dropout */
        public static LayerSpec of(int size, DenseActivation activation) {
            return new LayerSpec(size, activation, 0);
        }
    }

    /**
     * Configuration of a dense stack.
     *
     * @param inputSize n_in of the first layer, ≥ 1
     * @param layers    the layers (at least one)
     * @param dataType  FLOAT or DOUBLE
     * @param seed      seed of the initialisation and of the dropout masks
     */
    public record Config(int inputSize, List<LayerSpec> layers, DataType dataType, long seed) {
        /** Validates. */
        public Config {
            if (inputSize < 1) {
                throw new IllegalArgumentException("inputSize must be >= 1, found " + inputSize);
            }
            if (layers == null || layers.isEmpty()) {
                throw new IllegalArgumentException("a dense stack needs at least one layer, found " + layers);
            }
            layers = List.copyOf(layers);
            if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
                throw new IllegalArgumentException("dataType must be FLOAT or DOUBLE, found " + dataType);
            }
        }

        /**
         * @param dataType   FLOAT or DOUBLE
         * @param seed       initialisation seed
         * @param activation activation of every layer
         * @param sizes      input size, then the output size of each layer (at least two entries)
         * @return an MLP without dropout
         */
        public static Config mlp(DataType dataType, long seed, DenseActivation activation, int... sizes) {
            if (sizes == null || sizes.length < 2) {
                throw new IllegalArgumentException("sizes needs the input size and at least one layer size, found "
                        + Arrays.toString(sizes));
            }
            LayerSpec[] ls = new LayerSpec[sizes.length - 1];
            for (int i = 1; i < sizes.length; i++) {
                ls[i - 1] = LayerSpec.of(sizes[i], activation);
            }
            return new Config(sizes[0], List.of(ls), dataType, seed);
        }

        /** @return the W1 encoder: 784-512-256 ReLU, float32, seed 1 */
        public static Config defaults() {
            return mlp(DataType.FLOAT, 1, DenseActivation.relu(), 784, 512, 256);
        }

        /** @return n_out of the last layer */
        public int outputSize() {
            return layers.get(layers.size() - 1).size();
        }
    }

    /** Buffers for one batch size. */
    private final class Buffers {
        final INDArray ones;
        final INDArray castInput;
        final INDArray[] act;
        final INDArray[] mask;
        final INDArray[] out;
        final INDArray[] deriv;
        final INDArray[] dPre;
        final INDArray[] dIn;
        final float[] maskF;
        final double[] maskD;
        /** Prebuilt element-wise ops on these buffers (reused: no op or scalar array per step). */
        final Runnable[] activationOps;
        final Runnable[] biasOps;
        final Runnable[] derivativeOps;
        final Runnable[] maskOps;

        Buffers(long b) {
            ones = Nd4j.ones(dt, b, 1);
            castInput = Nd4j.createUninitialized(dt, b, nIn[0]);
            act = new INDArray[numLayers];
            mask = new INDArray[numLayers];
            out = new INDArray[numLayers];
            deriv = new INDArray[numLayers];
            dPre = new INDArray[numLayers];
            dIn = new INDArray[numLayers];
            int maxMask = 0;
            for (int l = 0; l < numLayers; l++) {
                act[l] = Nd4j.createUninitialized(dt, b, nOut[l]);
                dPre[l] = Nd4j.createUninitialized(dt, b, nOut[l]);
                if (activation[l].kind() != DenseActivation.Kind.IDENTITY || dropout[l] > 0) {
                    deriv[l] = Nd4j.createUninitialized(dt, b, nOut[l]);
                }
                if (dropout[l] > 0) {
                    mask[l] = Nd4j.createUninitialized(dt, b, nOut[l]);
                    out[l] = Nd4j.createUninitialized(dt, b, nOut[l]);
                    maxMask = Math.max(maxMask, Math.toIntExact(b * nOut[l]));
                }
                if (l > 0) {
                    dIn[l] = Nd4j.createUninitialized(dt, b, nIn[l]);
                }
            }
            maskF = dt == DataType.FLOAT && maxMask > 0 ? new float[maxMask] : null;
            maskD = dt == DataType.DOUBLE && maxMask > 0 ? new double[maxMask] : null;
            activationOps = new Runnable[numLayers];
            derivativeOps = new Runnable[numLayers];
            maskOps = new Runnable[numLayers];
            biasOps = new Runnable[numLayers];
            for (int l = 0; l < numLayers; l++) {
                final int layer = l;
                biasOps[l] = new RowBiasAdd(act[l], () -> DenseStack.this.b[layer]);
                activationOps[l] = activation[l].inPlaceOp(act[l]);
                derivativeOps[l] = activation[l].derivativeOp(act[l], deriv[l]);
                if (dropout[l] > 0) {
                    MulOp toOut = new MulOp(act[l], mask[l], out[l]);
                    MulOp toDeriv = new MulOp(deriv[l], mask[l], deriv[l]);
                    maskOps[l] = () -> Nd4j.exec(toDeriv);
                    forwardMaskOps[layer] = () -> Nd4j.exec(toOut);
                }
            }
            halves = lanes.lanes() == 2 && b >= 2 ? new RowHalves(this) : null;
        }

        final Runnable[] forwardMaskOps = new Runnable[numLayers];
        JacobianBuffers jac;
        /** Row halves for two lanes (null on one lane or a batch of one). */
        final RowHalves halves;

        INDArray firstInputGradient() {
            if (dIn[0] == null) {
                dIn[0] = Nd4j.createUninitialized(dt, ones.size(0), nIn[0]);
            }
            return dIn[0];
        }
    }

    /**
     * Views of one batch size's buffers split into rows {@code [0, s)} and {@code [s, B)}
     * (s = B/2) and, for the weight gradients, columns {@code [0, c_l)} and {@code [c_l, n_out)}
     * (c_l = n_out/2), with the element-wise ops prebuilt on them: the pieces two lanes run.
     */
    private final class RowHalves {
        final INDArray[][] act = new INDArray[2][numLayers];
        final INDArray[][] out = new INDArray[2][numLayers];
        final INDArray[][] dPre = new INDArray[2][numLayers];
        final INDArray[][] dPreCols = new INDArray[2][numLayers];
        final INDArray[][] dIn = new INDArray[2][numLayers];
        final INDArray[] firstDIn = new INDArray[2];
        final Runnable[][] activationOps = new Runnable[2][numLayers];
        final Runnable[][] biasOps = new Runnable[2][numLayers];
        final INDArray[][] deriv = new INDArray[2][numLayers];
        final long split;
        private INDArray inputKey;
        final INDArray[] input = new INDArray[2];
        private INDArray gradKey;
        final INDArray[] grad = new INDArray[2];

        RowHalves(Buffers bf) {
            long batch = bf.ones.size(0);
            split = batch / 2;
            for (int k = 0; k < 2; k++) {
                for (int l = 0; l < numLayers; l++) {
                    act[k][l] = rows(bf.act[l], k);
                    out[k][l] = bf.out[l] == null ? null : rows(bf.out[l], k);
                    dPre[k][l] = rows(bf.dPre[l], k);
                    dPreCols[k][l] = nOut[l] >= 2 ? cols(bf.dPre[l], k, nOut[l]) : null;
                    dIn[k][l] = l > 0 ? rows(bf.dIn[l], k) : null;
                    deriv[k][l] = bf.deriv[l] == null ? null : rows(bf.deriv[l], k);
                    activationOps[k][l] = activation[l].inPlaceOp(act[k][l]);
                    final int layer = l;
                    biasOps[k][l] = new RowBiasAdd(act[k][l], () -> b[layer]);
                }
            }
        }

        INDArray rows(INDArray a, int k) {
            return LiveViews.rowHalf(a, split, k);
        }

        INDArray cols(INDArray a, int k, int n) {
            return k == 0 ? LiveViews.block(a, 0, a.size(0), 0, n / 2) : LiveViews.block(a, 0, a.size(0), n / 2, n);
        }

        /** Row halves of the caller's input, rebuilt when another array comes in. */
        void bindInput(INDArray x) {
            if (x != inputKey) {
                input[0] = rows(x, 0);
                input[1] = rows(x, 1);
                inputKey = x;
            }
        }

        /** Row halves of the caller's output gradient, rebuilt when another array comes in. */
        void bindGradient(INDArray g) {
            if (g != gradKey) {
                grad[0] = rows(g, 0);
                grad[1] = rows(g, 1);
                gradKey = g;
            }
        }

        INDArray firstInputGradient(int k, Buffers bf) {
            if (firstDIn[k] == null) {
                firstDIn[k] = rows(bf.firstInputGradient(), k);
            }
            return firstDIn[k];
        }
    }

    /** Buffers of the batched Jacobian for one batch size and number of tasks m. */
    private final class JacobianBuffers {
        final int tasks;
        final long batch;
        /** stacked gradients w.r.t. each layer's output, [m·B, n_out] (task-major rows) */
        final INDArray[] gOut;
        /** stacked pre-activation gradients Δ, [m·B, n_out] */
        final INDArray[] delta;
        final INDArray[][] gOutBlocks;
        final INDArray[][] deltaBlocks;
        final Runnable[] derivOps;
        // structured Gramian, double
        final INDArray ones64;
        final INDArray[] h64;
        final INDArray[] k64;
        final INDArray[] delta64;
        final INDArray[] y64;
        final INDArray[][] delta64Blocks;
        final INDArray[][] y64Blocks;
        final INDArray[] delta64Flat;
        final INDArray[] y64Flat;
        final INDArray gram64;
        /** Tasks of each lane: [0, firstOfSecond) and [firstOfSecond, m) (two lanes and m ≥ 2 only). */
        final int firstOfSecond;
        final INDArray[][] gOutGroup;
        final INDArray[][] deltaGroup;
        final Runnable[][] groupDerivOps;
        INDArray rowsKey;
        INDArray[][] rowW;
        INDArray[][] rowB;

        JacobianBuffers(int m, Buffers bf) {
            this.tasks = m;
            this.batch = bf.ones.size(0);
            long b = batch;
            gOut = new INDArray[numLayers];
            delta = new INDArray[numLayers];
            gOutBlocks = new INDArray[numLayers][m];
            deltaBlocks = new INDArray[numLayers][m];
            derivOps = new Runnable[numLayers];
            h64 = new INDArray[numLayers];
            k64 = new INDArray[numLayers];
            delta64 = new INDArray[numLayers];
            y64 = new INDArray[numLayers];
            delta64Blocks = new INDArray[numLayers][m];
            y64Blocks = new INDArray[numLayers][m];
            delta64Flat = new INDArray[numLayers];
            y64Flat = new INDArray[numLayers];
            ones64 = Nd4j.ones(DataType.DOUBLE, b, 1);
            gram64 = Nd4j.zeros(DataType.DOUBLE, m, m);
            for (int l = 0; l < numLayers; l++) {
                gOut[l] = Nd4j.createUninitialized(dt, m * b, nOut[l]);
                delta[l] = bf.deriv[l] == null ? gOut[l] : Nd4j.createUninitialized(dt, m * b, nOut[l]);
                for (int i = 0; i < m; i++) {
                    gOutBlocks[l][i] = gOut[l].get(NDArrayIndex.interval(i * b, (i + 1) * b), NDArrayIndex.all());
                    deltaBlocks[l][i] = delta[l].get(NDArrayIndex.interval(i * b, (i + 1) * b), NDArrayIndex.all());
                }
                if (bf.deriv[l] != null) {
                    MulOp op = new MulOp(gOut[l].reshape('c', m, b, nOut[l]), bf.deriv[l], delta[l].reshape('c', m, b, nOut[l]));
                    derivOps[l] = () -> Nd4j.exec(op);
                } else {
                    derivOps[l] = () -> { };
                }
                h64[l] = Nd4j.createUninitialized(DataType.DOUBLE, b, nIn[l]);
                k64[l] = Nd4j.createUninitialized(DataType.DOUBLE, b, b);
                delta64[l] = Nd4j.createUninitialized(DataType.DOUBLE, m * b, nOut[l]);
                y64[l] = Nd4j.createUninitialized(DataType.DOUBLE, m * b, nOut[l]);
                for (int i = 0; i < m; i++) {
                    delta64Blocks[l][i] = delta64[l].get(NDArrayIndex.interval(i * b, (i + 1) * b), NDArrayIndex.all());
                    y64Blocks[l][i] = y64[l].get(NDArrayIndex.interval(i * b, (i + 1) * b), NDArrayIndex.all());
                }
                delta64Flat[l] = delta64[l].reshape('c', m, b * nOut[l]);
                y64Flat[l] = y64[l].reshape('c', m, b * nOut[l]);
            }
            boolean grouped = lanes.lanes() == 2 && m >= 2;
            firstOfSecond = grouped ? m / 2 : m;
            gOutGroup = grouped ? new INDArray[2][numLayers] : null;
            deltaGroup = grouped ? new INDArray[2][numLayers] : null;
            groupDerivOps = grouped ? new Runnable[2][numLayers] : null;
            for (int k = 0; grouped && k < 2; k++) {
                long r0 = k == 0 ? 0 : firstOfSecond * b;
                long r1 = k == 0 ? firstOfSecond * b : m * b;
                int mk = k == 0 ? firstOfSecond : m - firstOfSecond;
                for (int l = 0; l < numLayers; l++) {
                    gOutGroup[k][l] = LiveViews.block(gOut[l], r0, r1, 0, nOut[l]);
                    deltaGroup[k][l] = LiveViews.block(delta[l], r0, r1, 0, nOut[l]);
                    if (bf.deriv[l] != null) {
                        MulOp op = new MulOp(gOutGroup[k][l].reshape('c', mk, b, nOut[l]), bf.deriv[l],
                                deltaGroup[k][l].reshape('c', mk, b, nOut[l]));
                        groupDerivOps[k][l] = () -> Nd4j.exec(op);
                    } else {
                        groupDerivOps[k][l] = () -> { };
                    }
                }
            }
        }

        /** Views of each row's weight and bias blocks, cached for the rows matrix last seen. */
        void bindRows(INDArray rows) {
            if (rows == rowsKey) {
                return;
            }
            rowW = new INDArray[numLayers][tasks];
            rowB = new INDArray[numLayers][tasks];
            for (int i = 0; i < tasks; i++) {
                INDArray row = rows.getRow(i);
                for (int l = 0; l < numLayers; l++) {
                    long wEnd = offsets[l] + (long) nIn[l] * nOut[l];
                    rowW[l][i] = LiveViews.matrix(row, offsets[l], nOut[l], nIn[l]);
                    rowB[l][i] = LiveViews.matrix(row, wEnd, 1, nOut[l]);
                }
            }
            rowsKey = rows;
        }
    }

    private final Config config;
    private final DataType dt;
    private final int numLayers;
    private final int[] nIn;
    private final int[] nOut;
    private final long[] offsets;
    private final DenseActivation[] activation;
    private final double[] dropout;
    private final long numParams;
    private final INDArray initialParams;
    private final SplittableRandom dropoutRng;
    private final BatchCache<Buffers> cache = new BatchCache<>(4);
    private final ComputeLanes lanes;
    /** Row halves [0, n_out/2) and [n_out/2, n_out) of each layer's weight gradient and column halves of its bias gradient. */
    private INDArray[][] dwHalf;
    private INDArray[][] dbHalf;
    private INDArray params;
    private INDArray gradients;
    private INDArray[] w;
    private INDArray[] b;
    private INDArray[] dw;
    private INDArray[] db;
    private Buffers buf;
    private INDArray input;
    private boolean maskedForward;
    private boolean derivReady;

    /** A stack initialised from {@link Config#seed()} (Xavier-normal weights, zero biases). */
    public DenseStack(Config config) {
        this(config, null);
    }

    /**
     * A stack with given initial parameters in this class's layout (e.g. {@code network.params()}
     * of a DL4J MultiLayerNetwork of dense layers of the same sizes).
     *
     * @param config        the configuration
     * @param initialParams rank-1 or row vector of length {@link #numParams()}, any floating type; null
     *                      for the seeded Xavier initialisation
     */
    public DenseStack(Config config, INDArray initialParams) {
        this(config, initialParams, ComputeLanes.single());
    }

    /**
     * A stack that splits its large pieces over the given lanes: the forward, the element-wise
     * backward work and the input gradients by batch rows, the weight and bias gradients by
     * output units, the batched Jacobian by groups of tasks. Same results as on one lane.
     *
     * @param config        the configuration
     * @param initialParams as in {@link #DenseStack(Config, INDArray)}; null for the seeded initialisation
     * @param lanes         one or two lanes (shared with the other modules of a model; the caller closes it)
     */
    public DenseStack(Config config, INDArray initialParams, ComputeLanes lanes) {
        this.config = Objects.requireNonNull(config, "config");
        this.lanes = Objects.requireNonNull(lanes, "lanes");
        this.dt = config.dataType();
        this.numLayers = config.layers().size();
        this.nIn = new int[numLayers];
        this.nOut = new int[numLayers];
        this.offsets = new long[numLayers + 1];
        this.activation = new DenseActivation[numLayers];
        this.dropout = new double[numLayers];
        int in = config.inputSize();
        for (int l = 0; l < numLayers; l++) {
            LayerSpec s = config.layers().get(l);
            nIn[l] = in;
            nOut[l] = s.size();
            activation[l] = s.activation();
            dropout[l] = s.dropout();
            offsets[l + 1] = offsets[l] + (long) nIn[l] * nOut[l] + nOut[l];
            in = s.size();
        }
        this.numParams = offsets[numLayers];
        SplittableRandom root = new SplittableRandom(config.seed());
        if (initialParams == null) {
            double[] init = new double[Math.toIntExact(numParams)];
            for (int l = 0; l < numLayers; l++) {
                XavierInit.fillWeights(init, (int) offsets[l], nIn[l], nOut[l], root);
            }
            this.initialParams = XavierInit.toArray(init, dt);
        } else {
            this.initialParams = LiveViews.initialCopy(initialParams, numParams, dt);
        }
        this.dropoutRng = root.split();
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
        long[] out = new long[numLayers];
        for (int l = 0; l < numLayers; l++) {
            out[l] = offsets[l + 1] - offsets[l];
        }
        return out;
    }

    @Override
    public long[] tensorSizes() {
        long[] out = new long[2 * numLayers];
        for (int l = 0; l < numLayers; l++) {
            out[2 * l] = (long) nIn[l] * nOut[l];
            out[2 * l + 1] = nOut[l];
        }
        return out;
    }

    /** @return offset of layer {@code l}'s weight in this module's parameters (its bias follows the weight) */
    public long weightOffset(int l) {
        return offsets[l];
    }

    @Override
    public void bind(INDArray paramsView, INDArray gradientsView) {
        LiveViews.bindInitial(paramsView, gradientsView, initialParams, numParams, dt);
        this.params = paramsView;
        this.gradients = gradientsView;
        this.w = new INDArray[numLayers];
        this.b = new INDArray[numLayers];
        this.dw = new INDArray[numLayers];
        this.db = new INDArray[numLayers];
        for (int l = 0; l < numLayers; l++) {
            long wEnd = offsets[l] + (long) nIn[l] * nOut[l];
            w[l] = LiveViews.matrix(paramsView, offsets[l], nOut[l], nIn[l]);
            b[l] = LiveViews.matrix(paramsView, wEnd, 1, nOut[l]);
            dw[l] = LiveViews.matrix(gradientsView, offsets[l], nOut[l], nIn[l]);
            db[l] = LiveViews.matrix(gradientsView, wEnd, 1, nOut[l]);
        }
        this.dwHalf = new INDArray[2][numLayers];
        this.dbHalf = new INDArray[2][numLayers];
        for (int l = 0; l < numLayers; l++) {
            int c = nOut[l] / 2;
            if (c == 0) {
                continue;
            }
            dwHalf[0][l] = LiveViews.block(dw[l], 0, c, 0, nIn[l]);
            dwHalf[1][l] = LiveViews.block(dw[l], c, nOut[l], 0, nIn[l]);
            dbHalf[0][l] = LiveViews.block(db[l], 0, 1, 0, c);
            dbHalf[1][l] = LiveViews.block(db[l], 0, 1, c, nOut[l]);
        }
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
        requireBound();
        if (x.rank() != 2 || x.size(1) != nIn[0]) {
            throw new IllegalArgumentException("input must have shape [batch, " + nIn[0] + "], found " + Arrays.toString(x.shape()));
        }
        if (x.size(0) < 1) {
            throw new IllegalArgumentException("input batch is empty, shape " + Arrays.toString(x.shape()));
        }
        buf = cache.get(x.size(0), Buffers::new);
        INDArray h = x;
        if (x.dataType() != dt) {
            h = buf.castInput.assign(x);
        }
        input = h;
        maskedForward = false;
        derivReady = false;
        if (buf.halves != null) {
            return forwardOnLanes(h, training);
        }
        for (int l = 0; l < numLayers; l++) {
            INDArray a = buf.act[l];
            Nd4j.gemm(h, w[l], a, false, true, 1.0, 0.0);
            buf.biasOps[l].run();
            buf.activationOps[l].run();
            h = a;
            if (training && dropout[l] > 0) {
                drawMask(l);
                buf.forwardMaskOps[l].run();
                h = buf.out[l];
                maskedForward = true;
            }
        }
        return h;
    }

    /**
     * The forward with each lane taking one row half of the batch through all layers (through
     * one layer at a time when a dropout mask must be drawn between layers).
     */
    private INDArray forwardOnLanes(INDArray x, boolean training) {
        RowHalves hv = buf.halves;
        hv.bindInput(x);
        int l = 0;
        while (l < numLayers) {
            int from = l;
            int to = l;
            while (to < numLayers - 1 && !(training && dropout[to] > 0)) {
                to++;
            }
            final int last = to;
            lanes.run(() -> forwardRows(hv, 0, from, last), () -> forwardRows(hv, 1, from, last));
            if (training && dropout[last] > 0) {
                drawMask(last);
                buf.forwardMaskOps[last].run();
                maskedForward = true;
            }
            l = last + 1;
        }
        return layerOutput(numLayers - 1);
    }

    /** Layers {@code from..to} on row half {@code k} (the input of {@code from} is already complete). */
    private void forwardRows(RowHalves hv, int k, int from, int to) {
        for (int l = from; l <= to; l++) {
            INDArray h = l == 0 ? hv.input[k] : maskedForward && dropout[l - 1] > 0 ? hv.out[k][l - 1] : hv.act[k][l - 1];
            Nd4j.gemm(h, w[l], hv.act[k][l], false, true, 1.0, 0.0);
            hv.biasOps[k][l].run();
            hv.activationOps[k][l].run();
        }
    }

    /** D_l = σ'(z_l) ⊙ M_l/(1 − p_l) for every layer, shared by all backward passes of this forward. */
    private void computeDerivatives() {
        for (int l = 0; l < numLayers; l++) {
            buf.derivativeOps[l].run();
            if (maskedForward && dropout[l] > 0) {
                buf.maskOps[l].run();
            }
        }
        derivReady = true;
    }

    /** Fills mask l with 0 or 1/(1−p) (inverted dropout) from the module's generator; one bulk copy. */
    private void drawMask(int l) {
        double p = dropout[l];
        double keep = 1.0 / (1.0 - p);
        INDArray mask = buf.mask[l];
        int n = Math.toIntExact(mask.length());
        if (buf.maskF != null) {
            float k = (float) keep;
            for (int i = 0; i < n; i++) {
                buf.maskF[i] = dropoutRng.nextDouble() < p ? 0f : k;
            }
            HostCopy.copyIn(buf.maskF, n, mask);
        } else {
            for (int i = 0; i < n; i++) {
                buf.maskD[i] = dropoutRng.nextDouble() < p ? 0.0 : keep;
            }
            HostCopy.copyIn(buf.maskD, n, mask);
        }
    }

    @Override
    public INDArray backward(INDArray outputGradient, boolean needInputGradient) {
        requireBound();
        if (buf == null) {
            throw new IllegalStateException("backward needs a forward first");
        }
        int last = numLayers - 1;
        long batch = buf.ones.size(0);
        if (outputGradient.rank() != 2 || outputGradient.size(0) != batch || outputGradient.size(1) != nOut[last]) {
            throw new IllegalArgumentException("output gradient must have shape [" + batch + ", " + nOut[last] + "], found "
                    + Arrays.toString(outputGradient.shape()));
        }
        INDArray g = outputGradient;
        if (g.dataType() != dt) {
            throw new IllegalArgumentException("output gradient must have data type " + dt + ", found " + g.dataType());
        }
        if (!derivReady) {
            computeDerivatives();
        }
        if (buf.halves != null) {
            return backwardOnLanes(g, needInputGradient);
        }
        for (int l = last; l >= 0; l--) {
            INDArray d = g;
            if (buf.deriv[l] != null) {
                d = buf.dPre[l];
                Nd4j.exec(new MulOp(g, buf.deriv[l], d));
            }
            INDArray h = l == 0 ? input : layerOutput(l - 1);
            CpuBlas.gemm(d, h, dw[l], true, false, 1.0, 0.0);
            CpuBlas.columnSums(d, buf.ones, db[l]);
            if (l > 0) {
                Nd4j.gemm(d, w[l], buf.dIn[l], false, false, 1.0, 0.0);
                g = buf.dIn[l];
            } else if (needInputGradient) {
                INDArray dx = buf.firstInputGradient();
                Nd4j.gemm(d, w[0], dx, false, false, 1.0, 0.0);
                return dx;
            }
        }
        return null;
    }

    /**
     * The backward on two lanes, in numLayers + 1 sections: each lane forms {@code δz} and the
     * input gradient of its row half of the batch; once both are done, each lane forms the weight
     * and bias gradients of half of the layer's output units (column halves of {@code δz}) and
     * goes on with its row half of the layer below. {@code δz} always lands in the layer's own
     * buffer (a copy for identity layers without dropout), so the column views are fixed.
     */
    private INDArray backwardOnLanes(INDArray g, boolean needInputGradient) {
        RowHalves hv = buf.halves;
        hv.bindGradient(g);
        if (needInputGradient) {
            hv.firstInputGradient(0, buf);
            hv.firstInputGradient(1, buf);
        }
        int last = numLayers - 1;
        boolean lastInput = last > 0 || needInputGradient;
        lanes.run(() -> backwardRows(hv, 0, last, lastInput), () -> backwardRows(hv, 1, last, lastInput));
        for (int l = last; l >= 0; l--) {
            final int layer = l;
            final INDArray h = l == 0 ? input : layerOutput(l - 1);
            final boolean split = dwHalf[0][l] != null;
            if (!split) {
                CpuBlas.gemm(buf.dPre[l], h, dw[l], true, false, 1.0, 0.0);
                CpuBlas.columnSums(buf.dPre[l], buf.ones, db[l]);
                if (l == 0) {
                    break;
                }
            }
            final boolean belowInput = l > 1 || needInputGradient;
            lanes.run(() -> weightColumnsThenRowsBelow(hv, 0, layer, h, split, belowInput),
                    () -> weightColumnsThenRowsBelow(hv, 1, layer, h, split, belowInput));
        }
        return needInputGradient ? buf.dIn[0] : null;
    }

    /**
     * One lane's share of a layer boundary: half of layer l's output units' weight and bias
     * gradients (which need all rows of δz_l, complete once both lanes finished their rows), then
     * row half k of layer l − 1 (which needs only row half k of layer l's input gradient, formed
     * by this same lane).
     */
    private void weightColumnsThenRowsBelow(RowHalves hv, int k, int l, INDArray h, boolean split, boolean belowInput) {
        if (split) {
            weightGradientColumns(hv, k, l, h);
        }
        if (l > 0) {
            backwardRows(hv, k, l - 1, belowInput);
        }
    }

    /** Row half k of layer l: δz = δ ⊙ D_l and, if asked, the input gradient δz W_l. */
    private void backwardRows(RowHalves hv, int k, int l, boolean inputGradient) {
        INDArray g = l == numLayers - 1 ? hv.grad[k] : hv.dIn[k][l + 1];
        INDArray d = hv.dPre[k][l];
        if (hv.deriv[k][l] != null) {
            Nd4j.exec(new MulOp(g, hv.deriv[k][l], d));
        } else {
            d.assign(g);
        }
        if (inputGradient) {
            Nd4j.gemm(d, w[l], l > 0 ? hv.dIn[k][l] : hv.firstDIn[k], false, false, 1.0, 0.0);
        }
    }

    /** Output units half k of layer l: ∂W = δz[:, half]ᵀ h and ∂b = 1ᵀ δz[:, half]. */
    private void weightGradientColumns(RowHalves hv, int k, int l, INDArray h) {
        CpuBlas.gemm(hv.dPreCols[k][l], h, dwHalf[k][l], true, false, 1.0, 0.0);
        CpuBlas.columnSums(hv.dPreCols[k][l], buf.ones, dbHalf[k][l]);
    }

    private INDArray layerOutput(int l) {
        return maskedForward && dropout[l] > 0 ? buf.out[l] : buf.act[l];
    }

    /**
     * {@inheritDoc}
     *
     * <p>The m tasks go through each layer together: one multiplication by the shared derivative
     * factors and one input-gradient GEMM on the stacked {@code [m·B, n]} gradients per layer;
     * the weight and bias gradients are GEMMs written straight into the rows. Same results as m
     * {@link #backward} calls (tested).
     */
    @Override
    public void jacobian(INDArray[] outputGradients, INDArray rows, double[][] gram) {
        requireBound();
        if (buf == null) {
            throw new IllegalStateException("jacobian needs a forward first");
        }
        int m = outputGradients.length;
        long batch = buf.ones.size(0);
        int last = numLayers - 1;
        if (m < 1) {
            throw new IllegalArgumentException("at least one output gradient is needed, found 0");
        }
        if (rows.rank() != 2 || rows.size(0) != m || rows.size(1) != numParams || rows.ordering() != 'c'
                || rows.stride(1) != 1 || rows.dataType() != dt) {
            throw new IllegalArgumentException("rows must be a c-order " + dt + " matrix [" + m + ", " + numParams
                    + "] with contiguous rows, found " + rows.dataType() + " " + Arrays.toString(rows.shape()) + " order "
                    + rows.ordering());
        }
        if (gram != null && (gram.length != m || gram[0].length != m)) {
            throw new IllegalArgumentException("gram must be " + m + "x" + m + ", found " + gram.length + " rows");
        }
        if (buf.jac == null || buf.jac.tasks != m) {
            buf.jac = new JacobianBuffers(m, buf);
        }
        JacobianBuffers jb = buf.jac;
        jb.bindRows(rows);
        if (!derivReady) {
            computeDerivatives();
        }
        for (int i = 0; i < m; i++) {
            INDArray g = outputGradients[i];
            if (g.rank() != 2 || g.size(0) != batch || g.size(1) != nOut[last] || g.dataType() != dt) {
                throw new IllegalArgumentException("output gradient " + i + " must be " + dt + " [" + batch + ", " + nOut[last]
                        + "], found " + g.dataType() + " " + Arrays.toString(g.shape()));
            }
            jb.gOutBlocks[last][i].assign(g);
        }
        if (jb.gOutGroup != null) {
            lanes.run(() -> jacobianTasks(jb, 0, 0, jb.firstOfSecond), () -> jacobianTasks(jb, 1, jb.firstOfSecond, m));
        } else {
            for (int l = last; l >= 0; l--) {
                jb.derivOps[l].run();
                INDArray h = l == 0 ? input : layerOutput(l - 1);
                for (int i = 0; i < m; i++) {
                    INDArray d = jb.deltaBlocks[l][i];
                    CpuBlas.gemm(d, h, jb.rowW[l][i], true, false, 1.0, 0.0);
                    CpuBlas.columnSums(d, buf.ones, jb.rowB[l][i]);
                }
                if (l > 0) {
                    Nd4j.gemm(jb.delta[l], w[l], jb.gOut[l - 1], false, false, 1.0, 0.0);
                }
            }
        }
        if (gram != null) {
            structuredGram(jb, gram);
        }
    }

    /**
     * Tasks {@code [from, to)} through all layers on one lane (lane {@code k}'s group): the tasks'
     * rows of the stacked gradients never mix, so the two groups need no hand-off until the end.
     */
    private void jacobianTasks(JacobianBuffers jb, int k, int from, int to) {
        for (int l = numLayers - 1; l >= 0; l--) {
            jb.groupDerivOps[k][l].run();
            INDArray h = l == 0 ? input : layerOutput(l - 1);
            for (int i = from; i < to; i++) {
                INDArray d = jb.deltaBlocks[l][i];
                CpuBlas.gemm(d, h, jb.rowW[l][i], true, false, 1.0, 0.0);
                CpuBlas.columnSums(d, buf.ones, jb.rowB[l][i]);
            }
            if (l > 0) {
                Nd4j.gemm(jb.deltaGroup[k][l], w[l], jb.gOutGroup[k][l - 1], false, false, 1.0, 0.0);
            }
        }
    }

    /** G = Σ_l ⟨Δ_i, K_l Δ_j⟩ with K_l = h hᵀ + 1 1ᵀ, in double (see {@link BatchedJacobian}). */
    private void structuredGram(JacobianBuffers jb, double[][] gram) {
        int m = jb.tasks;
        for (int l = 0; l < numLayers; l++) {
            INDArray h = l == 0 ? input : layerOutput(l - 1);
            jb.h64[l].assign(h);
            CpuBlas.gemm(jb.ones64, jb.ones64, jb.k64[l], false, true, 1.0, 0.0);
            CpuBlas.gemm(jb.h64[l], jb.h64[l], jb.k64[l], false, true, 1.0, 1.0);
            jb.delta64[l].assign(jb.delta[l]);
            for (int i = 0; i < m; i++) {
                CpuBlas.gemm(jb.k64[l], jb.delta64Blocks[l][i], jb.y64Blocks[l][i], false, false, 1.0, 0.0);
            }
            CpuBlas.gemm(jb.delta64Flat[l], jb.y64Flat[l], jb.gram64, false, true, 1.0, l == 0 ? 0.0 : 1.0);
        }
        INDArray g = jb.gram64;
        for (int a = 0; a < m; a++) {
            for (int c = a; c < m; c++) {
                double v = 0.5 * (g.getDouble(a, c) + g.getDouble(c, a));
                gram[a][c] = v;
                gram[c][a] = v;
            }
        }
    }

    private void requireBound() {
        if (params == null) {
            throw new IllegalStateException("module not bound to a model yet: build an HpsModel with it first");
        }
    }

    /** @return the view of layer {@code l}'s weight {@code [n_out, n_in]} (live, after binding) */
    public INDArray weight(int l) {
        requireBound();
        return w[l];
    }

    /** @return the view of layer {@code l}'s bias {@code [1, n_out]} (live, after binding) */
    public INDArray bias(int l) {
        requireBound();
        return b[l];
    }
}
