package org.mtl4j.weighting.gradient;

import org.mtl4j.core.weighting.FallbackPolicy;
import org.mtl4j.core.weighting.GradientSpace;
import org.mtl4j.core.weighting.WeightingConfig;
import org.mtl4j.weighting.solver.MinNormSolver;

/**
 * Configuration of {@link Mgda}.
 *
 * @param normalization  gradient normaliser {@code n_i} before the min-norm problem; default
 *                       {@link Normalization#NONE} (LibMTL)
 * @param applyTo        whether λ weights the raw gradients ({@link ApplyTo#RAW}, official code,
 *                       default) or the normalised ones ({@link ApplyTo#NORMALIZED}, LibMTL)
 * @param sentinels      return 0.999/0.001 instead of 1/0 from the two-vector closed form (Sener &amp;
 *                       Koltun / LibMTL bit parity); default false
 * @param gradientSpace  {@link GradientSpace#SHARED_PARAMETERS} (MGDA, default) or
 *                       {@link GradientSpace#REPRESENTATION} (MGDA-UB: gradients of the whole batch's
 *                       shared representation Z, flattened)
 * @param solverMethod   min-norm algorithm for m ≥ 3; default {@link MinNormSolver.Method#EXACT_QP};
 *                       {@link MinNormSolver.Method#SENER_KOLTUN} reproduces the reference iteration
 * @param fallback       what to do when the solver fails; default {@link FallbackPolicy#USE_PREVIOUS}
 */
public record MgdaConfig(Normalization normalization, ApplyTo applyTo, boolean sentinels, GradientSpace gradientSpace,
                         MinNormSolver.Method solverMethod, FallbackPolicy fallback) implements WeightingConfig {

    /** Normaliser {@code n_i} of task i's gradient (Sener &amp; Koltun {@code gradient_normalizers}). */
    public enum Normalization {
        /** {@code n_i = 1}. */
        NONE,
        /** {@code n_i = ‖g_i‖}. */
        L2,
        /** {@code n_i = L_i} (the loss must be &gt; 0). */
        LOSS,
        /** {@code n_i = L_i·‖g_i‖} (the official {@code loss+}; the loss must be &gt; 0). */
        LOSS_PLUS
    }

    /** Which gradients the min-norm weights multiply. */
    public enum ApplyTo {
        /** {@code d = Σ λ_i g_i} (official code; weights = λ). */
        RAW,
        /** {@code d = Σ λ_i g_i / n_i} (LibMTL in parameter mode; weights = λ_i / n_i). */
        NORMALIZED
    }

    /** Validates. */
    public MgdaConfig {
        if (normalization == null) {
            throw new IllegalArgumentException("normalization must be NONE, L2, LOSS or LOSS_PLUS, found null");
        }
        if (applyTo == null) {
            throw new IllegalArgumentException("applyTo must be RAW or NORMALIZED, found null");
        }
        if (gradientSpace == null) {
            throw new IllegalArgumentException("gradientSpace must be SHARED_PARAMETERS or REPRESENTATION, found null");
        }
        if (solverMethod == null) {
            throw new IllegalArgumentException("solverMethod must be one of " + java.util.Arrays.toString(MinNormSolver.Method.values())
                    + ", found null");
        }
        if (fallback == null) {
            throw new IllegalArgumentException("fallback must be FAIL, USE_PREVIOUS or USE_UNIFORM, found null");
        }
    }

    /** @return NONE, RAW, exact 1/0, shared parameters, EXACT_QP, USE_PREVIOUS (algorithms.md §6, §23) */
    public static MgdaConfig defaults() {
        return new MgdaConfig(Normalization.NONE, ApplyTo.RAW, false, GradientSpace.SHARED_PARAMETERS,
                MinNormSolver.Method.EXACT_QP, FallbackPolicy.USE_PREVIOUS);
    }

    /**
     * @return MGDA-UB as in the official {@code sample.json}: representation gradients, {@code loss+}
     *         normalisation, λ on the raw losses
     */
    public static MgdaConfig upperBound() {
        return defaults().withGradientSpace(GradientSpace.REPRESENTATION).withNormalization(Normalization.LOSS_PLUS);
    }

    /** @return a copy with the given normalisation */
    public MgdaConfig withNormalization(Normalization value) {
        return new MgdaConfig(value, applyTo, sentinels, gradientSpace, solverMethod, fallback);
    }

    /** @return a copy with the given application of λ */
    public MgdaConfig withApplyTo(ApplyTo value) {
        return new MgdaConfig(normalization, value, sentinels, gradientSpace, solverMethod, fallback);
    }

    /** @return a copy with the given sentinel setting */
    public MgdaConfig withSentinels(boolean value) {
        return new MgdaConfig(normalization, applyTo, value, gradientSpace, solverMethod, fallback);
    }

    /** @return a copy reading the given gradient space */
    public MgdaConfig withGradientSpace(GradientSpace value) {
        return new MgdaConfig(normalization, applyTo, sentinels, value, solverMethod, fallback);
    }

    /** @return a copy with the given min-norm algorithm */
    public MgdaConfig withSolverMethod(MinNormSolver.Method value) {
        return new MgdaConfig(normalization, applyTo, sentinels, gradientSpace, value, fallback);
    }

    /** @return a copy with the given fallback policy */
    public MgdaConfig withFallback(FallbackPolicy value) {
        return new MgdaConfig(normalization, applyTo, sentinels, gradientSpace, solverMethod, value);
    }

    @Override
    public Mgda create(int numTasks) {
        return new Mgda(this, numTasks);
    }
}
