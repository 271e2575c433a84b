package org.mtl4j.core.metric;

/**
 * Pixel accuracy of a segmentation output {@code [B, C, H, W]} against index labels
 * {@code [B, H, W]}: correct pixels / counted pixels over the whole set, skipping pixels labelled
 * with the ignore index (NYUv2: −1). Equal to trace/total of the confusion matrix that
 * {@link MeanIoU} accumulates (LibMTL's and mtan's "pixAcc").
 *
 * <pre>
 *   pixAcc = Σ_pixels w [argmax_c z = y] / Σ_pixels w,     w = [y ≠ ignoreIndex] · mask
 * </pre>
 * Same computation as {@link Accuracy}, reported under the name {@code "pixel-accuracy"}.
 *
 * @param ignoreIndex label value to skip, or {@link Accuracy#NO_IGNORE_INDEX}
 */
public record PixelAccuracy(int ignoreIndex) implements Metric {

    /** @return pixel accuracy ignoring label −1, the NYUv2 void label */
    public static PixelAccuracy defaults() {
        return new PixelAccuracy(-1);
    }

    @Override
    public String name() {
        return "pixel-accuracy";
    }

    @Override
    public Direction direction() {
        return Direction.HIGHER_IS_BETTER;
    }

    @Override
    public MetricAccumulator newAccumulator() {
        return new AccuracyAccumulator("pixel-accuracy", ignoreIndex);
    }
}
