package org.mtl4j.weighting.gradient;

import java.util.Objects;
import org.mtl4j.core.weighting.FallbackPolicy;
import org.mtl4j.core.weighting.WeightingConfig;

/**
 * Configuration of {@link FairGrad}.
 *
 * @param alpha    fairness α &gt; 0 (α = 1: proportional fairness, the Nash-MTL solution; α → ∞: max-min)
 * @param fallback what to do when no α-fair allocation exists (0 in the convex hull of the
 *                 gradients) or the solver fails; default USE_PREVIOUS
 */
public record FairGradConfig(double alpha, FallbackPolicy fallback) implements WeightingConfig {
    /** Validates. */
    public FairGradConfig {
        if (!(alpha > 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("alpha must be finite and > 0, found " + alpha);
        }
        Objects.requireNonNull(fallback, "fallback");
    }

    /** @return α = 1 (LibMTL), fallback to the previous weights */
    public static FairGradConfig defaults() {
        return new FairGradConfig(1.0, FallbackPolicy.USE_PREVIOUS);
    }

    /** @return the defaults with another α */
    public static FairGradConfig of(double alpha) {
        return new FairGradConfig(alpha, FallbackPolicy.USE_PREVIOUS);
    }

    @Override
    public FairGrad create(int numTasks) {
        return new FairGrad(this, numTasks);
    }
}
