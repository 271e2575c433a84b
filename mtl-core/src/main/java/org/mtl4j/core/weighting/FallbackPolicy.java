package org.mtl4j.core.weighting;

/**
 * What a strategy does when its solver fails (infeasible QP, Newton not converged): the step
 * never crashes training unless the policy says so; the event is logged once and recorded.
 */
public enum FallbackPolicy {
    /** Throw an exception naming the solver and the step. */
    FAIL,
    /** Reuse the previous step's weights (uniform at the first step). */
    USE_PREVIOUS,
    /** Use uniform weights 1/m. */
    USE_UNIFORM
}
