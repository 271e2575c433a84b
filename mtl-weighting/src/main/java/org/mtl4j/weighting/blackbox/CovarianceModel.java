package org.mtl4j.weighting.blackbox;

/** Covariance model of the {@link CmaEs} baseline. */
public enum CovarianceModel {
    /** Full {@code d × d} covariance (standard CMA-ES; {@code O(d²)} memory, eigendecompositions in {@code O(d³)}). */
    FULL,
    /** Diagonal covariance throughout (separable CMA-ES; linear cost in {@code d}). */
    DIAGONAL
}
