package org.mtl4j.weighting.gradient;

import java.util.Arrays;
import java.util.Map;
import org.mtl4j.core.weighting.Diagnostics;
import org.mtl4j.core.weighting.FallbackPolicy;
import org.mtl4j.core.weighting.GramianWeighting;
import org.mtl4j.core.weighting.HeadPolicy;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.StepWeights;
import org.mtl4j.weighting.solver.SolverStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FairGrad, fair resource allocation in MTL: the update direction is the α-fair allocation of a
 * shared "resource" (the step) among the tasks, whose utilities are their loss decreases
 * {@code ⟨g_i, d⟩}. With {@code d = Σ_j w_j g_j} the optimality condition is
 * <pre>
 *   G w = w^{−1/α}    (element-wise power; w &gt; 0)
 *   d = Σ_i w_i g_i
 * </pre>
 * solved exactly by damped Newton on a strictly convex potential ({@link AlphaFairSolver}):
 * α = 1 gives proportional fairness, the Nash-MTL bargaining solution {@code w ⊙ Gw = 1}; larger α
 * moves towards max-min fairness (the worst task's decrease). Zero-gradient tasks get weight 0.
 * When no allocation exists (0 in the convex hull of the gradients) or the solver fails, the
 * {@link FallbackPolicy} decides: the previous step's weights (1/m before any success), uniform
 * weights 1/m, or an exception; the first fallback is logged once. Heads get {@code w_i ∇_{φ_i} L_i}
 * (LibMTL back-propagates {@code Σ w_i L_i}; reference head policy WEIGHTED).
 *
 * <p><b>State:</b> the last accepted weights ({@code "previousWeights"}), for the fallback only.
 *
 * <p><b>Reference:</b> H. Ban, K. Ji, "Fair Resource Allocation in Multi-Task Learning", ICML 2024
 * (code {@code OptMN-Lab/fairgrad}); LibMTL {@code LibMTL/weighting/FairGrad.py}. <b>Decisions</b>
 * (algorithms.md has no section on FairGrad): LibMTL and the official code solve the equation
 * approximately with SciPy's {@code least_squares} from {@code 1/m} within bounds {@code [0, ∞)};
 * here it is solved to a relative residual of 1e-12 (so α = 1 reproduces Nash-MTL's weights, before
 * Nash-MTL's norm clipping, which FairGrad does not apply). The fallback policy is ours.
 */
public final class FairGrad implements GramianWeighting {
    private static final Logger LOG = LoggerFactory.getLogger(FairGrad.class);
    static final String PREVIOUS = "previousWeights";
    /** Newton iteration cap. */
    static final int MAX_ITERATIONS = 100;
    /** Target relative residual. */
    static final double TOLERANCE = 1e-12;

    private final FairGradConfig config;
    private final int m;
    private final AlphaFairSolver solver;
    private double[] previous;
    private boolean logged;

    FairGrad(FairGradConfig config, int numTasks) {
        if (numTasks < 1) {
            throw new IllegalArgumentException("number of tasks must be >= 1, found " + numTasks);
        }
        this.config = config;
        this.m = numTasks;
        this.solver = new AlphaFairSolver(config.alpha(), MAX_ITERATIONS, TOLERANCE);
        reset();
    }

    @Override
    public StepWeights weigh(double[][] gram, double[] losses, StepInfo step) {
        JacobianMath.checkGram(gram, m);
        JacobianMath.checkLosses(losses, m);
        AlphaFairSolver.Result r = solver.solve(gram);
        if (r.status() != SolverStatus.FAILED) {
            previous = r.weights();
            Diagnostics d = r.status() == SolverStatus.OPTIMAL ? Diagnostics.solved(r.iterations())
                    : new Diagnostics(Diagnostics.Outcome.APPROXIMATE, r.iterations(), false,
                            "FairGrad residual " + r.residual());
            return new StepWeights(r.weights(), null, d);
        }
        String message = "FairGrad (alpha " + config.alpha() + ") found no allocation at step " + step.step()
                + " (residual " + r.residual() + "; 0 may be in the convex hull of the task gradients)";
        if (config.fallback() == FallbackPolicy.FAIL) {
            throw new IllegalStateException(message + "; fallback policy FAIL");
        }
        double[] w;
        if (config.fallback() == FallbackPolicy.USE_PREVIOUS) {
            w = previous.clone();
        } else {
            w = new double[m];
            Arrays.fill(w, 1.0 / m);
        }
        if (!logged) {
            logged = true;
            LOG.warn("{}; using {} weights {} (logged once)", message, config.fallback(), Arrays.toString(w));
        }
        previous = w.clone();
        return new StepWeights(w, null, new Diagnostics(Diagnostics.Outcome.FAILED, r.iterations(), true, message));
    }

    @Override
    public HeadPolicy referenceHeadPolicy() {
        return HeadPolicy.WEIGHTED;
    }

    @Override
    public FairGradConfig config() {
        return config;
    }

    @Override
    public int numTasks() {
        return m;
    }

    @Override
    public void reset() {
        previous = new double[m];
        Arrays.fill(previous, 1.0 / m);
        logged = false;
    }

    @Override
    public Map<String, double[]> saveState() {
        return Map.of(PREVIOUS, previous.clone());
    }

    @Override
    public void loadState(Map<String, double[]> state) {
        for (String k : state.keySet()) {
            if (!PREVIOUS.equals(k)) {
                throw new IllegalArgumentException("FairGrad state has unknown key '" + k + "'; expected '" + PREVIOUS + "'");
            }
        }
        reset();
        double[] v = state.get(PREVIOUS);
        if (v != null) {
            if (v.length != m) {
                throw new IllegalArgumentException("FairGrad state '" + PREVIOUS + "' must have length m = " + m + ", found " + v.length);
            }
            for (int i = 0; i < m; i++) {
                if (!Double.isFinite(v[i])) {
                    throw new IllegalArgumentException("FairGrad state '" + PREVIOUS + "'[" + i + "] must be finite, found " + v[i]);
                }
            }
            previous = v.clone();
        }
    }
}
