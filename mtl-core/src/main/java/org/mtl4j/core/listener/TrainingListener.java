package org.mtl4j.core.listener;

/**
 * Receives immutable events from the trainer. All methods default to doing nothing. A listener
 * may stop training by calling {@link TrainingControl#requestStop(String)}.
 */
public interface TrainingListener {
    /** Called once before the first step (also when resuming). */
    default void onRunStart(RunStartEvent event, TrainingControl control) {
    }

    /** Called after every step. */
    default void onStep(StepEvent event, TrainingControl control) {
    }

    /** Called after every epoch, after evaluation. */
    default void onEpoch(EpochEvent event, TrainingControl control) {
    }

    /** Called once at the end. */
    default void onRunEnd(RunEndEvent event) {
    }
}
