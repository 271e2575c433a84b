package org.mtl4j.core.metric;

/**
 * Mean angular error of predicted surface normals, in degrees (NYUv2 "Mean", lower is better).
 *
 * <pre>
 *   θ_n  = degrees(acos(clamp(⟨p_n / ‖p_n‖, g_n⟩, −1, 1)))       per pixel, prediction normalised first
 *   Mean = Σ_valid θ_n / #valid                                   (Pooling.SET, LibMTL)
 * </pre>
 * A pixel is valid when its ground-truth components do not sum to 0 (all-zero = missing, as the
 * peers test it) and the optional position mask is 1. Output and labels {@code [B, 3, H, W]}.
 * {@link Pooling#BATCH_MEAN} averages per-batch means (mtan/Nash-MTL).
 *
 * @param pooling how pixels are pooled over the set
 */
public record NormalAngleMean(Pooling pooling) implements Metric {

    /** Validates. */
    public NormalAngleMean {
        if (pooling == null) {
            throw new IllegalArgumentException("pooling must be SET or BATCH_MEAN, found null");
        }
    }

    /** @return the mean over all valid pixels of the set (LibMTL) */
    public static NormalAngleMean defaults() {
        return new NormalAngleMean(Pooling.SET);
    }

    @Override
    public String name() {
        return "angle-mean";
    }

    @Override
    public Direction direction() {
        return Direction.LOWER_IS_BETTER;
    }

    @Override
    public MetricAccumulator newAccumulator() {
        return new NormalAngleAccumulator(name(), AngleStatistic.MEAN, Double.NaN, pooling);
    }
}
