package org.mtl4j.models.normal;

/** How the task positions {@code p_i} are parametrised and whether they are trained. */
public enum PositionMode {
    /** {@code p_i ∈ R} learned, unconstrained (may become negative): NORMAL as published. */
    LEARNED,
    /** {@code p_i} fixed at their initial values (ablations "fixed identical/different p"). */
    FIXED,
    /**
     * {@code p_i = e^{v_i}} with {@code v_i} learned ({@code d_v = d_p · p}): positive positions,
     * the ablation that the thesis found worse.
     */
    EXPONENTIAL
}
