package org.mtl4j.core.metric;

/**
 * How the pixel-level NYUv2 depth and normal metrics are pooled over an evaluation set
 * (benchmarks differ here, and it changes the third significant digit).
 */
public enum Pooling {
    /**
     * Over all valid pixels of the set: depth errors as sums over pixels divided by the number of
     * valid pixels, normal angle statistics (mean, median, within-t fractions) of the concatenated
     * angles of all valid pixels. LibMTL's way; recommended.
     */
    SET,
    /**
     * Each batch's statistic over its own valid pixels, then the unweighted mean over batches (the
     * "median" becomes a mean of per-batch medians). The way of mtan, CAGrad and Nash-MTL; depends
     * on the batch size. Batches without valid pixels are skipped.
     */
    BATCH_MEAN
}
