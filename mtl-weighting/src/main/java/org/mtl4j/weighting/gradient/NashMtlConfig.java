package org.mtl4j.weighting.gradient;

import org.mtl4j.core.weighting.FallbackPolicy;
import org.mtl4j.core.weighting.WeightingConfig;

/**
 * Configuration of {@link NashMtl}.
 *
 * @param updateWeightsEvery  recompute α every this many steps (at t = 1, 1 + k, 1 + 2k, …), reuse it
 *                            in between; ≥ 1, default 1
 * @param maxNewtonIterations iteration cap of the damped Newton solver (kernel K4); ≥ 1, default 100
 *                            (algorithms.md §12; the official code's {@code optimIter = 20} counts the outer
 *                            steps of its convex-concave procedure, which this solver does not have)
 * @param maxNorm             clip the shared direction to this norm; 0 disables; default 1.0
 * @param warmStart           start Newton from the previous α (default true) instead of the scaled ones vector
 * @param fallback            what to do when the system has no solution or Newton fails; default
 *                            {@link FallbackPolicy#USE_PREVIOUS} (previous α, initially 1, as upstream)
 */
public record NashMtlConfig(int updateWeightsEvery, int maxNewtonIterations, double maxNorm, boolean warmStart,
                            FallbackPolicy fallback) implements WeightingConfig {

    /** Validates. */
    public NashMtlConfig {
        if (updateWeightsEvery < 1) {
            throw new IllegalArgumentException("updateWeightsEvery must be >= 1, found " + updateWeightsEvery);
        }
        if (maxNewtonIterations < 1) {
            throw new IllegalArgumentException("maxNewtonIterations must be >= 1, found " + maxNewtonIterations);
        }
        if (!(maxNorm >= 0) || !Double.isFinite(maxNorm)) {
            throw new IllegalArgumentException("maxNorm must be a finite number >= 0 (0 disables clipping), found " + maxNorm);
        }
        if (fallback == null) {
            throw new IllegalArgumentException("fallback must be FAIL, USE_PREVIOUS or USE_UNIFORM, found null");
        }
    }

    /** @return update every step, 100 Newton iterations, maxNorm 1, warm start, USE_PREVIOUS (algorithms.md §12) */
    public static NashMtlConfig defaults() {
        return new NashMtlConfig(1, 100, 1.0, true, FallbackPolicy.USE_PREVIOUS);
    }

    /** @return a copy with the given update period */
    public NashMtlConfig withUpdateWeightsEvery(int value) {
        return new NashMtlConfig(value, maxNewtonIterations, maxNorm, warmStart, fallback);
    }

    /** @return a copy with the given Newton iteration cap */
    public NashMtlConfig withMaxNewtonIterations(int value) {
        return new NashMtlConfig(updateWeightsEvery, value, maxNorm, warmStart, fallback);
    }

    /** @return a copy with the given clipping norm (0 disables) */
    public NashMtlConfig withMaxNorm(double value) {
        return new NashMtlConfig(updateWeightsEvery, maxNewtonIterations, value, warmStart, fallback);
    }

    /** @return a copy with warm starts on or off */
    public NashMtlConfig withWarmStart(boolean value) {
        return new NashMtlConfig(updateWeightsEvery, maxNewtonIterations, maxNorm, value, fallback);
    }

    /** @return a copy with the given fallback policy */
    public NashMtlConfig withFallback(FallbackPolicy value) {
        return new NashMtlConfig(updateWeightsEvery, maxNewtonIterations, maxNorm, warmStart, value);
    }

    @Override
    public NashMtl create(int numTasks) {
        return new NashMtl(this, numTasks);
    }
}
