package org.mtl4j.weighting.stochastic;

import java.util.Objects;
import org.mtl4j.core.weighting.Aggregation;
import org.mtl4j.core.weighting.JacobianAggregator;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.WeightingConfig;
import org.mtl4j.core.weighting.WeightingStrategy;
import org.mtl4j.weighting.solver.MinNormResult;
import org.mtl4j.weighting.solver.MinNormSolver;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SMG, the stochastic multi-gradient method: MGDA applied to mini-batch gradients.
 * <pre>
 *   J̄ = (1/n_t) Σ_{b=1..n_t} J^b          (n_t mini-batches pooled at step t; n_t = 1 by default)
 *   λ = argmin_{λ ∈ Δ} λᵀ (J̄J̄ᵀ) λ          (min-norm point, algorithms.md §0.6 K2)
 *   d = J̄ᵀ λ                              (weights λ, Σλ = 1)
 * </pre>
 * The min-norm weights of a stochastic Jacobian are a biased estimate of those of the full
 * gradients; Liu &amp; Vicente reduce the bias by increasing the batch size over the iterations. The
 * batch-size schedule is therefore an option, in units of the data loader's mini-batch:
 * <pre>
 *   CONSTANT:    n_t = n₀
 *   LINEAR:      n_t = min(n_max, n₀ + ⌊r·(t−1)⌋)
 *   GEOMETRIC:   n_t = min(n_max, ⌈n₀·r^(t−1)⌉)
 * </pre>
 * With one batch per step ({@code CONSTANT}, {@code n₀ = 1}, the default) the strategy is a
 * {@link JacobianAggregator} (this class). Otherwise {@link Config#create} returns a multi-batch
 * strategy ({@link SmgPooled}) that asks the trainer for {@code n_t} batches before each step and
 * averages their Jacobians; the Jacobian of equal-size batches whose losses are batch means is
 * exactly the Jacobian of their union, so this is SMG with a batch of {@code n_t} mini-batches.
 *
 * <p><b>State:</b> none for one batch per step; the pooled variant keeps the next step's counter
 * for its schedule. Heads get their unweighted gradients (as MGDA in LibMTL, algorithms.md §0.3).
 * Output scale: weights sum to 1 (§0.4).
 *
 * <p><b>Reference:</b> S. Liu, L. N. Vicente, "The stochastic multi-gradient algorithm for
 * multi-objective optimization and its application to supervised machine learning", Annals of
 * Operations Research 2021 (arXiv 1907.04472); tutorial "Learning with Multiple Objectives"
 * (AAAI-24), slide "SMG". <b>Deviations:</b> the paper states the schedule as a batch size per
 * iteration; here it is counted in mini-batches of the loader and grows with the global step.
 */
public final class Smg implements JacobianAggregator {
    private final Config config;
    private final int m;
    private final MinNormSolver solver;

    /** How the number of pooled mini-batches grows with the step. */
    public enum BatchGrowth {
        /** {@code n_t = n₀}. */
        CONSTANT,
        /** {@code n_t = min(n_max, n₀ + ⌊r·(t−1)⌋)}. */
        LINEAR,
        /** {@code n_t = min(n_max, ⌈n₀·r^(t−1)⌉)}. */
        GEOMETRIC
    }

    /**
     * Configuration of SMG.
     *
     * @param growth         batch-size schedule
     * @param initialBatches {@code n₀ ≥ 1} mini-batches at step 1 (≥ 2 when the schedule grows: one
     *                       batch per step is the CONSTANT schedule)
     * @param rate           growth rate r: {@code > 0} for LINEAR (batches per step), {@code > 1} for
     *                       GEOMETRIC; must be finite and ≥ 0 (ignored) for CONSTANT
     * @param maxBatches     cap {@code n_max ≥ n₀}
     * @param solver         min-norm algorithm for {@code m ≥ 3}
     */
    public record Config(BatchGrowth growth, int initialBatches, double rate, int maxBatches, MinNormSolver.Method solver)
            implements WeightingConfig {
        /** Validates. */
        public Config {
            Objects.requireNonNull(growth, "growth");
            Objects.requireNonNull(solver, "solver");
            if (initialBatches < 1) {
                throw new IllegalArgumentException("initialBatches must be >= 1, found " + initialBatches);
            }
            if (growth != BatchGrowth.CONSTANT && initialBatches < 2) {
                throw new IllegalArgumentException("initialBatches must be >= 2 when growth is " + growth
                        + " (a growing schedule pools batches from the first step), found " + initialBatches);
            }
            if (maxBatches < initialBatches) {
                throw new IllegalArgumentException("maxBatches must be >= initialBatches = " + initialBatches + ", found " + maxBatches);
            }
            if (!Double.isFinite(rate) || rate < 0) {
                throw new IllegalArgumentException("rate must be finite and >= 0, found " + rate);
            }
            if (growth == BatchGrowth.LINEAR && !(rate > 0)) {
                throw new IllegalArgumentException("rate must be > 0 for LINEAR growth, found " + rate);
            }
            if (growth == BatchGrowth.GEOMETRIC && !(rate > 1)) {
                throw new IllegalArgumentException("rate must be > 1 for GEOMETRIC growth, found " + rate);
            }
        }

        /** @return one mini-batch per step (plain SMG), exact min-norm QP */
        public static Config defaults() {
            return new Config(BatchGrowth.CONSTANT, 1, 0.0, 1, MinNormSolver.Method.EXACT_QP);
        }

        /** @return a linearly growing schedule from {@code n₀} batches, {@code r} more per step, at most {@code n_max} */
        public static Config linear(int initialBatches, double rate, int maxBatches) {
            return new Config(BatchGrowth.LINEAR, initialBatches, rate, maxBatches, MinNormSolver.Method.EXACT_QP);
        }

        /** @return whether every step uses exactly one mini-batch */
        public boolean singleBatch() {
            return growth == BatchGrowth.CONSTANT && initialBatches == 1;
        }

        /** @return {@code n_t} of the schedule for the 1-based step t */
        public int batchesAt(long t) {
            double n = switch (growth) {
                case CONSTANT -> initialBatches;
                case LINEAR -> initialBatches + Math.floor(rate * (t - 1));
                case GEOMETRIC -> Math.ceil(initialBatches * Math.pow(rate, t - 1));
            };
            return n >= maxBatches ? maxBatches : (int) n;
        }

        @Override
        public WeightingStrategy create(int numTasks) {
            return singleBatch() ? new Smg(this, numTasks) : new SmgPooled(this, numTasks);
        }
    }

    Smg(Config config, int numTasks) {
        StochasticMath.checkTaskCount(numTasks);
        this.config = config;
        this.m = numTasks;
        this.solver = new MinNormSolver(config.solver(), false);
    }

    @Override
    public Aggregation aggregate(INDArray jacobian, double[] losses, StepInfo step, INDArray direction) {
        StochasticMath.checkSingle(jacobian, losses, direction, m);
        return aggregate(jacobian, StochasticMath.gram(jacobian), losses, step, direction);
    }

    /** SMG reads J through G (the min-norm problem) and the final {@code d = Jᵀλ}: the engine's Gramian saves a pass over J. */
    @Override
    public Aggregation aggregate(INDArray jacobian, double[][] gram, double[] losses, StepInfo step, INDArray direction) {
        StochasticMath.checkSingle(jacobian, losses, direction, m);
        if (gram == null || gram.length != m) {
            throw new IllegalArgumentException("Gram matrix must be " + m + "×" + m + ", found "
                    + (gram == null ? "null" : gram.length + " rows"));
        }
        MinNormResult r = solver.solve(gram);
        double[] lambda = r.weights();
        StochasticMath.combine(jacobian, lambda, direction);
        return new Aggregation(lambda, StochasticMath.diagnostics("SMG", r));
    }

    @Override
    public boolean readsGramian() {
        return true;
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
