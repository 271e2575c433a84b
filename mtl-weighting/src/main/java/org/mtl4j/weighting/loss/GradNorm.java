package org.mtl4j.weighting.loss;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mtl4j.core.weighting.BlockGramianScope;
import org.mtl4j.core.weighting.GradientSpace;
import org.mtl4j.core.weighting.GramianWeighting;
import org.mtl4j.core.weighting.ParameterBlocksAware;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.StepWeights;
import org.mtl4j.core.weighting.TrainableWeights;
import org.mtl4j.core.weighting.WeightingConfig;

/**
 * GradNorm: learn task weights so that the weighted per-task gradient norms follow the tasks'
 * relative training rates. Weights are parametrised by logits s ({@code w = m·softmax(s)},
 * {@code π = softmax(s)}); the per-task gradient norms come from the Gram matrix handed to
 * {@link #weigh}, {@code ‖h_i‖ = sqrt(G_ii)}, where {@code h_i} is task i's gradient over the
 * {@link NormScope}. After warm-up, at every step:
 * <pre>
 *   G_i      = w_i ‖h_i‖,            Ḡ = mean_i G_i
 *   L̃_i      = L_i / max(L_i(0), 1e-8),   r_i = L̃_i / mean_j L̃_j   (r_i = 1 if mean_j L̃_j = 0)
 *   target_i = Ḡ · r_i^α                                     (a constant: no gradient through it)
 *   L_grad   = Σ_i |G_i − target_i|
 *   ∂L_grad/∂s_k = Σ_i sign(G_i − target_i) · ‖h_i‖ · m π_i (δ_ik − π_k)   (the trainable gradient)
 *   d        = Σ_i w_i g_i  with the weights before the s update (g_i over all shared parameters)
 * </pre>
 * During the warm-up epochs ({@code epoch < warmupEpochs}) the weights are 1 (plain sum of losses)
 * and no trainable gradient is reported (null: the trainer must not step s, as PyTorch skips a
 * parameter without gradient).
 *
 * <p><b>Norm scope.</b> {@link NormScope#ALL_SHARED} (LibMTL default): {@code h_i = g_i} over all
 * shared parameters θ, G is the usual {@code J Jᵀ}. {@link NormScope#LAST_SHARED_LAYER} (the
 * paper's W): {@code h_i = g_i|_B}, task i's gradient restricted to the last block B of θ's layer
 * blocks (as passed to {@link #setParameterBlocks}: the trainer passes
 * {@code HpsModel.sharedLayerSizes()}, i.e. the encoder's layers and, if the task transform has
 * parameters, the transform as the last block). The layer block holds all of the layer's
 * parameters (weight and bias); {@link #gramianBlock(long)} declares it, so the engine hands
 * {@link #weigh} {@code G^B = J_B J_Bᵀ} ({@link BlockGramianScope}) while {@code d} still combines
 * the full {@code g_i}. {@link NormScope#REPRESENTATION} (LibMTL {@code rep_grad}): the gradients
 * over the shared representation Z.
 *
 * <p>{@code L_i(0)}: with {@link InitialLoss#EPOCH_MEAN} (LibMTL) the mean training loss of epoch 0,
 * read from {@link StepInfo#epochLosses()} entry 0, so {@code warmupEpochs ≥ 1}; with
 * {@link InitialLoss#FIRST_STEP} (paper) the losses of the first step this instance sees.
 *
 * <p><b>State:</b> the trainable logits {@code s} (init 1, so {@code w = 1}), exposed through
 * {@link TrainableWeights} and updated by the trainer's optimiser (LibMTL: the model's optimiser,
 * same learning rate and weight decay); for {@code FIRST_STEP} also {@code L(0)}.
 * {@link #saveState()} holds {@code "s"} and, once set, {@code "l0"}. The parameter block sizes are
 * structure, not state: {@link #reset()} keeps them.
 *
 * <p><b>Reference:</b> Chen, Badrinarayanan, Lee, Rabinovich, "GradNorm: Gradient Normalization for
 * Adaptive Loss Balancing in Deep Multitask Networks", ICML 2018; LibMTL
 * {@code LibMTL/weighting/GradNorm.py}. <b>Deviations from the paper (following LibMTL):</b> softmax
 * parametrisation instead of direct weight steps with renormalisation; the default norm scope is all
 * shared parameters (the paper's last shared layer is {@link NormScope#LAST_SHARED_LAYER}, which
 * counts the layer's bias with its weights); {@code L_i(0)} is the epoch-0 mean by default; heads
 * get the unweighted {@code ∇_{φ_i} L_i} (§0.3; the paper weights them). Output scale: weights sum
 * to m (§0.4). Guards: {@code L_i(0) ≥ 1e-8}, {@code ‖h_i‖ = 0} is allowed.
 */
