package org.mtl4j.weighting.blackbox;

/**
 * Solver of the min-norm problem over the probability simplex that gives ASMG's {@code λ̂}
 * (thesis eq. 4.10, App. A.2.1; spec §21.3 step 5 and kernel K2 of §0.6):
 * <pre>
 * λ̂ = argmin_{λ ∈ Δ} λᵀ M λ,   Δ = {λ ∈ R^m : λ_i ≥ 0, Σ_i λ_i = 1},
 * M = P̂ P̂ᵀ + 2 Ĥ Ĥᵀ   (symmetric positive semi-definite, m × m)
 * </pre>
 * Optimality (KKT): {@code (Mλ)_i ≥ λᵀMλ} for every {@code i}, with equality where {@code λ_i > 0}.
 */
@FunctionalInterface
public interface SimplexQp {

    /**
     * Minimises {@code λᵀMλ} over the simplex.
     *
     * @param gram symmetric positive semi-definite {@code m × m} matrix; not modified
     * @return a minimiser {@code λ ∈ Δ} (length {@code m})
     */
    double[] minimise(double[][] gram);

    /**
     * The solver ASMG uses unless another is given: {@link org.mtl4j.weighting.solver.MinNormSolver#defaults()}
     * (closed forms for {@code m ≤ 2}, exact QP with KKT polish for {@code m ≥ 3}).
     */
    static SimplexQp defaultSolver() {
        return new MinNormSimplexQp(org.mtl4j.weighting.solver.MinNormSolver.defaults());
    }
}
