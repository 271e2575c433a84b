package org.mtl4j.weighting.loss;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.mtl4j.core.weighting.LossWeighting;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.StepWeights;
import org.mtl4j.core.weighting.WeightingConfig;

/**
 * RLW, random loss weighting: fresh random weights at every step,
 * <pre>
 *   NORMAL       w = softmax(ε),  ε ~ N(0, I_m)                    (default; Σ w = 1)
 *   UNIFORM      w = softmax(u),  u ~ U(0, 1)^m                    (Σ w = 1)
 *   DIRICHLET    w = γ / Σ_j γ_j, γ_i ~ Gamma(α, 1)  i.e. Dir(α·1)  (Σ w = 1)
 *   BERNOULLI    w_i ~ Bernoulli(½) i.i.d., redrawn until not all 0 (not normalised)
 *   BERNOULLI_K  w = indicator of k tasks drawn without replacement (not normalised)
 * </pre>
 * and {@code d = Σ w_i g_i}. By symmetry {@code E[w_i] = 1/m} for the first three.
 *
 * <p><b>State:</b> none. The random numbers come from {@link StepInfo#random()}, which the
 * trainer derives from the run seed and the step, so the same seed gives the same sequence and a
 * resumed run continues it.
 *
 * <p><b>Reference:</b> Lin, Ye, Zhang, Tsang, "Reasonable Effectiveness of Random Weighting: A Litmus
 * Test for Multi-Task Learning", TMLR 2022; {@code Baijiong-Lin/RLW} {@code utils/weighting.py};
 * LibMTL {@code LibMTL/weighting/RLW.py}. <b>Deviations:</b> the RNG is the step's generator
 * (§0.5 asks for one owned by the instance; the SPI derives it per step instead, which also makes
 * resumption exact); Gamma variates by Marsaglia–Tsang, so the streams differ from PyTorch/Python.
 * Heads get {@code w_i ∇_{φ_i} L_i} (§0.3). Output scale: weights sum to 1 except the Bernoulli
 * variants (§0.4).
 */
public final class RandomLossWeighting implements LossWeighting {
    private static final String NAME = "RLW";

    private final Config config;
    private final int m;

    /** The weight distribution. */
    public enum Distribution {
        /** {@code softmax(N(0, I))}. */
        NORMAL,
        /** {@code softmax(U(0,1)^m)}. */
        UNIFORM,
        /** {@code Dirichlet(α, …, α)}. */
        DIRICHLET,
        /** i.i.d. 0/1 with probability ½, not all 0. */
        BERNOULLI,
        /** exactly k ones at random positions. */
        BERNOULLI_K
    }

    /**
     * Configuration of {@link RandomLossWeighting}.
     *
     * @param distribution   weight distribution
     * @param dirichletAlpha concentration α &gt; 0 of {@link Distribution#DIRICHLET} (RLW code: 1)
     * @param k              number of active tasks of {@link Distribution#BERNOULLI_K} (≥ 1, ≤ m)
     */
    public record Config(Distribution distribution, double dirichletAlpha, int k) implements WeightingConfig {
        /** Validates. */
        public Config {
            if (distribution == null) {
                throw new IllegalArgumentException("distribution must be one of " + Arrays.toString(Distribution.values())
                        + ", found null");
            }
            if (!(dirichletAlpha > 0) || !Double.isFinite(dirichletAlpha)) {
                throw new IllegalArgumentException("dirichletAlpha must be finite and > 0, found " + dirichletAlpha);
            }
            if (k < 1) {
                throw new IllegalArgumentException("k must be >= 1, found " + k);
            }
        }

        /** @return NORMAL, α = 1, k = 1 */
        public static Config defaults() {
            return new Config(Distribution.NORMAL, 1.0, 1);
        }

        /** @return the defaults with another distribution */
        public static Config of(Distribution distribution) {
            return new Config(distribution, 1.0, 1);
        }

        @Override
        public RandomLossWeighting create(int numTasks) {
            return new RandomLossWeighting(this, numTasks);
        }
    }

    private RandomLossWeighting(Config config, int m) {
        LossInputs.checkTaskCount(m);
        if (config.distribution() == Distribution.BERNOULLI_K && config.k() > m) {
            throw new IllegalArgumentException("k must be <= m = " + m + " for BERNOULLI_K, found " + config.k());
        }
        this.config = config;
        this.m = m;
    }

    @Override
    public StepWeights weigh(double[] losses, StepInfo step) {
        LossInputs.checkLosses(NAME, losses, m);
        return StepWeights.of(sample(step.random()));
    }

    private double[] sample(RandomGenerator rng) {
        double[] w = new double[m];
        switch (config.distribution()) {
            case NORMAL -> {
                for (int i = 0; i < m; i++) {
                    w[i] = rng.nextGaussian();
                }
                w = LossInputs.softmax(w);
            }
            case UNIFORM -> {
                for (int i = 0; i < m; i++) {
                    w[i] = rng.nextDouble();
                }
                w = LossInputs.softmax(w);
            }
            case DIRICHLET -> {
                double sum;
                do {
                    sum = 0;
                    for (int i = 0; i < m; i++) {
                        w[i] = gamma(config.dirichletAlpha(), rng);
                        sum += w[i];
                    }
                } while (!(sum > 0)); // all-zero draws (underflow for tiny α) are redrawn
                for (int i = 0; i < m; i++) {
                    w[i] /= sum;
                }
            }
            case BERNOULLI -> {
                boolean any;
                do {
                    any = false;
                    for (int i = 0; i < m; i++) {
                        w[i] = rng.nextBoolean() ? 1.0 : 0.0;
                        any |= w[i] == 1.0;
                    }
                } while (!any);
            }
            case BERNOULLI_K -> {
                int[] idx = new int[m];
                for (int i = 0; i < m; i++) {
                    idx[i] = i;
                }
                for (int i = 0; i < config.k(); i++) { // partial Fisher–Yates
                    int j = i + rng.nextInt(m - i);
                    int t = idx[i];
                    idx[i] = idx[j];
                    idx[j] = t;
                    w[idx[i]] = 1.0;
                }
            }
            default -> throw new IllegalStateException("unhandled distribution " + config.distribution());
        }
        return w;
    }

    /**
     * Gamma(α, 1) by Marsaglia–Tsang (2000); for α &lt; 1 the boost {@code Gamma(α+1)·U^{1/α}}.
     */
    static double gamma(double alpha, RandomGenerator rng) {
        if (alpha < 1) {
            double u = rng.nextDouble();
            return gamma(alpha + 1, rng) * Math.pow(u, 1 / alpha);
        }
        double d = alpha - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = rng.nextGaussian();
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = rng.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
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
        // stateless: randomness comes from StepInfo.random()
    }
}