public final class GradNorm implements GramianWeighting, TrainableWeights, ParameterBlocksAware, BlockGramianScope {
    private static final String NAME = "GradNorm";
    private static final double L0_FLOOR = 1e-8;
    private static final double S_INIT = 1.0;

    private final Config config;
    private final int m;
    private final double[] ones;
    private double[] s;
    private double[] l0;
    private long[] layerSizes;

    /** Which gradients' norms balance the tasks. */
    public enum NormScope {
        /** Gradients over all shared parameters (LibMTL default). */
        ALL_SHARED,
        /**
         * Gradients over the last shared layer's parameters, weight and bias (the paper's W); needs
         * the layer blocks ({@link ParameterBlocksAware}).
         */
        LAST_SHARED_LAYER,
        /** Gradients over the shared representation Z (LibMTL {@code rep_grad}). */
        REPRESENTATION
    }

    /** Where the reference losses {@code L_i(0)} come from. */
    public enum InitialLoss {
        /** Mean training loss of epoch 0 (LibMTL); needs {@code warmupEpochs ≥ 1}. */
        EPOCH_MEAN,
        /** Losses at the first step (paper). */
        FIRST_STEP
    }

    /**
     * Configuration of {@link GradNorm}.
     *
     * @param alpha        asymmetry α ≥ 0 (0: equal gradient norms regardless of training rates)
     * @param normScope    which gradients' norms are balanced
     * @param warmupEpochs epochs of plain summed losses before balancing starts (≥ 0)
     * @param initialLoss  source of {@code L_i(0)}
     */
    public record Config(double alpha, NormScope normScope, int warmupEpochs, InitialLoss initialLoss)
            implements WeightingConfig {
        /** Validates. */
        public Config {
            if (!(alpha >= 0) || !Double.isFinite(alpha)) {
                throw new IllegalArgumentException("alpha must be finite and >= 0, found " + alpha);
            }
            if (normScope == null) {
                throw new IllegalArgumentException("normScope must be one of " + Arrays.toString(NormScope.values())
                        + ", found null");
            }
            if (initialLoss == null) {
                throw new IllegalArgumentException("initialLoss must be one of " + Arrays.toString(InitialLoss.values())
                        + ", found null");
            }
            if (warmupEpochs < 0) {
                throw new IllegalArgumentException("warmupEpochs must be >= 0, found " + warmupEpochs);
            }
            if (initialLoss == InitialLoss.EPOCH_MEAN && warmupEpochs < 1) {
                throw new IllegalArgumentException("warmupEpochs must be >= 1 with initialLoss = EPOCH_MEAN (L_i(0) is the"
                        + " mean loss of epoch 0, known only after it ends), found " + warmupEpochs);
            }
        }

        /** @return α = 1.5, all shared parameters, 1 warm-up epoch, {@code L(0)} = epoch-0 mean (LibMTL) */
        public static Config defaults() {
            return new Config(1.5, NormScope.ALL_SHARED, 1, InitialLoss.EPOCH_MEAN);
        }

        @Override
        public GradNorm create(int numTasks) {
            return new GradNorm(this, numTasks);
        }
    }

