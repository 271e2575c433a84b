package org.mtl4j.weighting.bilevel;

/**
 * The map from the upper-level variable α to the weights of a weighted-sum lower level
 * {@code f(α, ω) = Σ_k s_k(α) ℓ_k(ω)}, and its Jacobian-transpose product:
 * <pre>
 *   s = s(α) ∈ R^K,      pullback(α, c) = J_s(α)ᵀ c = ∇_α Σ_k s_k(α) c_k ∈ R^{dim α}
 * </pre>
 * With {@code c = (ℓ_k(ω))_k} the pullback is {@code ∇_α f(α, ω)}; with
 * {@code c_k = ⟨∇_ω ℓ_k(ω), v⟩} it is the mixed second derivative {@code ∇_α ⟨∇_ω f(α, ω), v⟩}.
 */
public interface WeightMap {
    /** @return dimension of α */
    int dimension();

    /** @return number K of weighted components (tasks or samples) */
    int components();

    /**
     * @param alpha the upper-level variable (finite, length {@link #dimension()})
     * @return s(α), length {@link #components()}
     * @throws IllegalArgumentException naming the entry when α is outside the domain
     */
    double[] weights(double[] alpha);

    /**
     * @param alpha the upper-level variable
     * @param c     a vector over the components (length {@link #components()})
     * @return {@code J_s(α)ᵀ c}
     */
    double[] pullback(double[] alpha, double[] c);

    /** Throws IllegalArgumentException naming the first entry of α that is outside the domain (or a wrong length). */
    static void requireFinite(String name, double[] alpha, int dimension) {
        if (alpha == null || alpha.length != dimension) {
            throw new IllegalArgumentException(name + " must have length " + dimension + ", found "
                    + (alpha == null ? "null" : String.valueOf(alpha.length)));
        }
        for (int i = 0; i < alpha.length; i++) {
            if (!Double.isFinite(alpha[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] must be a finite real number (logits live in R), found "
                        + alpha[i]);
            }
        }
    }
}
