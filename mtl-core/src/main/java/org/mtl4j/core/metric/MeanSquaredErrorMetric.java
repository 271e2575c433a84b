package org.mtl4j.core.metric;

import org.mtl4j.core.loss.Layouts;

/**
 * Mean squared error over all counted elements of a set (named with a suffix to avoid a clash
 * with the loss {@link org.mtl4j.core.loss.MeanSquaredError}):
 *
 * <pre>
 *   MSE = Σ_e w_e (ŷ_e − y_e)² / Σ_e w_e
 * </pre>
 * Output and labels have the same shape; {@code w} is the optional element mask (see
 * {@link Layouts}). Stateless configuration.
 */
public record MeanSquaredErrorMetric() implements Metric {

    /** @return the MSE metric */
    public static MeanSquaredErrorMetric defaults() {
        return new MeanSquaredErrorMetric();
    }

    @Override
    public String name() {
        return "mse";
    }

    @Override
    public Direction direction() {
        return Direction.LOWER_IS_BETTER;
    }

    @Override
    public MetricAccumulator newAccumulator() {
        return new ElementwiseErrorAccumulator("mse", 1.0, true);
    }
}