    private GradNorm(Config config, int m) {
        LossInputs.checkTaskCount(m);
        this.config = config;
        this.m = m;
        this.ones = new double[m];
        Arrays.fill(ones, 1.0);
        reset();
    }

    @Override
    public StepWeights weigh(double[][] gram, double[] losses, StepInfo step) {
        LossInputs.checkLosses(NAME, losses, m);
        double[] norms = gradientNorms(gram);
        List<double[]> history = step.epochLosses();
        LossInputs.checkHistory(NAME, history, m);
        if (config.initialLoss() == InitialLoss.FIRST_STEP && l0 == null) {
            l0 = losses.clone();
        }
        if (step.epoch() < config.warmupEpochs()) {
            return StepWeights.of(ones);
        }
        double[] reference;
        if (config.initialLoss() == InitialLoss.EPOCH_MEAN) {
            if (history.isEmpty()) {
                throw new IllegalStateException(NAME + " needs the mean training loss of epoch 0 at epoch " + step.epoch()
                        + ", but StepInfo.epochLosses is empty");
            }
            reference = history.get(0);
        } else {
            reference = l0;
        }
        for (int i = 0; i < m; i++) {
            if (losses[i] < 0) {
                throw new IllegalArgumentException(NAME + " needs losses >= 0 (the ratios L_i/L_i(0) are raised to the power"
                        + " alpha), found loss " + losses[i] + " for task " + i);
            }
        }
        double[] pi = LossInputs.softmax(s);
        double[] w = new double[m];
        for (int i = 0; i < m; i++) {
            w[i] = m * pi[i];
        }
        return new StepWeights(w, logitGradient(pi, norms, losses, reference), null);
    }

    /**
     * @return {@code ∂L_grad/∂s} at logits with {@code softmax = pi}, for norms {@code ‖h_i‖},
     *         current losses and reference losses {@code L(0)}
     */
    private double[] logitGradient(double[] pi, double[] norms, double[] losses, double[] reference) {
        double[] gi = new double[m];
        double gMean = 0;
        for (int i = 0; i < m; i++) {
            gi[i] = m * pi[i] * norms[i];
            gMean += gi[i] / m;
        }
        double[] rel = new double[m];
        double relMean = 0;
        for (int i = 0; i < m; i++) {
            rel[i] = losses[i] / Math.max(reference[i], L0_FLOOR);
            relMean += rel[i] / m;
        }
        double[] grad = new double[m];
        for (int i = 0; i < m; i++) {
            double r = relMean > 0 ? rel[i] / relMean : 1.0;
            double target = gMean * Math.pow(r, config.alpha());
            double sign = Math.signum(gi[i] - target);
            if (sign == 0) {
                continue;
            }
            // ∂w_i/∂s_k = m π_i (δ_ik − π_k)
            for (int k = 0; k < m; k++) {
                grad[k] += sign * norms[i] * m * pi[i] * ((i == k ? 1 : 0) - pi[k]);
            }
        }
        return grad;
    }

    private double[] gradientNorms(double[][] gram) {
        if (gram == null || gram.length != m) {
            throw new IllegalArgumentException(NAME + ": expected a " + m + "x" + m + " Gram matrix, found "
                    + (gram == null ? "null" : gram.length + " rows"));
        }
        double[] norms = new double[m];
        for (int i = 0; i < m; i++) {
            if (gram[i] == null || gram[i].length != m) {
                throw new IllegalArgumentException(NAME + ": Gram matrix row " + i + " must have length " + m + ", found "
                        + (gram[i] == null ? "null" : gram[i].length));
            }
            double gii = gram[i][i];
            if (!Double.isFinite(gii) || gii < 0) {
                throw new IllegalArgumentException(NAME + ": Gram diagonal G[" + i + "][" + i + "] = ‖g_" + i
                        + "‖² must be finite and >= 0, found " + gii);
            }
            norms[i] = Math.sqrt(gii);
        }
        return norms;
    }

