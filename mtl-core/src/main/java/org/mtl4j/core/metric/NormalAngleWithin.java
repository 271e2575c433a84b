package org.mtl4j.core.metric;

import java.math.BigDecimal;

/**
 * Fraction of valid pixels whose normal angular error is strictly below a threshold (NYUv2
 * "within 11.25° / 22.5° / 30°", higher is better), with the per-pixel angles and validity of
 * {@link NormalAngleMean}. A value in [0, 1]; papers print it ×100.
 *
 * <pre>
 *   within_t = #{valid n : θ_n &lt; t} / #valid        (Pooling.SET, LibMTL; BATCH_MEAN averages per-batch fractions)
 * </pre>
 *
 * @param degrees threshold t in degrees, in (0, 180]
 * @param pooling how pixels are pooled over the set
 */
public record NormalAngleWithin(double degrees, Pooling pooling) implements Metric {

    /** Validates. */
    public NormalAngleWithin {
        if (!(degrees > 0 && degrees <= 180)) {
            throw new IllegalArgumentException("degrees must be in (0, 180], found " + degrees);
        }
        if (pooling == null) {
            throw new IllegalArgumentException("pooling must be SET or BATCH_MEAN, found null");
        }
    }

    /** @return the fraction within {@code degrees}, pooled over the set (LibMTL) */
    public static NormalAngleWithin of(double degrees) {
        return new NormalAngleWithin(degrees, Pooling.SET);
    }

    /** @return the three NYUv2 thresholds 11.25°, 22.5° and 30°, pooled as given */
    public static NormalAngleWithin[] nyuThresholds(Pooling pooling) {
        return new NormalAngleWithin[]{
            new NormalAngleWithin(11.25, pooling), new NormalAngleWithin(22.5, pooling), new NormalAngleWithin(30, pooling)};
    }

    /** @return {@code "within-"} and the threshold without trailing zeros, e.g. {@code "within-11.25"}, {@code "within-30"} */
    @Override
    public String name() {
        return "within-" + BigDecimal.valueOf(degrees).stripTrailingZeros().toPlainString();
    }

    @Override
    public Direction direction() {
        return Direction.HIGHER_IS_BETTER;
    }

    @Override
    public MetricAccumulator newAccumulator() {
        return new NormalAngleAccumulator(name(), AngleStatistic.WITHIN, degrees, pooling);
    }
}
