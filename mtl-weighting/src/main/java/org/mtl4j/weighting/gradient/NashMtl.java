package org.mtl4j.weighting.gradient;

import java.util.Arrays;
import java.util.Map;
import org.mtl4j.core.weighting.Diagnostics;
import org.mtl4j.core.weighting.GramianWeighting;
import org.mtl4j.core.weighting.HeadPolicy;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.StepWeights;
import org.mtl4j.weighting.solver.NashBargainingSolver;
import org.mtl4j.weighting.solver.NashResult;
import org.mtl4j.weighting.solver.SolverStatus;

/**
 * Nash-MTL: task weights from the Nash bargaining solution over the task gradients.
 * <pre>
 *   every updateWeightsEvery steps ((t − 1) mod k = 0), otherwise reuse the last α:
 *     A = {i : ‖g_i‖ ≥ 1e-8};   α_i = 0 for i ∉ A
 *     α_A &gt; 0 solves  α_i (G_AA α)_i = 1  (G_AA α = 1/α), by damped Newton on ½αᵀGα − Σ log α_i
 *         (NashBargainingSolver, kernel K4; warm start from the previous α)
 *   ‖Σ α_i g_i‖² = αᵀGα = |A|   (= m)
 *   w = α · min(1, maxNorm / √(αᵀGα))      (max-norm clipping of the shared direction; maxNorm = 0: none)
 *   d = Σ w_i g_i
 * </pre>
 * A Gramian weighting (the official code back-propagates {@code Σ α_i L_i}, so heads get
 * {@code w_i ∇_{φ_i} L_i}: WEIGHTED). The clipping factor uses the current step's G, also when α is
 * reused.
 *
 * <p>No solution exists when 0 is in the convex hull of the active gradients (e.g. {@code g_2 = −g_1});
 * the solver then reports failure (α diverging) and the {@link NashMtlConfig#fallback()} policy
 * applies: by default the previous α (initially 1), as upstream does on a solver error. The first
 * failure is logged once; every one is reported in the {@link Diagnostics}. All gradients zero gives
 * {@code w = 0}.
 *
 * <p>State: the last α before clipping (key {@code "previousWeights"}). Not random.
 *
 * <p>Reference: A. Navon, A. Shamsian, I. Achituve, H. Maron, K. Kawaguchi, G. Chechik, E. Fetaya,
 * "Multi-Task Learning as a Bargaining Game", ICML 2022; code {@code AvivNavon/nash-mtl}
 * ({@code methods/weight_methods.py}, class {@code NashMTL}); LibMTL {@code Nash_MTL.py}.
 *
 * <p>Deviations: α is the exact solution of {@code Gα = 1/α} by damped Newton (residual ≤ 1e-12)
 * instead of the official sequence of convex programs (ECOS, {@code optimIter = 20}, residual ~1e-5).
 * The official code clips only the shared parameters' gradient ({@code clip_grad_norm_}) and leaves
 * the heads at {@code α_i ∇_{φ_i} L_i}: the clipping factor is folded into the shared weights (as
 * torchjd does) and the unclipped α is reported as {@link StepWeights#headWeights()}, which the engine
 * gives the heads under the REFERENCE head policy. Zero-gradient tasks get
 * {@code α_i = 0} instead of making the system unsolvable.
 */
public final class NashMtl implements GramianWeighting {
    private final NashMtlConfig config;
    private final int m;
    private final NashBargainingSolver solver;
    private final SolverFallback fallback;

    NashMtl(NashMtlConfig config, int numTasks) {
        if (numTasks < 1) {
            throw new IllegalArgumentException("number of tasks must be >= 1, found " + numTasks);
        }
        this.config = config;
        this.m = numTasks;
        this.solver = new NashBargainingSolver(config.maxNewtonIterations(), NashBargainingSolver.DEFAULT_TOLERANCE);
        double[] ones = new double[numTasks];
        Arrays.fill(ones, 1.0);
        this.fallback = new SolverFallback("Nash-MTL", config.fallback(), ones);
    }

    @Override
    public StepWeights weigh(double[][] gram, double[] losses, StepInfo step) {
        JacobianMath.checkGram(gram, m);
        JacobianMath.checkLosses(losses, m);
        double[] previous = fallback.previous();
        double[] alpha;
        Diagnostics diagnostics;
        if (previous == null || (step.step() - 1) % config.updateWeightsEvery() == 0) {
            Solved s = solve(gram, previous, step);
            alpha = s.alpha;
            diagnostics = s.diagnostics;
            fallback.accept(alpha);
        } else {
            alpha = previous;
            diagnostics = new Diagnostics(Diagnostics.Outcome.OK, 0, false, "α reused (updateWeightsEvery = "
                    + config.updateWeightsEvery() + ")");
        }
        double[] w = alpha.clone();
        if (config.maxNorm() > 0) {
            double norm = Math.sqrt(Math.max(JacobianMath.quadraticForm(gram, alpha), 0.0));
            if (norm > config.maxNorm()) {
                double f = config.maxNorm() / norm;
                for (int i = 0; i < m; i++) {
                    w[i] *= f;
                }
            }
        }
        // the official code clips only the shared gradient: heads keep the unclipped α_i ∇L_i
        return new StepWeights(w, null, diagnostics, alpha.clone());
    }

    private record Solved(double[] alpha, Diagnostics diagnostics) {
    }

    private Solved solve(double[][] gram, double[] previous, StepInfo step) {
        int[] active = new int[m];
        int a = 0;
        for (int i = 0; i < m; i++) {
            if (Math.sqrt(gram[i][i]) >= JacobianMath.EPS) {
                active[a++] = i;
            }
        }
        double[] alpha = new double[m];
        if (a == 0) {
            return new Solved(alpha, Diagnostics.ok());
        }
        double[][] sub = new double[a][a];
        double[] warm = config.warmStart() && previous != null ? new double[a] : null;
        for (int x = 0; x < a; x++) {
            for (int y = 0; y < a; y++) {
                sub[x][y] = 0.5 * (gram[active[x]][active[y]] + gram[active[y]][active[x]]);
            }
            if (warm != null) {
                warm[x] = previous[active[x]];
                if (!(warm[x] > 0) || !Double.isFinite(warm[x])) {
                    warm = null;
                }
            }
        }
        NashResult r;
        String error = null;
        try {
            r = solver.solve(sub, warm);
        } catch (RuntimeException e) {
            r = null;
            error = "the Nash solver threw " + e;
        }
        if (r == null || r.status() == SolverStatus.FAILED) {
            SolverFallback.Outcome o = fallback.fail(step.step(), r == null ? 0 : r.iterations(), r == null ? error
                    : "no α > 0 with Gα = 1/α (residual " + r.residual() + "; 0 may lie in the convex hull of the gradients)");
            return new Solved(o.weights(), o.diagnostics());
        }
        double[] solved = r.alpha();
        for (int x = 0; x < a; x++) {
            alpha[active[x]] = solved[x];
        }
        Diagnostics d = r.status() == SolverStatus.OPTIMAL ? Diagnostics.solved(r.iterations())
                : new Diagnostics(Diagnostics.Outcome.APPROXIMATE, r.iterations(), false, "Nash residual " + r.residual());
        return new Solved(alpha, d);
    }

    @Override
    public HeadPolicy referenceHeadPolicy() {
        return HeadPolicy.WEIGHTED;
    }

    @Override
    public NashMtlConfig config() {
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
            throw new IllegalArgumentException("Nash-MTL state holds only '" + SolverFallback.STATE_KEY + "', found " + state.keySet());
        }
        fallback.load(state);
    }
}
