package org.mtl4j.core.metric;

import org.mtl4j.core.loss.Layouts;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Mean absolute error over all counted elements of a set, optionally scaled:
 *
 * <pre>
 *   MAE = scale · Σ_e w_e |ŷ_e − y_e| / Σ_e w_e
 * </pre>
 * Output and labels have the same shape; {@code w} is the optional element mask (see
 * {@link Layouts}). The scale converts units without touching the data: for QM9 targets trained
 * standardised, {@code scale = σ_target} reports the MAE in the original unit (the mean cancels),
 * and {@code σ_target × 1000} in meV for the seven energy targets, as Nash-MTL and LibMTL report.
 *
 * @param scale positive finite factor applied to the error
 */
public record MeanAbsoluteError(double scale) implements Metric {

    /** Validates. */
    public MeanAbsoluteError {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be finite and > 0, found " + scale);
        }
    }

    /** @return the plain MAE (scale 1) */
    public static MeanAbsoluteError defaults() {
        return new MeanAbsoluteError(1.0);
    }

    @Override
    public String name() {
        return "mae";
    }

    @Override
    public Direction direction() {
        return Direction.LOWER_IS_BETTER;
    }

    @Override
    public MetricAccumulator newAccumulator() {
        return new ElementwiseErrorAccumulator("mae", scale, false);
    }
}
