package org.mtl4j.core.weighting;

/**
 * Result of a {@link JacobianAggregator}: the weights if the direction equals {@code Jᵀw}
 * (else null), plus diagnostics. The direction itself is written into the caller's buffer.
 *
 * @param weights     w with {@code d = Jᵀw}, or null when d is not a combination reported as such
 * @param diagnostics solver status and the like
 */
public record Aggregation(double[] weights, Diagnostics diagnostics) {
    /** Copies. */
    public Aggregation {
        weights = weights == null ? null : weights.clone();
        diagnostics = diagnostics == null ? Diagnostics.ok() : diagnostics;
    }

    /** @return an aggregation with the given weights and OK diagnostics */
    public static Aggregation of(double[] weights) {
        return new Aggregation(weights, Diagnostics.ok());
    }
}
