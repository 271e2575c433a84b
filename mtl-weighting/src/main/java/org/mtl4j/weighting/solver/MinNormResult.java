package org.mtl4j.weighting.solver;

import java.util.Arrays;

/**
 * Result of {@link MinNormSolver#solve}: the simplex weights {@code λ} of the min-norm point.
 *
 * @param weights    {@code λ ∈ Δ} (a copy is stored and returned)
 * @param status     {@link SolverStatus#OPTIMAL} when the KKT conditions hold to the solver's tolerance
 * @param iterations iterations of the method that produced {@code λ} (0 for closed forms)
 */
public record MinNormResult(double[] weights, SolverStatus status, int iterations) {

    /** Validates non-null fields and copies {@code weights}. */
    public MinNormResult {
        if (weights == null) {
            throw new IllegalArgumentException("weights must not be null");
        }
        if (status == null) {
            throw new IllegalArgumentException("status must not be null");
        }
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations must be >= 0, found " + iterations);
        }
        weights = weights.clone();
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MinNormResult r && Arrays.equals(weights, r.weights) && status == r.status
                && iterations == r.iterations;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(weights) + status.hashCode()) + iterations;
    }

    @Override
    public String toString() {
        return "MinNormResult[weights=" + Arrays.toString(weights) + ", status=" + status
                + ", iterations=" + iterations + "]";
    }
}
