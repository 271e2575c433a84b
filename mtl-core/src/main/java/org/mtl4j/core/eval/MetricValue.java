package org.mtl4j.core.eval;

import org.mtl4j.core.metric.Direction;

/**
 * A metric value together with its direction. The value may be NaN or infinite (e.g. a diverged
 * run); Δp/Δm then propagate it.
 *
 * @param value     the value
 * @param direction whether higher or lower is better
 */
public record MetricValue(double value, Direction direction) {

    /** Validates. */
    public MetricValue {
        if (direction == null) {
            throw new IllegalArgumentException("direction of a metric value must be HIGHER_IS_BETTER or LOWER_IS_BETTER, found null");
        }
    }
}
