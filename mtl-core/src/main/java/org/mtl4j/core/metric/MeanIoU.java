package org.mtl4j.core.metric;

/**
 * Mean intersection-over-union of a segmentation output {@code [B, C, H, W]} against class-index
 * labels {@code [B, H, W]} (or {@code [B, 1, H, W]}), skipping pixels labelled with the ignore index
 * (NYUv2: −1) and pixels where the optional position mask is 0.
 *
 * <pre>
 *   N_{ij} = #{counted pixels with label i and prediction j}          (C×C confusion matrix, argmax prediction)
 *   IoU_c  = N_cc / (Σ_j N_cj + Σ_i N_ic − N_cc)
 *   mIoU   = mean of IoU_c over the classes with a non-zero union (Σ_j N_cj + Σ_i N_ic − N_cc &gt; 0)
 * </pre>
 * With {@link IouAveraging#DATASET} (default, as LibMTL/CAGrad/Nash-MTL) N is summed over the whole
 * set before the IoUs are taken; with {@link IouAveraging#PER_IMAGE} (mtan's earlier formula) mIoU
 * is computed for each image and averaged over images (images without counted pixels are skipped).
 * Peers average over all C classes and get NaN when a class never occurs in labels or predictions;
 * here such classes are left out, which gives the same value whenever every class occurs (the NYUv2
 * test set). A value in [0, 1]; papers print it ×100.
 *
 * <p>The confusion matrix is counted from bulk copies of the argmax and label arrays (ND4J's
 * {@code ConfusionMatrix} op miscounts with more than one OpenMP thread in 1.0.0-M2.1).
 *
 * @param ignoreIndex label value to skip, or {@link Accuracy#NO_IGNORE_INDEX}
 * @param averaging   how IoUs are averaged
 */
public record MeanIoU(int ignoreIndex, IouAveraging averaging) implements Metric {

    /** Validates. */
    public MeanIoU {
        if (averaging == null) {
            throw new IllegalArgumentException("averaging must be DATASET or PER_IMAGE, found null");
        }
    }

    /** @return mIoU over the set, ignoring label −1 (NYUv2) */
    public static MeanIoU defaults() {
        return new MeanIoU(-1, IouAveraging.DATASET);
    }

    @Override
    public String name() {
        return "miou";
    }

    @Override
    public Direction direction() {
        return Direction.HIGHER_IS_BETTER;
    }

    @Override
    public MetricAccumulator newAccumulator() {
        return new MeanIoUAccumulator(ignoreIndex, averaging);
    }

    /**
     * Mean IoU of a confusion matrix over the classes with a non-zero union.
     *
     * @param confusion {@code confusion[i][j]} = number of pixels with label i predicted as j
     * @return the mean IoU, or NaN when no class has a non-zero union
     */
    public static double meanIoU(long[][] confusion) {
        int c = confusion.length;
        long[] rows = new long[c];
        long[] cols = new long[c];
        for (int i = 0; i < c; i++) {
            if (confusion[i].length != c) {
                throw new IllegalArgumentException("confusion matrix must be square, row " + i + " has "
                        + confusion[i].length + " entries, expected " + c);
            }
            for (int j = 0; j < c; j++) {
                rows[i] += confusion[i][j];
                cols[j] += confusion[i][j];
            }
        }
        double sum = 0;
        int present = 0;
        for (int k = 0; k < c; k++) {
            long union = rows[k] + cols[k] - confusion[k][k];
            if (union > 0) {
                sum += (double) confusion[k][k] / union;
                present++;
            }
        }
        return present == 0 ? Double.NaN : sum / present;
    }
}
