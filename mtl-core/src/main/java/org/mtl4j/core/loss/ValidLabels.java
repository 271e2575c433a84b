package org.mtl4j.core.loss;

/**
 * Which label elements count, in addition to an explicit mask. Regression data sets mark missing
 * ground truth in the labels themselves; NYUv2 depth uses 0 for "no depth measured".
 */
public enum ValidLabels {
    /** Every element counts (only the explicit mask excludes elements). */
    ALL,
    /**
     * Elements whose label is exactly 0 are excluded ({@code valid = (y ≠ 0)}), as the NYUv2 depth
     * loss and metrics of LibMTL and mtan do (their {@code sum(gt, dim=1) != 0} on a one-channel
     * depth map is the same test).
     */
    NONZERO
}