    @Override
    public void setParameterBlocks(long[] layerSizes, long[] tensorSizes) {
        long[] layers = checkSizes("layerSizes", layerSizes);
        long[] tensors = checkSizes("tensorSizes", tensorSizes);
        if (Arrays.stream(layers).sum() != Arrays.stream(tensors).sum()) {
            throw new IllegalArgumentException(NAME + ": layer sizes sum to " + Arrays.stream(layers).sum()
                    + " but tensor sizes sum to " + Arrays.stream(tensors).sum() + "; both must sum to p");
        }
        this.layerSizes = layers;
    }

    private static long[] checkSizes(String name, long[] sizes) {
        if (sizes == null || sizes.length == 0) {
            throw new IllegalArgumentException(NAME + ": " + name + " must hold at least one block size, found "
                    + (sizes == null ? "null" : "none"));
        }
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 1) {
                throw new IllegalArgumentException(NAME + ": " + name + "[" + i + "] must be >= 1, found " + sizes[i]);
            }
        }
        return sizes.clone();
    }

    /**
     * @return with {@link NormScope#LAST_SHARED_LAYER} the last layer block {@code [p − n_K, p)}
     *         ({@code n_K} = the last of the layer sizes), else null (all of θ, or the representation)
     * @throws IllegalStateException    with {@code LAST_SHARED_LAYER} when no blocks were set
     * @throws IllegalArgumentException when the blocks do not sum to p
     */
    @Override
    public Block gramianBlock(long p) {
        if (config.normScope() != NormScope.LAST_SHARED_LAYER) {
            return null;
        }
        if (layerSizes == null) {
            throw new IllegalStateException(NAME + " normScope = " + NormScope.LAST_SHARED_LAYER + " needs the sizes of the"
                    + " shared parameter blocks (ParameterBlocksAware.setParameterBlocks, which the trainer calls with"
                    + " HpsModel.sharedLayerSizes()), but none were set; use normScope = " + NormScope.ALL_SHARED
                    + " for callers without layer blocks");
        }
        long sum = Arrays.stream(layerSizes).sum();
        if (sum != p) {
            throw new IllegalArgumentException(NAME + " normScope = " + NormScope.LAST_SHARED_LAYER + ": the layer blocks "
                    + Arrays.toString(layerSizes) + " sum to " + sum + " but θ has p = " + p + " parameters");
        }
        long last = layerSizes[layerSizes.length - 1];
        return new Block(p - last, last);
    }

    @Override
    public GradientSpace gradientSpace() {
        return config.normScope() == NormScope.REPRESENTATION ? GradientSpace.REPRESENTATION : GradientSpace.SHARED_PARAMETERS;
    }

    @Override
    public double[] trainableValues() {
        return s.clone();
    }

    @Override
    public void setTrainableValues(double[] values) {
        s = LossInputs.checkedCopy(NAME, "logits s", values, m);
    }

    @Override
    public Map<String, double[]> saveState() {
        Map<String, double[]> state = new HashMap<>();
        state.put("s", s.clone());
        if (l0 != null) {
            state.put("l0", l0.clone());
        }
        return Map.copyOf(state);
    }

    @Override
    public void loadState(Map<String, double[]> state) {
        for (String key : state.keySet()) {
            if (!key.equals("s") && !key.equals("l0")) {
                throw new IllegalArgumentException(NAME + " state keys are 's' and 'l0', found " + state.keySet());
            }
        }
        if (!state.containsKey("s")) {
            throw new IllegalArgumentException(NAME + " state must contain 's', found " + state.keySet());
        }
        s = LossInputs.checkedCopy(NAME, "state 's'", state.get("s"), m);
        l0 = state.containsKey("l0") ? LossInputs.checkedCopy(NAME, "state 'l0'", state.get("l0"), m) : null;
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public int numTasks() {
        return m;
    }

    @Override
    public void reset() {
        s = new double[m];
        Arrays.fill(s, S_INIT);
        l0 = null;
    }
}
