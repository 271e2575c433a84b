package org.mtl4j.core.weighting;

import java.util.Arrays;

/**
 * EW, equal weighting (linear scalarisation):
 * <pre>
 *   w_i = 1            (default, as LibMTL, RLW and Nash-MTL code)
 *   w_i = 1/m          (mean = true, as thesis eq. 2.1)
 *   d   = Σ_i w_i g_i  — computed by one backward pass of Σ_i w_i L_i
 * </pre>
 * Stateless. Heads get {@code w_i ∇_{φ_i} L_i}.
 *
 * <p>Reference: the standard baseline; LibMTL {@code LibMTL/weighting/EW.py}.
 */
public final class EqualWeighting implements LossWeighting {
    private final Config config;
    private final int m;
    private final double[] weights;

    /**
     * Configuration of {@link EqualWeighting}.
     *
     * @param mean use weights 1/m instead of 1
     */
    public record Config(boolean mean) implements WeightingConfig {
        /** @return weights 1 (LibMTL) */
        public static Config defaults() {
            return new Config(false);
        }

        @Override
        public EqualWeighting create(int numTasks) {
            return new EqualWeighting(this, numTasks);
        }
    }

    private EqualWeighting(Config config, int m) {
        if (m < 1) {
            throw new IllegalArgumentException("number of tasks must be >= 1, found " + m);
        }
        this.config = config;
        this.m = m;
        this.weights = new double[m];
        Arrays.fill(weights, config.mean() ? 1.0 / m : 1.0);
    }

    @Override
    public StepWeights weigh(double[] losses, StepInfo step) {
        return StepWeights.of(weights);
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
