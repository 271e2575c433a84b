package org.mtl4j.weighting.stochastic;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mtl4j.core.weighting.Aggregation;
import org.mtl4j.core.weighting.Diagnostics;
import org.mtl4j.core.weighting.MultiBatchAggregator;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.WeightingConfig;
import org.mtl4j.weighting.solver.SimplexProjection;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SDMGrad, stochastic direction-oriented multi-objective gradient descent: MGDA regularised
 * towards the mean gradient, with the weight subproblem driven by a double-sampled Gram matrix.
 * The weight problem {@code min_{w∈Δ} ½‖Jᵀw + λ g₀‖²} ({@code g₀ = Jᵀ1/m}) has the gradient
 * {@code G w + λ G 1/m}, estimated without bias with two independent batches ξ, ξ′:
 * <pre>
 *   batches (THREE, default): ζ = batch 1, ξ = batch 2, ξ′ = batch 3      (TWO: ξ = batch 1, ξ′ = batch 2, ζ = ξ)
 *   Ĝ = J^ξ (J^ξ′)ᵀ,   s = mean_i √max(Ĝ_ii, 0),   Ĝ ← Ĝ / (s² + 1e-8)
 *   c = Ĝ 1/m   (row means)
 *   repeat niter times (w warm-started from the previous step, momentum buffer b fresh each step):
 *     q = Ĝ w + λ c;   b ← q (first iteration) or μ b + q;   w ← Π_Δ(w − η b)      (§0.6 K1)
 *   d = (J^ζᵀ w + λ J^ζᵀ 1/m) / (1 + λ) = J^ζᵀ ((w + λ/m) / (1 + λ))
 * </pre>
 * The reported weights are {@code (w + λ/m)/(1+λ)} (they sum to 1; {@code d} is their combination
 * of the rows of {@code J^ζ}). The trainer serves the batches ({@link #batchesPerStep()}); the heads
 * receive the mean over the batches of their gradients (as for MoDo, algorithms.md §0.3).
 *
 * <p><b>State:</b> w ({@code 1/m} at the start), saved as {@code "w"}.
 *
 * <p><b>Reference:</b> P. Xiao, H. Ban, K. Ji, "Direction-oriented Multi-objective Learning:
 * Simple and Provable Stochastic Algorithms", NeurIPS 2023 (official code
 * {@code OptMN-Lab/sdmgrad}); LibMTL {@code LibMTL/weighting/SDMGrad.py}, whose inner solver
 * (normalised Ĝ, {@code niter} projected SGD steps with momentum, learning rate 5, momentum 0.5)
 * is reproduced here. <b>Deviations and decisions:</b> algorithms.md has no section on SDMGrad;
 * the paper and LibMTL sample three batches (ζ for the direction, ξ and ξ′ for the weights), which
 * is the default; {@code batches = TWO} reuses ξ as ζ (two batches per step, cheaper, but the
 * direction is no longer independent of the weights). The objective-sampling variant SDMGrad-OS
 * is not offered.
 */
public final class SdmGrad implements MultiBatchAggregator {
    static final String WEIGHTS = "w";
    /** Learning rate of the inner projected SGD (LibMTL). */
    static final double INNER_LR = 5.0;
    /** Momentum of the inner projected SGD (LibMTL). */
    static final double INNER_MOMENTUM = 0.5;

    private final Config config;
    private final int m;
    private double[] w;

    /** Which batch serves which role. */
    public enum Sampling {
        /** Three batches: ζ (direction), ξ and ξ′ (weights); paper and LibMTL. */
        THREE,
        /** Two batches: ξ and ξ′ (weights), the direction from ξ. */
        TWO
    }

    /**
     * Configuration of SDMGrad.
     *
     * @param lambda   regularisation towards the mean gradient, {@code λ ≥ 0}
     * @param niter    inner iterations of the weight update, ≥ 1
     * @param sampling THREE (default) or TWO batches per step
     */
    public record Config(double lambda, int niter, Sampling sampling) implements WeightingConfig {
        /** Validates. */
        public Config {
            if (!(lambda >= 0) || !Double.isFinite(lambda)) {
                throw new IllegalArgumentException("lambda must be finite and >= 0, found " + lambda);
            }
            if (niter < 1) {
                throw new IllegalArgumentException("niter must be >= 1, found " + niter);
            }
            if (sampling == null) {
                throw new IllegalArgumentException("sampling must be THREE or TWO, found null");
            }
        }

        /** @return LibMTL's defaults λ = 0.3, 20 inner iterations, three batches */
        public static Config defaults() {
            return new Config(0.3, 20, Sampling.THREE);
        }

        @Override
        public SdmGrad create(int numTasks) {
            return new SdmGrad(this, numTasks);
        }
    }

    private SdmGrad(Config config, int m) {
        StochasticMath.checkTaskCount(m);
        this.config = config;
        this.m = m;
        reset();
    }

    @Override
    public int batchesPerStep() {
        return config.sampling() == Sampling.THREE ? 3 : 2;
    }

    @Override
    public Aggregation aggregate(List<INDArray> jacobians, List<double[]> losses, StepInfo step, INDArray direction) {
        int k = batchesPerStep();
        StochasticMath.checkBatches(jacobians, losses, direction, m, k);
        if (jacobians.size() != k) {
            throw new IllegalArgumentException("SDMGrad (" + config.sampling() + ") needs exactly " + k + " Jacobians, found "
                    + jacobians.size());
        }
        INDArray zeta = jacobians.get(0);
        INDArray xi = jacobians.get(k - 2);
        INDArray xiPrime = jacobians.get(k - 1);
        double[][] g = StochasticMath.crossGram(xi, xiPrime);
        double s = 0;
        for (int i = 0; i < m; i++) {
            s += Math.sqrt(Math.max(g[i][i], 0.0));
        }
        s /= m;
        double norm = s * s + StochasticMath.EPS;
        double[] c = new double[m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                g[i][j] /= norm;
                c[i] += g[i][j] / m;
            }
        }
        double[] buf = new double[m];
        for (int it = 0; it < config.niter(); it++) {
            double[] q = StochasticMath.multiply(g, w);
            double[] next = new double[m];
            for (int i = 0; i < m; i++) {
                q[i] += config.lambda() * c[i];
                buf[i] = it == 0 ? q[i] : INNER_MOMENTUM * buf[i] + q[i];
                next[i] = w[i] - INNER_LR * buf[i];
            }
            w = SimplexProjection.project(next);
        }
        double[] weights = new double[m];
        for (int i = 0; i < m; i++) {
            weights[i] = (w[i] + config.lambda() / m) / (1 + config.lambda());
        }
        StochasticMath.combine(zeta, weights, direction);
        return new Aggregation(weights, Diagnostics.solved(config.niter()));
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
        w = new double[m];
        Arrays.fill(w, 1.0 / m);
    }

    @Override
    public Map<String, double[]> saveState() {
        return Map.of(WEIGHTS, w.clone());
    }

    @Override
    public void loadState(Map<String, double[]> state) {
        StochasticMath.rejectUnknownKeys("SDMGrad", state, Set.of(WEIGHTS));
        reset();
        double[] v = StochasticMath.stateVector("SDMGrad", state, WEIGHTS, m);
        if (v != null) {
            w = v;
        }
    }
}

