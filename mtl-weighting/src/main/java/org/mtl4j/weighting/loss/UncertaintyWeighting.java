package org.mtl4j.weighting.loss;

import java.util.Map;
import org.mtl4j.core.weighting.LossWeighting;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.StepWeights;
import org.mtl4j.core.weighting.TrainableWeights;
import org.mtl4j.core.weighting.WeightingConfig;

/**
 * UW, uncertainty weighting with learned log-variances {@code s_i = log σ_i²}:
 * <pre>
 *   L_UW(θ, s) = Σ_i [ ½ e^{−s_i} L_i(θ) + ½ s_i ]
 *   w_i        = ½ e^{−s_i}                       (so d = Σ_i w_i g_i)
 *   ∂L_UW/∂s_i = ½ (1 − e^{−s_i} L_i)             (reported as the trainable gradient)
 * </pre>
 * With {@code L_i} held fixed, gradient descent on {@code s_i} converges to {@code s_i = log L_i},
 * where {@code w_i = 1/(2L_i)}.
 *
 * <p><b>State:</b> the trainable vector {@code s ∈ R^m} (init {@code sInit}), exposed through
 * {@link TrainableWeights}; the trainer updates it with the model's optimiser (LibMTL makes s a
 * model parameter, so it also gets the model's weight decay). {@link #saveState()} holds
 * {@code "s"}.
 *
 * <p><b>Reference:</b> Kendall, Gal, Cipolla, "Multi-Task Learning Using Uncertainty to Weigh
 * Losses for Scene Geometry and Semantics", CVPR 2018; LibMTL {@code LibMTL/weighting/UW.py}.
 * <b>Deviations:</b> the paper uses {@code 1/(2σ²)} for regression and {@code 1/σ²} for
 * classification; like every reference implementation we use the single form above. Heads get
 * {@code w_i ∇_{φ_i} L_i} (§0.3, one weighted loss). Output scale: {@code Σ ½e^{−s_i} g_i}
 * (§0.4), not normalised; the weights are unbounded, nothing is clamped.
 */
public final class UncertaintyWeighting implements LossWeighting, TrainableWeights {
    private static final String NAME = "UW";

    private final Config config;
    private final int m;
    private double[] s;

    /**
     * Configuration of {@link UncertaintyWeighting}.
     *
     * @param sInit initial log-variance of every task (LibMTL/MTAN −0.5; the Nash-MTL code uses 0)
     */
    public record Config(double sInit) implements WeightingConfig {
        /** Validates. */
        public Config {
            if (!Double.isFinite(sInit)) {
                throw new IllegalArgumentException("sInit must be finite, found " + sInit);
            }
        }

        /** @return {@code sInit = −0.5} (LibMTL) */
        public static Config defaults() {
            return new Config(-0.5);
        }

        @Override
        public UncertaintyWeighting create(int numTasks) {
            return new UncertaintyWeighting(this, numTasks);
        }
    }

    private UncertaintyWeighting(Config config, int m) {
        LossInputs.checkTaskCount(m);
        this.config = config;
        this.m = m;
        reset();
    }

    @Override
    public StepWeights weigh(double[] losses, StepInfo step) {
        LossInputs.checkLosses(NAME, losses, m);
        double[] w = new double[m];
        double[] grad = new double[m];
        for (int i = 0; i < m; i++) {
            double e = Math.exp(-s[i]);
            w[i] = 0.5 * e;
            grad[i] = 0.5 * (1 - e * losses[i]);
        }
        return new StepWeights(w, grad, null);
    }

    @Override
    public double[] trainableValues() {
        return s.clone();
    }

    @Override
    public void setTrainableValues(double[] values) {
        s = LossInputs.checkedCopy(NAME, "log-variances s", values, m);
    }

    @Override
    public Map<String, double[]> saveState() {
        return Map.of("s", s.clone());
    }

    @Override
    public void loadState(Map<String, double[]> state) {
        if (!state.containsKey("s") || state.size() != 1) {
            throw new IllegalArgumentException(NAME + " state must hold exactly the key 's', found " + state.keySet());
        }
        s = LossInputs.checkedCopy(NAME, "state 's'", state.get("s"), m);
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
        java.util.Arrays.fill(s, config.sInit());
    }
}
