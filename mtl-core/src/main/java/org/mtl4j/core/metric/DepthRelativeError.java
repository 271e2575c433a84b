package org.mtl4j.core.metric;

/**
 * NYUv2 depth relative error ("Rel Err", lower is better) over valid pixels (ground truth ≠ 0 and
 * mask = 1), dividing by the ground truth as LibMTL and mtan do:
 *
 * <pre>
 *   RelErr = Σ_valid |d̂ − d| / d / #valid          (Pooling.SET, LibMTL; BATCH_MEAN averages per-batch values)
 * </pre>
 * Output and labels {@code [B, 1, H, W]} (any equal shapes).
 *
 * @param pooling how pixels are pooled over the set
 */
public record DepthRelativeError(Pooling pooling) implements Metric {

    /** Validates. */
    public DepthRelativeError {
        if (pooling == null) {
            throw new IllegalArgumentException("pooling must be SET or BATCH_MEAN, found null");
        }
    }

    /** @return the error pooled over all valid pixels of the set (LibMTL) */
    public static DepthRelativeError defaults() {
        return new DepthRelativeError(Pooling.SET);
    }

    @Override
    public String name() {
        return "rel-err";
    }

    @Override
    public Direction direction() {
        return Direction.LOWER_IS_BETTER;
    }

    @Override
    public MetricAccumulator newAccumulator() {
        return new DepthErrorAccumulator("rel-err", true, pooling);
    }
}
