package org.mtl4j.weighting.blackbox;

/** Why an optimiser run ended. */
public enum StopReason {
    /** {@link RunLimits#maxIterations()} reached. */
    MAX_ITERATIONS,
    /** The next iteration would have exceeded {@link RunLimits#maxEvaluations()} (or did, for CMA-ES). */
    EVALUATION_BUDGET,
    /** A listener returned {@link IterationListener.Control#STOP}. */
    LISTENER,
    /** The optimiser's own termination criteria (CMA-ES: tolerance on x, fitness history, conditioning). */
    OPTIMISER_CONVERGED
}
