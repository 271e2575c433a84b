package org.mtl4j.weighting.solver;

import java.util.Arrays;

/**
 * Result of {@link ShiftedNonNegQp}.
 *
 * @param v      the minimiser {@code v ≥ u} (or, for {@link ShiftedNonNegQp#dualConeWeights}, the weights
 *               {@code w = Σ_i v⁽ⁱ⁾}); a copy is stored and returned
 * @param status OPTIMAL when converged (or verified by the active-set polish), APPROXIMATE at the sweep cap
 * @param sweeps coordinate-descent sweeps performed (summed over sub-problems for {@code dualConeWeights})
 */
public record ShiftedQpResult(double[] v, SolverStatus status, int sweeps) {

    /** Validates non-null fields and copies {@code v}. */
    public ShiftedQpResult {
        if (v == null) {
            throw new IllegalArgumentException("v must not be null");
        }
        if (status == null) {
            throw new IllegalArgumentException("status must not be null");
        }
        if (sweeps < 0) {
            throw new IllegalArgumentException("sweeps must be >= 0, found " + sweeps);
        }
        v = v.clone();
    }

    @Override
    public double[] v() {
        return v.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShiftedQpResult r && Arrays.equals(v, r.v) && status == r.status && sweeps == r.sweeps;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(v) + status.hashCode()) + sweeps;
    }

    @Override
    public String toString() {
        return "ShiftedQpResult[v=" + Arrays.toString(v) + ", status=" + status + ", sweeps=" + sweeps + "]";
    }
}
