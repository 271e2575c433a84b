package org.mtl4j.weighting.gradient;

import org.mtl4j.core.weighting.WeightingConfig;

/**
 * Configuration of {@link DbMtl}.
 *
 * @param beta      EMA coefficient {@code beta ∈ [0, 1)} of the gradient buffer
 * @param betaSigma decay exponent ≥ 0 of the EMA coefficient, {@code β_t = beta / t^betaSigma}
 */
public record DbMtlConfig(double beta, double betaSigma) implements WeightingConfig {
    /** Validates. */
    public DbMtlConfig {
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException("beta must be in [0, 1), found " + beta);
        }
        if (!(betaSigma >= 0) || !Double.isFinite(betaSigma)) {
            throw new IllegalArgumentException("betaSigma must be finite and >= 0, found " + betaSigma);
        }
    }

    /** @return LibMTL's defaults β = 0.9, σ = 0 (algorithms.md §17) */
    public static DbMtlConfig defaults() {
        return new DbMtlConfig(0.9, 0.0);
    }

    @Override
    public DbMtl create(int numTasks) {
        return new DbMtl(this, numTasks);
    }
}
