package org.mtl4j.models.normal;

/** Which derivative of {@code L_i} with respect to {@code p_i} drives the position update. */
public enum PositionGradient {
    /**
     * Thesis eq. (5.11): the continuous-time derivative evaluated at the computed state,
     * <pre>
     *   d_{p_i} = ⟨∂L_i/∂z(p_i), dz/dt|_{p_i}⟩ = −⟨∂L_i/∂z(p_i), q(p_i)⟩     (heavy ball)
     * </pre>
     * It differs from the derivative of the discrete map by O(h).
     */
    THESIS,
    /**
     * The exact derivative of the computed (discrete) {@code z_K(p_i)}, differentiating through
     * the step size {@code h_i = p_i/K} (forward-mode tangent through the unrolled solver; costs
     * one extra Jacobian–vector product per step in training).
     */
    AUTODIFF
}
