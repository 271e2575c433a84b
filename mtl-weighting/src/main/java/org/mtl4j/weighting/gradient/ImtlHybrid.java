package org.mtl4j.weighting.gradient;

import java.util.Map;
import org.mtl4j.core.weighting.GradientSpace;
import org.mtl4j.core.weighting.GramianWeighting;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.StepWeights;
import org.mtl4j.core.weighting.TrainableWeights;

/**
 * IMTL (hybrid): IMTL-G applied to the gradients of the IMTL-L losses, as in LibMTL.
 * <pre>
 *   L̂_i = e^{s_i} L_i − s_i                  (IMTL-L, learnable scales s, init 0)
 *   ĝ_i = ∇_θ L̂_i = e^{s_i} g_i   ⇒   Ĝ = diag(e^s) G diag(e^s)
 *   ŵ   = IMTL-G weights of Ĝ                 (see {@link ImtlG})
 *   d   = Σ ŵ_i ĝ_i = Σ w_i g_i   with   w_i = ŵ_i e^{s_i}      (the reported weights)
 *   ∂L̂_i/∂s_i = e^{s_i} L_i − 1               (the reported trainable gradient)
 * </pre>
 *
 * <p><b>How e^{s}L − s maps onto the SPI.</b> The trainer computes the raw per-task gradients
 * {@code g_i} (or their Gram G) once; since {@code ∇_θ L̂_i = e^{s_i} g_i}, IMTL rescales G itself
 * and reports weights on the raw gradients, so no second backward pass and no loss transform in
 * the trainer are needed. The scales s are exposed through {@link TrainableWeights}; the gradient
 * {@code e^{s}⊙L − 1} of {@code Σ L̂_i} is returned in {@link StepWeights#trainableGradient()} and
 * the trainer's optimiser updates s (the strategy never steps them). The optimum
 * {@code e^{s_i} = 1/L_i} balances the scaled losses at 1.
 *
 * <p>Heads: LibMTL back-propagates each {@code L̂_i} separately, so head i gets
 * {@code ∇_{φ_i} L̂_i = e^{s_i} ∇_{φ_i} L_i}: the step reports these factors as
 * {@link StepWeights#headWeights()}, which the engine applies under the REFERENCE head policy
 * ({@link #headScales()} returns them too).
 *
 * <p>State: s (key {@code "scales"}). Not random. Reference and deviations: see {@link ImtlG}.
 */
public final class ImtlHybrid implements GramianWeighting, TrainableWeights {
    private final ImtlConfig config;
    private final int m;
    private final ImtlScales scales;

    ImtlHybrid(ImtlConfig config, int numTasks) {
        if (numTasks < 1) {
            throw new IllegalArgumentException("number of tasks must be >= 1, found " + numTasks);
        }
        this.config = config;
        this.m = numTasks;
        this.scales = new ImtlScales(numTasks, config.initialScale());
    }

    @Override
    public StepWeights weigh(double[][] gram, double[] losses, StepInfo step) {
        JacobianMath.checkGram(gram, m);
        JacobianMath.checkLosses(losses, m);
        double[] e = scales.exp();
        double[][] scaled = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                scaled[i][j] = e[i] * gram[i][j] * e[j];
            }
        }
        double[] w = ImtlG.weights(scaled);
        for (int i = 0; i < m; i++) {
            w[i] *= e[i];
        }
        return new StepWeights(w, scales.gradient(losses), null, e);
    }

    /** @return the factors {@code e^{s_i}} by which LibMTL's heads are scaled ({@code ∇_{φ_i} L̂_i = e^{s_i}∇_{φ_i} L_i}) */
    public double[] headScales() {
        return scales.exp();
    }

    @Override
    public double[] trainableValues() {
        return scales.values();
    }

    @Override
    public void setTrainableValues(double[] values) {
        scales.set(values);
    }

    @Override
    public GradientSpace gradientSpace() {
        return config.gradientSpace();
    }

    @Override
    public ImtlConfig config() {
        return config;
    }

    @Override
    public int numTasks() {
        return m;
    }

    @Override
    public void reset() {
        scales.reset();
    }

    @Override
    public Map<String, double[]> saveState() {
        return scales.save();
    }

    @Override
    public void loadState(Map<String, double[]> state) {
        scales.load(state);
    }
}
