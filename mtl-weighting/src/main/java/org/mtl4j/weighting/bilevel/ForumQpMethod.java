package org.mtl4j.weighting.bilevel;

/** How {@link ForumSubproblem} solves the (λ, γ) QP (algorithms.md §20, step 8, kernel K6). */
public enum ForumQpMethod {
    /**
     * The reduction to two simplex QPs with one extra half-space (for fixed λ the optimal γ is
     * {@code max(πᵀλ, 0)}): (A) {@code πᵀλ ≥ 0} with objective {@code ‖Σλ_i(u_i + π_i q)‖² − ρQ·πᵀλ},
     * (B) {@code πᵀλ ≤ 0} with objective {@code ‖Σλ_i u_i‖²}; the better feasible one wins.
     * Also well-posed when {@code q = 0}.
     */
    REDUCED,
    /** The full (m+1)-variable QP over {@code w = (λ, γ)} as the reference code poses it to CVXPY. */
    FULL
}
