package org.mtl4j.weighting.gradient;

import org.mtl4j.core.weighting.Diagnostics;
import org.mtl4j.core.weighting.GramianWeighting;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.StepWeights;
import org.mtl4j.weighting.solver.ShiftedNonNegQp;
import org.mtl4j.weighting.solver.ShiftedQpResult;
import org.mtl4j.weighting.solver.SolverStatus;

/**
 * UPGrad, unconflicting projection of gradients (Jacobian descent): each task's preference-scaled
 * gradient is projected onto the dual cone {@code {x : ⟨g_j, x⟩ ≥ 0 ∀j}} and the projections are
 * summed, so the direction conflicts with no task gradient.
 * <pre>
 *   Ĝ = (tr G &lt; normEps ? 0 : G / tr G) + regEps · I
 *   v⁽ⁱ⁾ = argmin_{v ≥ pref_i e_i} vᵀ Ĝ v          (§0.6 K3; Jᵀv⁽ⁱ⁾ projects pref_i g_i onto the dual cone)
 *   w = Σ_i v⁽ⁱ⁾,   d = Σ_j w_j g_j
 * </pre>
 * When no two gradients conflict ({@code G_ij ≥ 0}) every {@code v⁽ⁱ⁾ = pref_i e_i}, so
 * {@code w = pref} and {@code d} is the mean of the gradients (default {@code pref = 1/m}). The QP is
 * the solver package's {@link ShiftedNonNegQp#dualConeWeights} (coordinate descent with an exact
 * active-set finish). Stateless. Heads get unweighted gradients (algorithms.md §0.3). Output scale:
 * mean scale (§0.4).
 *
 * <p><b>Reference:</b> P. Quinton, V. Rey, "Jacobian Descent for Multi-Objective Optimization",
 * arXiv 2406.16232; torchjd {@code aggregation/_upgrad.py}, {@code _utils/dual_cone.py}; LibMTL
 * {@code LibMTL/weighting/UPGrad.py}; algorithms.md §18. <b>Deviations:</b> torchjd solves each QP
 * with quadprog and throws on failure; here a sweep-capped solve is reported as APPROXIMATE in the
 * diagnostics and its (feasible) weights are used.
 */
public final class UpGrad implements GramianWeighting {
    private final UpGradConfig config;
    private final int m;
    private final double[] pref;
    private final ShiftedNonNegQp solver;

    UpGrad(UpGradConfig config, int numTasks) {
        if (numTasks < 1) {
            throw new IllegalArgumentException("number of tasks must be >= 1, found " + numTasks);
        }
        this.config = config;
        this.m = numTasks;
        this.pref = config.prefFor(numTasks);
        this.solver = new ShiftedNonNegQp(config.normEps(), config.regEps(), ShiftedNonNegQp.DEFAULT_MAX_SWEEPS,
                ShiftedNonNegQp.DEFAULT_TOLERANCE);
    }

    @Override
    public StepWeights weigh(double[][] gram, double[] losses, StepInfo step) {
        JacobianMath.checkGram(gram, m);
        JacobianMath.checkLosses(losses, m);
        ShiftedQpResult r = solver.dualConeWeights(gram, pref);
        Diagnostics d = r.status() == SolverStatus.OPTIMAL ? Diagnostics.solved(r.sweeps())
                : new Diagnostics(r.status() == SolverStatus.APPROXIMATE ? Diagnostics.Outcome.APPROXIMATE
                        : Diagnostics.Outcome.FAILED, r.sweeps(), false, "UPGrad dual-cone QP " + r.status());
        return new StepWeights(r.v(), null, d);
    }

    @Override
    public UpGradConfig config() {
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
