package org.mtl4j.weighting.gradient;

import java.util.Arrays;
import java.util.Map;
import org.mtl4j.core.weighting.Aggregation;
import org.mtl4j.core.weighting.JacobianAggregator;
import org.mtl4j.core.weighting.ParameterBlocksAware;
import org.mtl4j.core.weighting.StepInfo;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GradVac, gradient vaccine: pulls the cosine similarity of each task pair up to an EMA target,
 * per parameter block k.
 * <pre>
 *   ĝ_i ← g_i for every i
 *   for each task i, for j ≠ i in a fresh random order, for each block k (vectors restricted to k):
 *     ρ  = clamp(⟨ĝ_i, g_j⟩ / (‖ĝ_i‖ ‖g_j‖ + 1e-8), −1, 1)
 *     if ρ &lt; ρ̂_ijk:   (t = ρ̂_ijk clamped to |t| ≤ 1 − 1e-6)
 *       ĝ_i ← ĝ_i + g_j · ‖ĝ_i‖ (t √(1−ρ²) − ρ √(1−t²)) / (‖g_j‖ √(1−t²) + 1e-8)
 *     ρ̂_ijk ← (1 − β) ρ̂_ijk + β ρ                 (always, with the ρ measured before the change)
 *   d = Σ_i ĝ_i
 * </pre>
 * Computed in the Gram-only form per block: {@code ĝ_i = Σ_l c_il g_l} on block k, so every inner
 * product and norm comes from the block Gram matrix {@code G^k} (double); the p-sized work is the
 * block Grams and {@code d_k = J_kᵀ w^k} with {@code w^k = Σ_i c_i}. For a single block the
 * weights w are reported in the {@link Aggregation}; with several blocks no single w exists.
 *
 * <p>State: the targets ρ̂ ∈ R^{m×m×K}, initialised to 0 (key {@code "rhoHat"}, index
 * {@code (i·m + j)·K + k}). Blocks come from {@link #setParameterBlocks} (layers for
 * {@link GradVacConfig.GroupType#ALL_LAYER}, tensors for {@link GradVacConfig.GroupType#ALL_MATRIX});
 * without that call the whole vector is one block. Random: the orders come from
 * {@link StepInfo#random()}. Heads get their unweighted gradients (algorithms.md §0.3).
 *
 * <p>Reference: Z. Wang, Y. Tsvetkov, O. Firat, Y. Cao, "Gradient Vaccine: Investigating and
 * Improving Multi-task Optimization in Massively Multilingual Models", ICLR 2021. Code: LibMTL
 * {@code LibMTL/weighting/GradVac.py}.
 *
 * <p>Additions to the reference: ρ is clamped to [−1, 1] and the target used in the square roots to
 * |t| ≤ 1 − 1e-6 (no blow-up); the update is skipped when {@code ‖g_j‖ = 0} on the block (it
 * would add a multiple of the zero vector).
 */
public final class GradVac implements JacobianAggregator, ParameterBlocksAware {
    private static final Logger LOG = LoggerFactory.getLogger(GradVac.class);
    private static final double TARGET_LIMIT = 1 - 1e-6;
    private static final String STATE_KEY = "rhoHat";

    private final GradVacConfig config;
    private final int m;
    private long[] layerSizes;
    private long[] tensorSizes;
    private double[] rhoHat;
    private boolean warnedNoBlocks;

    GradVac(GradVacConfig config, int numTasks) {
        if (numTasks < 1) {
            throw new IllegalArgumentException("number of tasks must be >= 1, found " + numTasks);
        }
        this.config = config;
        this.m = numTasks;
    }

    /** Only the whole-model grouping reads the engine's Gramian (one block). */
    @Override
    public boolean readsGramian() {
        return config.groupType() == GradVacConfig.GroupType.WHOLE_MODEL;
    }

    @Override
    public void setParameterBlocks(long[] layerSizes, long[] tensorSizes) {
        long[] layers = checkSizes("layerSizes", layerSizes);
        long[] tensors = checkSizes("tensorSizes", tensorSizes);
        if (Arrays.stream(layers).sum() != Arrays.stream(tensors).sum()) {
            throw new IllegalArgumentException("layer sizes sum to " + Arrays.stream(layers).sum()
                    + " but tensor sizes sum to " + Arrays.stream(tensors).sum() + "; both must sum to p");
        }
        long[] before = blocks();
        this.layerSizes = layers;
        this.tensorSizes = tensors;
        if (rhoHat != null && before != null && !Arrays.equals(before, blocks())) {
            rhoHat = null;
        }
    }

    private static long[] checkSizes(String name, long[] sizes) {
        if (sizes == null || sizes.length == 0) {
            throw new IllegalArgumentException(name + " must hold at least one block size, found "
                    + (sizes == null ? "null" : "none"));
        }
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 1) {
                throw new IllegalArgumentException(name + "[" + i + "] must be >= 1, found " + sizes[i]);
            }
        }
        return sizes.clone();
    }

    /** @return the configured block sizes, or null for "one block over everything" */
    private long[] blocks() {
        return switch (config.groupType()) {
            case WHOLE_MODEL -> null;
            case ALL_LAYER -> layerSizes;
            case ALL_MATRIX -> tensorSizes;
        };
    }

    @Override
    public Aggregation aggregate(INDArray jacobian, double[] losses, StepInfo step, INDArray direction) {
        return aggregate(jacobian, null, losses, step, direction);
    }

    /**
     * With {@link GradVacConfig.GroupType#WHOLE_MODEL} (one block) the engine's Gramian is the
     * block Gram, so no pass over J is made before {@code d = Jᵀw}; with several blocks G is not
     * read (each block's Gram comes from its columns of J).
     */
    @Override
    public Aggregation aggregate(INDArray jacobian, double[][] gram, double[] losses, StepInfo step, INDArray direction) {
        JacobianMath.checkAggregateInputs(jacobian, losses, direction, m);
        long p = jacobian.columns();
        long[] sizes = blocks();
        if (sizes == null) {
            if (config.groupType() != GradVacConfig.GroupType.WHOLE_MODEL && !warnedNoBlocks) {
                warnedNoBlocks = true;
                LOG.warn("GradVac {}: no parameter blocks were set (setParameterBlocks); using the whole vector as one block",
                        config.groupType());
            }
            sizes = new long[] {p};
        }
        if (Arrays.stream(sizes).sum() != p) {
            throw new IllegalArgumentException("GradVac parameter blocks sum to " + Arrays.stream(sizes).sum()
                    + " but the Jacobian has p = " + p + " columns");
        }
        int blockCount = sizes.length;
        if (rhoHat == null) {
            rhoHat = new double[m * m * blockCount];
        } else if (rhoHat.length != m * m * blockCount) {
            throw new IllegalStateException("GradVac state holds " + rhoHat.length + " targets but m²·K = "
                    + (m * m * blockCount) + " (K = " + blockCount + " blocks)");
        }
        double[][][] grams = new double[blockCount][][];
        long from = 0;
        if (blockCount == 1 && gram != null && readsGramian()) {
            JacobianMath.checkGram(gram, m);
            grams[0] = gram;
        } else {
            for (int k = 0; k < blockCount; k++) {
                grams[k] = JacobianMath.gram(jacobian, from, sizes[k]);
                from += sizes[k];
            }
        }
        double[][][] coefficients = coefficients(grams, step);
        double[] total = blockCount == 1 ? new double[m] : null;
        from = 0;
        for (int k = 0; k < blockCount; k++) {
            double[] w = new double[m];
            for (int i = 0; i < m; i++) {
                for (int l = 0; l < m; l++) {
                    w[l] += coefficients[k][i][l];
                }
            }
            for (double v : w) {
                if (!Double.isFinite(v)) {
                    throw new IllegalStateException("GradVac produced a non-finite coefficient on block " + k + ": " + Arrays.toString(w));
                }
            }
            JacobianMath.combine(jacobian, w, direction, from, sizes[k]);
            from += sizes[k];
            if (total != null) {
                total = w;
            }
        }
        return new Aggregation(total, null);
    }

    /**
     * Runs the GradVac loop on the block Grams, updating the targets.
     *
     * @return per block k, the coefficients {@code c[k][i][l]} with {@code ĝ_i = Σ_l c_il g_l} on block k
     */
    double[][][] coefficients(double[][][] grams, StepInfo step) {
        int blockCount = grams.length;
        double[][][] c = new double[blockCount][m][m];
        double[][] h = new double[blockCount][];      // G^k c_i for the current i
        double[] norm2 = new double[blockCount];      // c_iᵀ G^k c_i
        int[] order = new int[m];
        double beta = config.beta();
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < blockCount; k++) {
                c[k][i][i] = 1.0;
                h[k] = new double[m];
                for (int l = 0; l < m; l++) {
                    h[k][l] = grams[k][l][i];
                }
                norm2[k] = grams[k][i][i];
            }
            int n = 0;
            for (int j = 0; j < m; j++) {
                if (j != i) {
                    order[n++] = j;
                }
            }
            JacobianMath.shuffle(order, n, step.random());
            for (int o = 0; o < n; o++) {
                int j = order[o];
                for (int k = 0; k < blockCount; k++) {
                    double[][] g = grams[k];
                    double normI = Math.sqrt(Math.max(norm2[k], 0.0));
                    double normJ = Math.sqrt(g[j][j]);
                    double rho = h[k][j] / (normI * normJ + JacobianMath.EPS);
                    rho = Math.max(-1.0, Math.min(1.0, rho));
                    int index = (i * m + j) * blockCount + k;
                    double target = rhoHat[index];
                    if (rho < target && g[j][j] > 0) {
                        double t = Math.max(-TARGET_LIMIT, Math.min(TARGET_LIMIT, target));
                        double st = Math.sqrt(1 - t * t);
                        double coef = normI * (t * Math.sqrt(1 - rho * rho) - rho * st) / (normJ * st + JacobianMath.EPS);
                        c[k][i][j] += coef;
                        double hj = h[k][j];
                        for (int l = 0; l < m; l++) {
                            h[k][l] += coef * g[l][j];
                        }
                        norm2[k] += 2 * coef * hj + coef * coef * g[j][j];
                    }
                    rhoHat[index] = (1 - beta) * target + beta * rho;
                }
            }
        }
        return c;
    }

    @Override
    public GradVacConfig config() {
        return config;
    }

    @Override
    public int numTasks() {
        return m;
    }

    @Override
    public void reset() {
        rhoHat = null;
        warnedNoBlocks = false;
    }

    @Override
    public Map<String, double[]> saveState() {
        return rhoHat == null ? Map.of() : Map.of(STATE_KEY, rhoHat.clone());
    }

    @Override
    public void loadState(Map<String, double[]> state) {
        if (state.isEmpty()) {
            rhoHat = null;
            return;
        }
        double[] values = state.get(STATE_KEY);
        if (values == null || state.size() != 1) {
            throw new IllegalArgumentException("GradVac state must hold exactly the key '" + STATE_KEY + "', found " + state.keySet());
        }
        if (values.length == 0 || values.length % (m * m) != 0) {
            throw new IllegalArgumentException("GradVac state '" + STATE_KEY + "' must hold m²·K = " + (m * m)
                    + "·K values, found " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] >= -1 && values[i] <= 1)) {
                throw new IllegalArgumentException("GradVac target " + i + " must be in [-1, 1], found " + values[i]);
            }
        }
        rhoHat = values.clone();
    }
}
