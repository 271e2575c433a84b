package org.mtl4j.core.weighting;

/**
 * A strategy that needs the losses of the same batch re-evaluated after the parameter update
 * (FAMO). The trainer does one extra forward pass and calls {@link #afterStep}.
 */
public interface PostStepLossHook {
    /**
     * @param lossesBefore the batch losses before the update
     * @param lossesAfter  the same batch's losses after the update
     */
    void afterStep(double[] lossesBefore, double[] lossesAfter);
}
