package org.mtl4j.core.weighting;

/** Which per-task gradients a gradient-reading strategy sees. */
public enum GradientSpace {
    /** {@code g_i = ∇_θ L_i} over the shared parameters θ. */
    SHARED_PARAMETERS,
    /**
     * {@code R_i = ∂L_i/∂Z} over the whole batch's shared representation Z, flattened
     * ({@code B·D} entries, MGDA-UB); the combined direction is back-propagated through the encoder.
     */
    REPRESENTATION
}
