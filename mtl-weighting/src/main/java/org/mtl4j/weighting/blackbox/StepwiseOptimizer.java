package org.mtl4j.weighting.blackbox;

/**
 * A {@link BlackBoxOptimizer} that can be advanced one iteration at a time, with a fixed number
 * of evaluations per iteration.
 */
public interface StepwiseOptimizer extends BlackBoxOptimizer {

    /** Performs one iteration and returns its immutable record. */
    IterationRecord step();

    /** Evaluations charged by every {@link #step()}. */
    int evaluationsPerIteration();

    /** Back to the state right after construction (same seed, same {@code μ₀}, zero evaluations). */
    void reset();

    /**
     * Steps while {@code limits} allow: an iteration starts only if the run has done fewer than
     * {@code maxIterations} and the iteration's evaluations fit in {@code maxEvaluations}.
     */
    @Override
    default RunSummary run(RunLimits limits, IterationListener listener) {
        int done = 0;
        StopReason reason = StopReason.MAX_ITERATIONS;
        while (true) {
            if (done >= limits.maxIterations()) {
                reason = StopReason.MAX_ITERATIONS;
                break;
            }
            if (limits.maxEvaluations() - evaluations() < evaluationsPerIteration()) {
                reason = StopReason.EVALUATION_BUDGET;
                break;
            }
            IterationRecord record = step();
            done++;
            if (listener.onIteration(record) == IterationListener.Control.STOP) {
                reason = StopReason.LISTENER;
                break;
            }
        }
        return new RunSummary(done, evaluations(), mean(), reason);
    }
}
