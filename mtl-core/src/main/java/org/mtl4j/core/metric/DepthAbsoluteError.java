package org.mtl4j.core.metric;

/**
 * NYUv2 depth absolute error ("Abs Err", lower is better) over valid pixels, where a pixel is valid
 * when its ground-truth depth is non-zero (0 = missing) and the optional element mask is 1:
 *
 * <pre>
 *   AbsErr = Σ_valid |d̂ − d| / #valid                                   (Pooling.SET, LibMTL)
 *   AbsErr = mean over batches of (Σ_valid in batch |d̂ − d| / #valid in batch)   (Pooling.BATCH_MEAN, mtan/Nash-MTL)
 * </pre>
 * Output and labels {@code [B, 1, H, W]} (any equal shapes).
 *
 * @param pooling how pixels are pooled over the set
 */
public record DepthAbsoluteError(Pooling pooling) implements Metric {

    /** Validates. */
    public DepthAbsoluteError {
        if (pooling == null) {
            throw new IllegalArgumentException("pooling must be SET or BATCH_MEAN, found null");
        }
    }

    /** @return the error pooled over all valid pixels of the set (LibMTL) */
    public static DepthAbsoluteError defaults() {
        return new DepthAbsoluteError(Pooling.SET);
    }

    @Override
    public String name() {
        return "abs-err";
    }

    @Override
    public Direction direction() {
        return Direction.LOWER_IS_BETTER;
    }

    @Override
    public MetricAccumulator newAccumulator() {
        return new DepthErrorAccumulator("abs-err", false, pooling);
    }
}
