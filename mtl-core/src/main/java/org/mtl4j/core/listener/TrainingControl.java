package org.mtl4j.core.listener;

/** Lets listeners stop training at the end of the current step. */
public interface TrainingControl {
    /** @param reason why training should stop (recorded in the run record) */
    void requestStop(String reason);
}
