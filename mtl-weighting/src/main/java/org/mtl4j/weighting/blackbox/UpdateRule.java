package org.mtl4j.weighting.blackbox;

/**
 * How ASMG turns the sampled values into the update of {@code μ} and {@code Σ⁻¹} (spec §21.3
 * steps 7–8, §21.6). In both rules {@code λ} comes from the un-rescaled differences
 * {@code ΔF_ij = F_i(x_j) − F_i(μ)}.
 */
public enum UpdateRule {
    /**
     * Thesis App. A.2.5 (default). With {@code s_j = Σ_i λ_i F_i(x_j)} standardised to
     * {@code ŝ_j = (s_j − mean s)/std s} (population std; {@code ŝ = 0} when the std is 0):
     * <pre>
     * μ      ← μ − (β/N) Σ_j ŝ_j (x_j − μ)
     * 1/σ²   ← (1/σ²) ⊙ (1 + (β/N) Σ_j ŝ_j (z_j ⊙ z_j − 1))
     * </pre>
     * (the {@code −1} term sums to zero because {@code Σ_j ŝ_j = 0}). Invariant to affine
     * rescaling of the combined objective, so {@code β = 0.1} works whatever the value scale.
     */
    RESCALED,
    /**
     * Thesis eqs. (4.14)–(4.16), element-wise, with {@code a_j = Σ_i λ_i ΔF_ij}:
     * <pre>
     * μ      ← μ − (β/N) Σ_j a_j (x_j − μ)
     * 1/σ²   ← (1/σ²) ⊙ (1 + (β/N) Σ_j a_j (z_j ⊙ z_j − 1))
     * </pre>
     * Needs {@code β} matched to the objective scale; with {@code β = 0.1} it diverges on the
     * synthetic problems of §21.5 (spec §21.6).
     */
    RAW
}
