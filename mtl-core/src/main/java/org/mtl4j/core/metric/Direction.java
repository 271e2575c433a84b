package org.mtl4j.core.metric;

/** Whether larger or smaller values of a metric are better; it fixes the sign in Δp and Δm. */
public enum Direction {
    /** Larger is better (accuracy, mIoU, within-t° fractions). */
    HIGHER_IS_BETTER,
    /** Smaller is better (errors, losses, angles). */
    LOWER_IS_BETTER;

    /**
     * @param candidate a new value
     * @param incumbent the value to beat
     * @return true when {@code candidate} is strictly better than {@code incumbent}
     */
    public boolean isBetter(double candidate, double incumbent) {
        return this == HIGHER_IS_BETTER ? candidate > incumbent : candidate < incumbent;
    }
}
