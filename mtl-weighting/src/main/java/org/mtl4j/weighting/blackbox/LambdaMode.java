package org.mtl4j.weighting.blackbox;

/** How ASMG weights the objectives. */
public enum LambdaMode {
    /**
     * ASMG: {@code λ̂} solves the QP (thesis eq. 4.10)
     * <pre>
     * λ̂ = argmin_{λ∈Δ} ‖Σ_i λ_i p̂_i‖² + 2‖Σ_i λ_i ĥ_i‖²
     * </pre>
     * and {@code λ} is its momentum average (eq. 4.17).
     */
    ADAPTIVE,
    /** ASMG-EW ablation: {@code λ̂ = λ = 1/m} at every iteration; no QP is solved. */
    EQUAL
}
