package org.mtl4j.weighting.blackbox;

/**
 * Limits of one optimiser run. The run ends at whichever comes first; an iteration is only
 * started if its evaluations fit into the remaining budget (except for CMA-ES, whose last
 * generation may be cut short by the budget, see {@link CmaEs}).
 *
 * @param maxIterations  maximum number of iterations ({@code ≥ 0})
 * @param maxEvaluations maximum number of evaluations ({@code ≥ 0}); {@link Long#MAX_VALUE} for none
 */
public record RunLimits(int maxIterations, long maxEvaluations) {

    /** Validates both limits. */
    public RunLimits {
        if (maxIterations < 0) {
            throw new IllegalArgumentException("maxIterations must be >= 0, found " + maxIterations);
        }
        if (maxEvaluations < 0) {
            throw new IllegalArgumentException("maxEvaluations must be >= 0, found " + maxEvaluations);
        }
    }

    /** Only an iteration limit. */
    public static RunLimits iterations(int maxIterations) {
        return new RunLimits(maxIterations, Long.MAX_VALUE);
    }
}
