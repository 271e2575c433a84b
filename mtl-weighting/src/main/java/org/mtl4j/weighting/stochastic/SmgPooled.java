package org.mtl4j.weighting.stochastic;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mtl4j.core.weighting.Aggregation;
import org.mtl4j.core.weighting.MultiBatchAggregator;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.weighting.solver.MinNormResult;
import org.mtl4j.weighting.solver.MinNormSolver;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SMG with a batch-size schedule ({@link Smg}): pools {@code n_t} mini-batches per step.
 * <pre>
 *   batchesPerStep() = n_t  of the schedule for the next step t
 *   J̄ = mean of the given Jacobians,   λ = argmin_{λ∈Δ} λᵀ J̄J̄ᵀ λ,   d = J̄ᵀλ
 * </pre>
 * It pools however many Jacobians it is given (at least one), so a caller that serves a fixed
 * number still gets SMG on their union.
 *
 * <p><b>State:</b> the next step's counter {@code t + 1} after a step at t (1 before the first),
 * which fixes {@link #batchesPerStep()}; saved as {@code "nextStep"}.
 */
public final class SmgPooled implements MultiBatchAggregator {
    private static final String NEXT_STEP = "nextStep";

    private final Smg.Config config;
    private final int m;
    private final MinNormSolver solver;
    private long nextStep = 1;
    private INDArray pooled;

    SmgPooled(Smg.Config config, int numTasks) {
        StochasticMath.checkTaskCount(numTasks);
        this.config = config;
        this.m = numTasks;
        this.solver = new MinNormSolver(config.solver(), false);
    }

    @Override
    public int batchesPerStep() {
        return config.batchesAt(nextStep);
    }

    @Override
    public Aggregation aggregate(List<INDArray> jacobians, List<double[]> losses, StepInfo step, INDArray direction) {
        StochasticMath.checkBatches(jacobians, losses, direction, m, 1);
        pooled = jacobians.size() > 1 ? StochasticMath.bufferLike(pooled, jacobians.get(0)) : pooled;
        INDArray mean = StochasticMath.mean(jacobians, pooled);
        MinNormResult r = solver.solve(StochasticMath.gram(mean));
        double[] lambda = r.weights();
        StochasticMath.combine(mean, lambda, direction);
        nextStep = step.step() + 1;
        return new Aggregation(lambda, StochasticMath.diagnostics("SMG", r));
    }

    @Override
    public Smg.Config config() {
        return config;
    }

    @Override
    public int numTasks() {
        return m;
    }

    @Override
    public void reset() {
        nextStep = 1;
    }

    @Override
    public Map<String, double[]> saveState() {
        return Map.of(NEXT_STEP, new double[] {nextStep});
    }

    @Override
    public void loadState(Map<String, double[]> state) {
        StochasticMath.rejectUnknownKeys("SMG", state, Set.of(NEXT_STEP));
        double[] v = StochasticMath.stateVector("SMG", state, NEXT_STEP, 1);
        if (v != null && (v[0] < 1 || v[0] != Math.rint(v[0]))) {
            throw new IllegalArgumentException("SMG state 'nextStep' must be an integer >= 1, found " + v[0]);
        }
        nextStep = v == null ? 1 : (long) v[0];
    }
}
