package org.mtl4j.core.model.nd4j;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.mtl4j.core.model.Module;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.LeakyReLU;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.LeakyReLUBp;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.SigmoidDerivative;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.TanhDerivative;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;

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
 * preallocated c-order buffers; one backward is two GEMMs per layer (weights, ones-GEMM bias),
 * one activation-derivative op, and the input-gradient GEMM except for the first layer when
 * {@code needInputGradient} is false. Backward passes read only the forward's buffers, so any
 * number of them (one per task) follow one forward. Buffers exist per batch size (up to four
 * sizes are kept); nothing is allocated once a batch size has been seen.
 *
 * <p>Not thread-safe. Checkpoints do not capture the dropout generator's position (a resumed run
 * with dropout draws different masks than an uninterrupted one).
 */
public final class DenseStack implements Module {

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
        final INDArray[] pre;
        final INDArray[] act;
        final INDArray[] mask;
        final INDArray[] out;
        final INDArray[] dAct;
        final INDArray[] dPre;
        final INDArray[] dIn;
        final float[] maskF;
        final double[] maskD;

        Buffers(long b) {
            ones = Nd4j.ones(dt, b, 1);
            castInput = Nd4j.createUninitialized(dt, b, nIn[0]);
            pre = new INDArray[numLayers];
            act = new INDArray[numLayers];
            mask = new INDArray[numLayers];
            out = new INDArray[numLayers];
            dAct = new INDArray[numLayers];
            dPre = new INDArray[numLayers];
            dIn = new INDArray[numLayers];
            int maxMask = 0;
            for (int l = 0; l < numLayers; l++) {
                act[l] = Nd4j.createUninitialized(dt, b, nOut[l]);
                pre[l] = activation[l].needsPreActivation() ? Nd4j.createUninitialized(dt, b, nOut[l]) : act[l];
                dPre[l] = Nd4j.createUninitialized(dt, b, nOut[l]);
                if (dropout[l] > 0) {
                    mask[l] = Nd4j.createUninitialized(dt, b, nOut[l]);
                    out[l] = Nd4j.createUninitialized(dt, b, nOut[l]);
                    dAct[l] = Nd4j.createUninitialized(dt, b, nOut[l]);
                    maxMask = Math.max(maxMask, Math.toIntExact(b * nOut[l]));
                }
                if (l > 0) {
                    dIn[l] = Nd4j.createUninitialized(dt, b, nIn[l]);
                }
            }
            maskF = dt == DataType.FLOAT && maxMask > 0 ? new float[maxMask] : null;
            maskD = dt == DataType.DOUBLE && maxMask > 0 ? new double[maxMask] : null;
        }

        INDArray firstInputGradient() {
            if (dIn[0] == null) {
                dIn[0] = Nd4j.createUninitialized(dt, ones.size(0), nIn[0]);
            }
            return dIn[0];
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
    private INDArray params;
    private INDArray gradients;
    private INDArray[] w;
    private INDArray[] b;
    private INDArray[] dw;
    private INDArray[] db;
    private Buffers buf;
    private INDArray input;
    private boolean maskedForward;

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
        this.config = Objects.requireNonNull(config, "config");
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
            if (initialParams.length() != numParams) {
                throw new IllegalArgumentException("initialParams must have length " + numParams + " for this configuration, found "
                        + initialParams.length());
            }
            this.initialParams = initialParams.reshape(numParams).castTo(dt).dup();
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

    /** @return offset of layer {@code l}'s weight in this module's parameters (its bias follows the weight) */
    public long weightOffset(int l) {
        return offsets[l];
    }

    @Override
    public void bind(INDArray paramsView, INDArray gradientsView) {
        if (paramsView.length() != numParams || gradientsView.length() != numParams) {
            throw new IllegalArgumentException("views must have length " + numParams + ", found " + paramsView.length()
                    + " and " + gradientsView.length());
        }
        if (paramsView.dataType() != dt || gradientsView.dataType() != dt) {
            throw new IllegalArgumentException("views must have data type " + dt + ", found " + paramsView.dataType()
                    + " and " + gradientsView.dataType());
        }
        paramsView.assign(initialParams.reshape(paramsView.shape()));
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
        for (int l = 0; l < numLayers; l++) {
            INDArray z = buf.pre[l];
            Nd4j.gemm(h, w[l], z, false, true, 1.0, 0.0);
            z.addiRowVector(b[l]);
            applyActivation(l, z, buf.act[l]);
            h = buf.act[l];
            if (training && dropout[l] > 0) {
                drawMask(l);
                Nd4j.exec(new MulOp(h, buf.mask[l], buf.out[l]));
                h = buf.out[l];
                maskedForward = true;
            }
        }
        return h;
    }

    private void applyActivation(int l, INDArray z, INDArray a) {
        switch (activation[l].kind()) {
            case RELU -> Nd4j.exec(new RectifiedLinear(z, a, 0.0));
            case LEAKY_RELU -> Nd4j.exec(new LeakyReLU(z, a, activation[l].negativeSlope()));
            case TANH -> Nd4j.exec(new Tanh(z, a));
            case SIGMOID -> Nd4j.exec(new Sigmoid(z, a));
            case IDENTITY -> {
                // z and a are the same buffer
            }
            default -> throw new IllegalStateException("unknown activation " + activation[l]);
        }
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
        for (int l = last; l >= 0; l--) {
            if (maskedForward && dropout[l] > 0) {
                Nd4j.exec(new MulOp(g, buf.mask[l], buf.dAct[l]));
                g = buf.dAct[l];
            }
            INDArray d = activationBackward(l, g);
            INDArray h = l == 0 ? input : layerOutput(l - 1);
            Nd4j.gemm(d, h, dw[l], true, false, 1.0, 0.0);
            Nd4j.gemm(buf.ones, d, db[l], true, false, 1.0, 0.0);
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

    /** ∂L/∂z_l from ∂L/∂a_l. */
    private INDArray activationBackward(int l, INDArray g) {
        INDArray d = buf.dPre[l];
        switch (activation[l].kind()) {
            case RELU -> Nd4j.exec(new RectifiedLinearDerivative(buf.act[l], g, d));
            case LEAKY_RELU -> Nd4j.exec(new LeakyReLUBp(buf.act[l], g, d, activation[l].negativeSlope()));
            case TANH -> Nd4j.exec(new TanhDerivative(buf.pre[l], g, d));
            case SIGMOID -> Nd4j.exec(new SigmoidDerivative(buf.pre[l], g, d));
            case IDENTITY -> d = g;
            default -> throw new IllegalStateException("unknown activation " + activation[l]);
        }
        return d;
    }

    private INDArray layerOutput(int l) {
        return maskedForward && dropout[l] > 0 ? buf.out[l] : buf.act[l];
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
