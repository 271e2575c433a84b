package org.mtl4j.weighting.gradient;

import java.util.Arrays;
import java.util.Map;
import org.mtl4j.core.weighting.Aggregation;
import org.mtl4j.core.weighting.Diagnostics;
import org.mtl4j.core.weighting.JacobianAggregator;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.weighting.solver.MinNormSolver;
import org.mtl4j.weighting.solver.SolverStatus;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * CAGrad, conflict-averse gradient descent: the direction within {@code c‖g₀‖} of the mean
 * gradient that maximises the worst task's improvement.
 * <pre>
 *   primal:  max_d min_i ⟨g_i, d⟩   s.t.  ‖d − g₀‖ ≤ c‖g₀‖,   g₀ = (1/m) Σ g_i
 *   ‖g₀‖ = √(mean(G) + 1e-8),   √φ = c‖g₀‖ + 1e-8
 *   w*   = argmin_{w∈Δ} wᵀG·1/m + √φ √(wᵀGw + 1e-8)         (dual, solved exactly: {@link CaGradDual})
 *   g_w  = Σ w*_i g_i,   λ = √φ / (‖g_w‖ + 1e-8)
 *   d₀   = g₀ + λ g_w = Σ_i (1/m + λ w*_i) g_i
 *   d    = d₀ · {1 | 1/(1+c²) | 1/(1+c)}  (rescale 0 | 1 (default) | 2),   × m if scaleToSum
 * </pre>
 * All of it is computed from the Gram matrix in double; the p-sized work is {@code G = JJᵀ} and
 * {@code d = Jᵀw}, and the weights w are reported in the {@link Aggregation}. Output scale: the mean
 * divided by (1+c²) by default (LibMTL). Heads get unweighted gradients (algorithms.md §0.3).
 *
 * <p>Solver failure never stops training: the {@link CaGradConfig#fallback()} policy decides, the
 * first failure is logged once and every one is reported in the {@link Diagnostics}.
 * State: the last weights (USE_PREVIOUS; key {@code "previousWeights"}). Not random.
 *
 * <p>Reference: B. Liu, X. Liu, X. Jin, P. Stone, Q. Liu, "Conflict-Averse Gradient Descent for
 * Multi-task Learning", NeurIPS 2021; code {@code Cranial-XIX/CAGrad} ({@code nyuv2/utils.py}),
 * LibMTL {@code LibMTL/weighting/CAGrad.py}.
 *
 * <p>Deviations: the reference solves the dual with SciPy SLSQP at its default tolerance (~1e-6);
 * here it is solved to a KKT residual ≤ 1e-9 (relative). The official code's ×m is off by default
 * ({@link CaGradConfig#scaleToSum()}). torchjd's "zero on the Pareto front" shortcut is not used.
 */
public final class CaGrad implements JacobianAggregator {
    private final CaGradConfig config;
    private final int m;
    private final CaGradDual dual;
    private final SolverFallback fallback;

    CaGrad(CaGradConfig config, int numTasks) {
        if (numTasks < 1) {
            throw new IllegalArgumentException("number of tasks must be >= 1, found " + numTasks);
        }
        this.config = config;
        this.m = numTasks;
        this.dual = new CaGradDual(MinNormSolver.defaults());
        double[] mean = new double[numTasks];
        Arrays.fill(mean, config.outputFactor(numTasks) / numTasks);
        this.fallback = new SolverFallback("CAGrad", config.fallback(), mean);
    }

    @Override
    public Aggregation aggregate(INDArray jacobian, double[] losses, StepInfo step, INDArray direction) {
        JacobianMath.checkAggregateInputs(jacobian, losses, direction, m);
        return aggregate(jacobian, JacobianMath.gram(jacobian), losses, step, direction);
    }

    @Override
    public boolean readsGramian() {
        return true;
    }

    /** CAGrad reads J only through G: with the engine's Gramian no pass over J is needed before {@code d = Jᵀw}. */
    @Override
    public Aggregation aggregate(INDArray jacobian, double[][] gram, double[] losses, StepInfo step, INDArray direction) {
        JacobianMath.checkAggregateInputs(jacobian, losses, direction, m);
        JacobianMath.checkGram(gram, m);
        WeightsAndDiagnostics r = weights(gram, step);
        JacobianMath.combine(jacobian, r.weights(), direction);
        return new Aggregation(r.weights(), r.diagnostics());
    }

    /** Weights with {@code d = Jᵀw} and the diagnostics of the dual solve. */
    record WeightsAndDiagnostics(double[] weights, Diagnostics diagnostics, double[] dualWeights) {
    }

    /** @return the CAGrad weights for a Gram matrix (applies the fallback policy on failure) */
    WeightsAndDiagnostics weights(double[][] gram, StepInfo step) {
        double mean = 0;
        for (double[] row : gram) {
            for (double v : row) {
                mean += v;
            }
        }
        mean /= (double) m * m;
        double g0Norm = Math.sqrt(Math.max(mean, 0.0) + 1e-8);
        double sqrtPhi = config.c() * g0Norm + 1e-8;
        CaGradDual.Result r;
        String error = null;
        try {
            r = dual.solve(gram, sqrtPhi);
        } catch (RuntimeException e) {
            r = null;
            error = "the dual solver threw " + e;
        }
        if (r == null || r.status() == SolverStatus.FAILED) {
            SolverFallback.Outcome o = fallback.fail(step.step(), r == null ? 0 : r.evaluations(),
                    r == null ? error : "dual status FAILED");
            fallback.accept(o.weights());
            return new WeightsAndDiagnostics(o.weights(), o.diagnostics(), null);
        }
        double[] w = r.weights();
        double gwNorm = Math.sqrt(Math.max(JacobianMath.quadraticForm(gram, w), 0.0));
        double lambda = sqrtPhi / (gwNorm + 1e-8);
        double factor = config.outputFactor(m);
        double[] coefficients = new double[m];
        for (int i = 0; i < m; i++) {
            coefficients[i] = factor * (1.0 / m + lambda * w[i]);
        }
        fallback.accept(coefficients);
        Diagnostics d = r.status() == SolverStatus.OPTIMAL ? Diagnostics.solved(r.evaluations())
                : new Diagnostics(Diagnostics.Outcome.APPROXIMATE, r.evaluations(), false,
                        "CAGrad dual KKT residual " + r.kktResidual());
        return new WeightsAndDiagnostics(coefficients, d, w);
    }

    @Override
    public CaGradConfig config() {
        return config;
    }

    @Override
    public int numTasks() {
        return m;
    }

    @Override
    public void reset() {
        fallback.reset();
    }

    @Override
    public Map<String, double[]> saveState() {
        return fallback.save();
    }

    @Override
    public void loadState(Map<String, double[]> state) {
        if (!state.isEmpty() && !(state.size() == 1 && state.containsKey(SolverFallback.STATE_KEY))) {
            throw new IllegalArgumentException("CAGrad state holds only '" + SolverFallback.STATE_KEY + "', found " + state.keySet());
        }
        fallback.load(state);
    }
}
