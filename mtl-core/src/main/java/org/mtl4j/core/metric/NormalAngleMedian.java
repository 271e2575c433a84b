package org.mtl4j.core.metric;

/**
 * Median angular error of predicted surface normals, in degrees (NYUv2 "Median", lower is better),
 * with the per-pixel angles and validity of {@link NormalAngleMean}.
 *
 * <pre>
 *   Median = median of θ_n over all valid pixels of the set    (Pooling.SET, LibMTL; numpy's median:
 *            the middle value, or the mean of the two middle values for an even count)
 * </pre>
 * With {@link Pooling#SET} the accumulator keeps every valid pixel's angle as a float (4 bytes per
 * pixel: about 290 MB for the 654 NYUv2 test images at 288×384). {@link Pooling#BATCH_MEAN} averages
 * per-batch medians (mtan/Nash-MTL) and keeps nothing.
 *
 * @param pooling how pixels are pooled over the set
 */
public record NormalAngleMedian(Pooling pooling) implements Metric {

    /** Validates. */
    public NormalAngleMedian {
        if (pooling == null) {
            throw new IllegalArgumentException("pooling must be SET or BATCH_MEAN, found null");
        }
    }

    /** @return the median over all valid pixels of the set (LibMTL) */
    public static NormalAngleMedian defaults() {
        return new NormalAngleMedian(Pooling.SET);
    }

    @Override
    public String name() {
        return "angle-median";
    }

    @Override
    public Direction direction() {
        return Direction.LOWER_IS_BETTER;
    }

    @Override
    public MetricAccumulator newAccumulator() {
        return new NormalAngleAccumulator(name(), AngleStatistic.MEDIAN, Double.NaN, pooling);
    }
}
