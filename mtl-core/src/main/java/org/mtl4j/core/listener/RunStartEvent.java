package org.mtl4j.core.listener;

import java.util.List;

/**
 * Start of a run.
 *
 * @param tasks          task names in order
 * @param epochs         number of epochs planned
 * @param stepsPerEpoch  steps per epoch
 * @param startEpoch     epoch the run starts (or resumes) at
 * @param strategy       name of the weighting strategy's config type
 */
public record RunStartEvent(List<String> tasks, int epochs, int stepsPerEpoch, int startEpoch, String strategy) {
    /** Copies. */
    public RunStartEvent {
        tasks = List.copyOf(tasks);
    }
}
