package org.mtl4j.weighting.loss;

import org.mtl4j.core.weighting.LossWeighting;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.StepWeights;
import org.mtl4j.core.weighting.WeightingConfig;

/**
 * GLS, geometric loss strategy: minimise the geometric mean of the task losses. Its gradient is
 * a weighted sum of the task gradients, with (ε = {@code eps}, 0 for the exact form):
 * <pre>
 *   L_GLS = (Π_j (L_j + ε))^{1/m}
 *   ∇L_GLS = Σ_i w_i ∇L_i,   w_i = L_GLS / (m (L_i + ε))
 *          computed as w_i = exp( mean_j log(L_j + ε) − log(L_i + ε) ) / m
 * </pre>
 * so tasks with small losses get large weights; the weights are scale-free (multiplying every
 * loss by c multiplies {@code ∇L_GLS} by c but leaves w unchanged).
 *
 * <p><b>State:</b> none.
 *
 * <p><b>Reference:</b> Chennupati, Sistu, Yogamani, Rawashdeh, "MultiNet++: Multi-Stream Feature
 * Aggregation and Geometric Loss Strategy for Multi-Task Learning", CVPR Workshops 2019; LibMTL
 * {@code LibMTL/weighting/GLS.py}. <b>Deviations:</b> LibMTL back-propagates
 * {@code (Π L_j)^{1/m}} directly (the same direction) but logs {@code L_i/(m Π_j L_j)} as the
 * weights, which are not the weights of that gradient; we return the true weights above. The
 * additive guard ε (default 1e-8, §0.5) keeps zero losses finite; with ε = 0 a zero loss is an
 * error. Losses must be ≥ 0. Heads get {@code w_i ∇_{φ_i} L_i} (§0.3, one back-propagated loss).
 * Output scale: that of {@code ∇L_GLS}, i.e. of a typical loss's gradient (§0.4 has no entry).
 */
public final class GeometricLossStrategy implements LossWeighting {
    private static final String NAME = "GLS";

    private final Config config;
    private final int m;

    /**
     * Configuration of {@link GeometricLossStrategy}.
     *
     * @param eps additive guard ε ≥ 0 on every loss (0: exact geometric mean, zero losses rejected)
     */
    public record Config(double eps) implements WeightingConfig {
        /** Validates. */
        public Config {
            if (!(eps >= 0) || !Double.isFinite(eps)) {
                throw new IllegalArgumentException("eps must be finite and >= 0, found " + eps);
            }
        }

        /** @return {@code eps = 1e-8} */
        public static Config defaults() {
            return new Config(1e-8);
        }

        @Override
        public GeometricLossStrategy create(int numTasks) {
            return new GeometricLossStrategy(this, numTasks);
        }
    }

    private GeometricLossStrategy(Config config, int m) {
        LossInputs.checkTaskCount(m);
        this.config = config;
        this.m = m;
    }

    @Override
    public StepWeights weigh(double[] losses, StepInfo step) {
        LossInputs.checkLosses(NAME, losses, m);
        double[] logs = new double[m];
        double meanLog = 0;
        for (int i = 0; i < m; i++) {
            double l = losses[i] + config.eps();
            if (losses[i] < 0 || !(l > 0)) {
                throw new IllegalArgumentException(NAME + " needs losses >= 0" + (config.eps() == 0 ? " and > 0 with eps = 0" : "")
                        + " for the geometric mean, found loss " + losses[i] + " for task " + i);
            }
            logs[i] = Math.log(l);
            meanLog += logs[i] / m;
        }
        double[] w = new double[m];
        for (int i = 0; i < m; i++) {
            w[i] = Math.exp(meanLog - logs[i]) / m;
        }
        return StepWeights.of(w);
    }

    /** @return the objective {@code (Π_j (L_j + ε))^{1/m}} (for logging and tests) */
    public double objective(double[] losses) {
        LossInputs.checkLosses(NAME, losses, m);
        double meanLog = 0;
        for (double l : losses) {
            meanLog += Math.log(l + config.eps()) / m;
        }
        return Math.exp(meanLog);
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
        // stateless
    }
}
