package org.mtl4j.core.metric;

/**
 * Classification accuracy over a set: the fraction of counted positions whose argmax prediction
 * equals the label (a value in [0, 1]; papers print it ×100).
 *
 * <pre>
 *   accuracy = Σ_n w_n [argmax_c z_{n,c} = y_n] / Σ_n w_n
 * </pre>
 * Outputs are logits or probabilities {@code [B, C]} (or {@code [B, C, d1..dk]}, then every position
 * counts, see {@link PixelAccuracy}); labels are class indices {@code [B]} / {@code [B, 1]} in any
 * numeric type or one-hot {@code [B, C]} (then the true class is the argmax of the row).
 * {@code w_n} is 0 where the label equals the ignore index or the position mask is 0. Counts are
 * summed over all batches before dividing, so the result does not depend on the batching.
 *
 * @param ignoreIndex label value to skip, or {@link #NO_IGNORE_INDEX}
 */
public record Accuracy(int ignoreIndex) implements Metric {

    /** Marker for "no ignore index" ({@link Integer#MIN_VALUE}). */
    public static final int NO_IGNORE_INDEX = Integer.MIN_VALUE;

    /** @return accuracy without an ignore index */
    public static Accuracy defaults() {
        return new Accuracy(NO_IGNORE_INDEX);
    }

    /** @return accuracy that skips positions labelled {@code ignoreIndex} */
    public static Accuracy withIgnoreIndex(int ignoreIndex) {
        if (ignoreIndex == NO_IGNORE_INDEX) {
            throw new IllegalArgumentException("ignoreIndex must not be Integer.MIN_VALUE (reserved for 'none'), found "
                    + ignoreIndex + "; use defaults()");
        }
        return new Accuracy(ignoreIndex);
    }

    @Override
    public String name() {
        return "accuracy";
    }

    @Override
    public Direction direction() {
        return Direction.HIGHER_IS_BETTER;
    }

    @Override
    public MetricAccumulator newAccumulator() {
        return new AccuracyAccumulator("accuracy", ignoreIndex);
    }
}
