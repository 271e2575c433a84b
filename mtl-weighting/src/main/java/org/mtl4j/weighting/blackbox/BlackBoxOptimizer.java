package org.mtl4j.weighting.blackbox;

/**
 * A black-box optimiser of a {@link BlackBoxObjective}: it only queries function values, owns a
 * seeded generator and reports every iteration to a listener.
 */
public interface BlackBoxOptimizer {

    /**
     * Runs until a limit is reached, the listener stops it, or the optimiser terminates.
     *
     * @param limits   iteration and evaluation limits
     * @param listener receives each {@link IterationRecord}
     * @return the outcome
     */
    RunSummary run(RunLimits limits, IterationListener listener);

    /** Runs at most {@code maxIterations} iterations. */
    default RunSummary run(int maxIterations, IterationListener listener) {
        return run(RunLimits.iterations(maxIterations), listener);
    }

    /** Evaluations used so far. */
    long evaluations();

    /** Iterations completed so far. */
    int iterations();

    /** Copy of the current search mean. */
    double[] mean();
}
