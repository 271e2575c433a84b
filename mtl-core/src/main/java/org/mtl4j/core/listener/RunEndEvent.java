package org.mtl4j.core.listener;

/**
 * End of a run.
 *
 * @param epochsCompleted number of finished epochs
 * @param bestEpoch       best epoch on validation (or the last one)
 * @param stoppedEarly    whether a listener stopped the run
 * @param stopReason      the listener's reason, "" when not stopped
 * @param seconds         wall time of the run
 */
public record RunEndEvent(int epochsCompleted, int bestEpoch, boolean stoppedEarly, String stopReason, double seconds) {
}
