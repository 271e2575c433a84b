package org.mtl4j.weighting.gradient;

import org.mtl4j.core.weighting.WeightingConfig;

/**
 * Configuration of {@link ExcessMtl}.
 *
 * @param robustStepSize step size η &gt; 0 of the multiplicative (exponentiated-gradient) weight update
 */
public record ExcessMtlConfig(double robustStepSize) implements WeightingConfig {
    /** Validates. */
    public ExcessMtlConfig {
        if (!(robustStepSize > 0) || !Double.isFinite(robustStepSize)) {
            throw new IllegalArgumentException("robustStepSize must be finite and > 0, found " + robustStepSize);
        }
    }

    /** @return LibMTL's default η = 1e-2 */
    public static ExcessMtlConfig defaults() {
        return new ExcessMtlConfig(1e-2);
    }

    @Override
    public ExcessMtl create(int numTasks) {
        return new ExcessMtl(this, numTasks);
    }
}
