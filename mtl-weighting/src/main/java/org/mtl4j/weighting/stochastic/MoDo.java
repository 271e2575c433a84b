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
 * MoDo, multi-objective gradient with double sampling: a projected-gradient step on the MGDA
 * weights with an unbiased estimate of the Gram matrix from two independent batches, and the
 * update direction from a third.
 * <pre>
 *   batches z¹, z², z³ (independent) with Jacobians J¹, J², J³ (m × p)
 *   λ ← Π_Δ( λ − γ (J¹ (J²ᵀ λ) + ρ λ) )          (J¹J²ᵀ estimates the Gram matrix; §0.6 K1)
 *   d = J³ᵀ λ                                     (the new λ;  λ₀ = 1/m)
 * </pre>
 * {@code J¹J²ᵀ} need not be symmetric or positive semi-definite; that is expected. The trainer
 * serves the three batches ({@link #batchesPerStep()} = 3) and the heads receive the mean over the
 * three batches of their gradients (algorithms.md §0.3). Weights λ are reported ({@code d = J³ᵀλ}).
 *
 * <p><b>State:</b> λ, saved as {@code "lambda"}. Output scale: λ sums to 1 (§0.4).
 *
 * <p><b>Reference:</b> L. Chen, H. Fernando, Y. Ying, T. Chen, "Three-Way Trade-Off in
 * Multi-Objective Learning: Optimization, Generalization and Conflict-Avoidance", NeurIPS 2023;
 * LibMTL {@code LibMTL/weighting/MoDo.py}; algorithms.md §14. <b>Deviations:</b> none.
 */
public final class MoDo implements MultiBatchAggregator {
    static final String LAMBDA = "lambda";
    private static final int BATCHES = 3;

    private final Config config;
    private final int m;
    private double[] lambda;

    /**
     * Configuration of MoDo.
     *
     * @param gamma λ step size {@code γ > 0}
     * @param rho   ℓ2 regulariser {@code ρ ≥ 0}
     */
    public record Config(double gamma, double rho) implements WeightingConfig {
        /** Validates. */
        public Config {
            if (!(gamma > 0) || !Double.isFinite(gamma)) {
                throw new IllegalArgumentException("gamma must be finite and > 0, found " + gamma);
            }
            if (!(rho >= 0) || !Double.isFinite(rho)) {
                throw new IllegalArgumentException("rho must be finite and >= 0, found " + rho);
            }
        }

        /** @return LibMTL's defaults γ = 1e-3, ρ = 0.1 */
        public static Config defaults() {
            return new Config(1e-3, 0.1);
        }

        @Override
        public MoDo create(int numTasks) {
            return new MoDo(this, numTasks);
        }
    }

    private MoDo(Config config, int m) {
        StochasticMath.checkTaskCount(m);
        this.config = config;
        this.m = m;
        reset();
    }

    @Override
    public int batchesPerStep() {
        return BATCHES;
    }

    @Override
    public Aggregation aggregate(List<INDArray> jacobians, List<double[]> losses, StepInfo step, INDArray direction) {
        StochasticMath.checkBatches(jacobians, losses, direction, m, BATCHES);
        if (jacobians.size() != BATCHES) {
            throw new IllegalArgumentException("MoDo needs exactly " + BATCHES + " Jacobians, found " + jacobians.size());
        }
        double[][] cross = StochasticMath.crossGram(jacobians.get(0), jacobians.get(1));
        double[] g = StochasticMath.multiply(cross, lambda);
        double[] u = new double[m];
        for (int i = 0; i < m; i++) {
            u[i] = lambda[i] - config.gamma() * (g[i] + config.rho() * lambda[i]);
        }
        lambda = SimplexProjection.project(u);
        StochasticMath.combine(jacobians.get(2), lambda, direction);
        return new Aggregation(lambda, Diagnostics.ok());
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
        lambda = new double[m];
        Arrays.fill(lambda, 1.0 / m);
    }

    @Override
    public Map<String, double[]> saveState() {
        return Map.of(LAMBDA, lambda.clone());
    }

    @Override
    public void loadState(Map<String, double[]> state) {
        StochasticMath.rejectUnknownKeys("MoDo", state, Set.of(LAMBDA));
        reset();
        double[] l = StochasticMath.stateVector("MoDo", state, LAMBDA, m);
        if (l != null) {
            lambda = l;
        }
    }
}
