package org.mtl4j.weighting.gradient;

import java.util.Arrays;
import java.util.Map;
import org.mtl4j.core.weighting.Diagnostics;
import org.mtl4j.core.weighting.GradientSpace;
import org.mtl4j.core.weighting.GramianWeighting;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.StepWeights;
import org.mtl4j.weighting.solver.MinNormResult;
import org.mtl4j.weighting.solver.MinNormSolver;
import org.mtl4j.weighting.solver.SolverStatus;

/**
 * MGDA and MGDA-UB: the min-norm point of the convex hull of the (normalised) task gradients,
 * a common descent direction.
 * <pre>
 *   v_i = g_i                     (parameters)   or  vec(∂L_i/∂Z)  (MGDA-UB, whole batch, flattened)
 *   n_i = 1 | ‖v_i‖ | L_i | L_i‖v_i‖              (NONE | L2 | LOSS | LOSS_PLUS);  n̂_i = max(n_i, 1e-8)
 *   Ĝ_ij = ⟨v_i, v_j⟩ / (n̂_i n̂_j)
 *   λ = argmin_{λ ∈ Δ} λᵀ Ĝ λ                    (MinNormSolver, kernel K2)
 *   w = λ  (RAW, default)   or   w_i = λ_i / n̂_i  (NORMALIZED);   d = Σ w_i v_i
 * </pre>
 * A Gramian weighting: it reads only the Gram matrix (of the parameter gradients, or of the
 * representation gradients in MGDA-UB mode, where the trainer back-propagates {@code Σ w_i ∂L_i/∂Z}
 * into the encoder). Weights sum to 1 (RAW). Heads get unweighted gradients (LibMTL; the official
 * code weights them — choose {@code HeadPolicy.WEIGHTED} in the trainer for that).
 *
 * <p>Solver failure never stops training: the {@link MgdaConfig#fallback()} policy decides, the
 * first failure is logged once and every one is reported in the {@link Diagnostics}. An
 * APPROXIMATE solve is used as it is and reported as such.
 *
 * <p>State: the last weights (for USE_PREVIOUS; key {@code "previousWeights"}). Not random.
 *
 * <p>References: J.-A. Désidéri, C. R. Math. 2012 (MGDA); O. Sener, V. Koltun, "Multi-Task
 * Learning as Multi-Objective Optimization", NeurIPS 2018 (MGDA-UB, normalisations), code
 * {@code isl-org/MultiObjectiveOptimization}; LibMTL {@code LibMTL/weighting/MGDA.py}.
 *
 * <p>Deviations: the normaliser is guarded by {@code max(n_i, 1e-8)} (LibMTL divides by zero for
 * a zero gradient); the two-vector closed form returns exact 1/0 unless {@code sentinels};
 * MGDA-UB uses the flattened {@code B×D} gradient of Z (official) rather than LibMTL's batch sum.
 */
public final class Mgda implements GramianWeighting {
    private final MgdaConfig config;
    private final int m;
    private final MinNormSolver solver;
    private final SolverFallback fallback;

    Mgda(MgdaConfig config, int numTasks) {
        if (numTasks < 1) {
            throw new IllegalArgumentException("number of tasks must be >= 1, found " + numTasks);
        }
        this.config = config;
        this.m = numTasks;
        this.solver = new MinNormSolver(config.solverMethod(), config.sentinels());
        double[] uniform = new double[numTasks];
        Arrays.fill(uniform, 1.0 / numTasks);
        this.fallback = new SolverFallback("MGDA", config.fallback(), uniform);
    }

    @Override
    public StepWeights weigh(double[][] gram, double[] losses, StepInfo step) {
        JacobianMath.checkGram(gram, m);
        JacobianMath.checkLosses(losses, m);
        double[] n = normalizers(gram, losses);
        double[][] normalized = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                normalized[i][j] = 0.5 * (gram[i][j] + gram[j][i]) / (n[i] * n[j]);
            }
        }
        MinNormResult r = null;
        String error = null;
        try {
            r = solver.solve(normalized);
        } catch (RuntimeException e) {
            error = "the min-norm solver threw " + e;
        }
        double[] lambda = r == null ? null : r.weights();
        if (r == null || r.status() == SolverStatus.FAILED || !finiteSimplex(lambda)) {
            SolverFallback.Outcome o = fallback.fail(step.step(), r == null ? 0 : r.iterations(),
                    r == null ? error : "min-norm status " + r.status() + ", λ = " + Arrays.toString(lambda));
            fallback.accept(o.weights());
            return new StepWeights(o.weights(), null, o.diagnostics());
        }
        double[] w = lambda.clone();
        if (config.applyTo() == MgdaConfig.ApplyTo.NORMALIZED) {
            for (int i = 0; i < m; i++) {
                w[i] = lambda[i] / n[i];
            }
        }
        fallback.accept(w);
        Diagnostics d = r.status() == SolverStatus.OPTIMAL ? Diagnostics.solved(r.iterations())
                : new Diagnostics(Diagnostics.Outcome.APPROXIMATE, r.iterations(), false, "min-norm KKT tolerance not reached");
        return new StepWeights(w, null, d);
    }

    /** @return the guarded normalisers {@code max(n_i, 1e-8)} */
    private double[] normalizers(double[][] gram, double[] losses) {
        double[] n = new double[m];
        for (int i = 0; i < m; i++) {
            double norm = Math.sqrt(gram[i][i]);
            double value = switch (config.normalization()) {
                case NONE -> 1.0;
                case L2 -> norm;
                case LOSS -> positiveLoss(losses, i);
                case LOSS_PLUS -> positiveLoss(losses, i) * norm;
            };
            n[i] = Math.max(value, JacobianMath.EPS);
        }
        return n;
    }

    private double positiveLoss(double[] losses, int i) {
        if (!(losses[i] > 0)) {
            throw new IllegalArgumentException("MGDA normalization " + config.normalization() + " needs losses > 0, found L_" + i
                    + " = " + losses[i]);
        }
        return losses[i];
    }

    private static boolean finiteSimplex(double[] lambda) {
        double sum = 0;
        for (double v : lambda) {
            if (!Double.isFinite(v) || v < -1e-9) {
                return false;
            }
            sum += v;
        }
        return Math.abs(sum - 1) < 1e-6;
    }

    @Override
    public GradientSpace gradientSpace() {
        return config.gradientSpace();
    }

    @Override
    public MgdaConfig config() {
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
            throw new IllegalArgumentException("MGDA state holds only '" + SolverFallback.STATE_KEY + "', found " + state.keySet());
        }
        fallback.load(state);
    }
}
