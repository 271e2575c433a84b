package org.mtl4j.weighting.loss;

import java.util.Arrays;
import java.util.List;
import org.mtl4j.core.weighting.LossWeighting;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.StepWeights;
import org.mtl4j.core.weighting.WeightingConfig;

/**
 * DWA, dynamic weight average: tasks whose epoch-mean training loss fell more slowly get more
 * weight. With {@code L̄_i(e)} the mean training loss of task i over epoch e:
 * <pre>
 *   e = 0, 1:  w_i = 1
 *   e ≥ 2:     r_i = L̄_i(e−1) / L̄_i(e−2)      (r_i = 1 when L̄_i(e−2) = 0)
 *              w   = m · softmax(r / T)        (stable softmax; Σ w_i = m)
 * </pre>
 * The weights are constant within an epoch.
 *
 * <p><b>State:</b> none in the instance. The epoch history {@code L̄(·)} is owned by the trainer
 * and read from {@link StepInfo#epochLosses()} (finished epochs, oldest first): at epoch e ≥ 2 the
 * last two entries are {@code L̄(e−1)} and {@code L̄(e−2)}; fewer than two entries at e ≥ 2 is an
 * error ({@link IllegalStateException}), not a silent fallback.
 *
 * <p><b>Reference:</b> Liu, Johns, Davison, "End-to-End Multi-Task Learning with Attention",
 * CVPR 2019; {@code lorenmt/mtan} {@code im2im_pred/utils.py}; LibMTL {@code LibMTL/weighting/DWA.py}.
 * <b>Deviations:</b> the {@code L̄(e−2) = 0} guard is ours (not specified upstream); the
 * iteration-window variant of the Nash-MTL code is not offered. Heads get {@code w_i ∇_{φ_i} L_i}
 * (§0.3). Output scale: weights sum to m (§0.4).
 */
public final class DynamicWeightAverage implements LossWeighting {
    private static final String NAME = "DWA";

    private final Config config;
    private final int m;
    private final double[] ones;

    /**
     * Configuration of {@link DynamicWeightAverage}.
     *
     * @param temperature softmax temperature T &gt; 0 (larger means closer to equal weights)
     */
    public record Config(double temperature) implements WeightingConfig {
        /** Validates. */
        public Config {
            if (!(temperature > 0) || !Double.isFinite(temperature)) {
                throw new IllegalArgumentException("temperature must be finite and > 0, found " + temperature);
            }
        }

        /** @return {@code T = 2} (paper and LibMTL) */
        public static Config defaults() {
            return new Config(2.0);
        }

        @Override
        public DynamicWeightAverage create(int numTasks) {
            return new DynamicWeightAverage(this, numTasks);
        }
    }

    private DynamicWeightAverage(Config config, int m) {
        LossInputs.checkTaskCount(m);
        this.config = config;
        this.m = m;
        this.ones = new double[m];
        Arrays.fill(ones, 1.0);
    }

    @Override
    public StepWeights weigh(double[] losses, StepInfo step) {
        LossInputs.checkLosses(NAME, losses, m);
        List<double[]> history = step.epochLosses();
        LossInputs.checkHistory(NAME, history, m);
        if (step.epoch() < 2) {
            return StepWeights.of(ones);
        }
        if (history.size() < 2) {
            throw new IllegalStateException(NAME + " needs the mean training losses of the two previous epochs at epoch "
                    + step.epoch() + ", but StepInfo.epochLosses has " + history.size() + " entries");
        }
        return StepWeights.of(weights(history.get(history.size() - 1), history.get(history.size() - 2)));
    }

    /**
     * @return {@code m · softmax(r/T)} with {@code r_i = last_i / previous_i}; if a ratio
     *         overflows to +∞ (a denominator near 0), the softmax's limit: weight m/k on each of
     *         the k infinite entries and 0 elsewhere
     */
    private double[] weights(double[] last, double[] previous) {
        double[] a = new double[m];
        int infinite = 0;
        for (int i = 0; i < m; i++) {
            double r = previous[i] == 0 ? 1.0 : last[i] / previous[i];
            a[i] = r / config.temperature();
            if (a[i] == Double.POSITIVE_INFINITY) {
                infinite++;
            }
        }
        if (infinite > 0) {
            double[] w = new double[m];
            for (int i = 0; i < m; i++) {
                w[i] = a[i] == Double.POSITIVE_INFINITY ? (double) m / infinite : 0.0;
            }
            return w;
        }
        double[] w = LossInputs.softmax(a);
        for (int i = 0; i < m; i++) {
            w[i] *= m;
        }
        return w;
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
        // stateless: the loss history lives in StepInfo
    }
}
