package org.mtl4j.core.metric;

/** How {@link MeanIoU} averages intersection-over-union. */
public enum IouAveraging {
    /**
     * One C×C confusion matrix over all counted pixels of the set, IoU per class from it, mean over
     * the classes that occur (non-zero union). What LibMTL, CAGrad, Nash-MTL and mtan since its
     * November 2020 update report; recommended.
     */
    DATASET,
    /**
     * mtan's earlier formula: per image, mean IoU over the classes with a non-zero union in that
     * image, then the mean over images. Gives different (usually higher) numbers; only for comparing
     * with results produced that way.
     */
    PER_IMAGE
}
