package org.mtl4j.models.normal;

/** The ODE that moves the shared feature along task time. */
public enum NormalDynamics {
    /**
     * Heavy-ball NODE (thesis eq. 5.5, Xia et al. 2021):
     * <pre>
     *   dz/dt = −q,   dq/dt = −γ q + g(z) + ξ z,   γ = sigmoid(ω),   z(0) = z₀,   q(0) = u(z₀)
     * </pre>
     */
    HEAVY_BALL,
    /**
     * First-order NODE {@code dz/dt = g(z)}, {@code z(0) = z₀} (no u, no γ): the ablation
     * "NODE instead of HBNODE" of thesis Table 5.4.
     */
    FIRST_ORDER
}
