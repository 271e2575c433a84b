package org.mtl4j.weighting.blackbox;

/**
 * Receives every completed iteration of a black-box optimiser run and decides whether the run
 * goes on. Stopping is a return value, not an exception.
 */
@FunctionalInterface
public interface IterationListener {

    /** The listener's decision after an iteration. */
    enum Control {
        /** Go on with the next iteration (if the limits allow). */
        CONTINUE,
        /** End the run after this iteration. */
        STOP
    }

    /**
     * Called after each iteration with its immutable record.
     *
     * @return whether to continue
     */
    Control onIteration(IterationRecord record);

    /** A listener that ignores the records and never stops the run. */
    static IterationListener none() {
        return record -> Control.CONTINUE;
    }
}
