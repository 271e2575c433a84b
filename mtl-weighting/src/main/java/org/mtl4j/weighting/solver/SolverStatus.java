package org.mtl4j.weighting.solver;

/**
 * Outcome of a small numerical solve.
 *
 * <p>Numerical trouble is reported through this status, never by an exception (style R10):
 * callers decide on a fallback.
 */
public enum SolverStatus {
    /** Converged: the optimality conditions hold to the solver's stated tolerance. */
    OPTIMAL,
    /** A usable point was returned, but the optimality tolerance was not reached (iteration cap, loose backend). */
    APPROXIMATE,
    /** No usable solution; the returned point must not be trusted. */
    FAILED
}
