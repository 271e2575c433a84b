package org.mtl4j.weighting.solver;

import java.util.Arrays;

/**
 * Result of {@link NashBargainingSolver#solve}.
 *
 * @param alpha      the bargaining weights {@code α > 0} (a copy is stored and returned); when
 *                   {@code status} is {@link SolverStatus#FAILED} this is the last finite iterate or the
 *                   start point and is not a solution
 * @param status     outcome
 * @param iterations Newton iterations performed
 * @param residual   {@code max_i |α_i (Gα)_i − 1|} recomputed on the original {@code G}
 *                   ({@code +∞} when it could not be evaluated)
 */
public record NashResult(double[] alpha, SolverStatus status, int iterations, double residual) {

    /** Validates non-null fields and copies {@code alpha}. */
    public NashResult {
        if (alpha == null) {
            throw new IllegalArgumentException("alpha must not be null");
        }
        if (status == null) {
            throw new IllegalArgumentException("status must not be null");
        }
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations must be >= 0, found " + iterations);
        }
        alpha = alpha.clone();
    }

    @Override
    public double[] alpha() {
        return alpha.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NashResult r && Arrays.equals(alpha, r.alpha) && status == r.status
                && iterations == r.iterations && Double.compare(residual, r.residual) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * Arrays.hashCode(alpha) + status.hashCode()) + iterations) + Double.hashCode(residual);
    }

    @Override
    public String toString() {
        return "NashResult[alpha=" + Arrays.toString(alpha) + ", status=" + status + ", iterations=" + iterations
                + ", residual=" + residual + "]";
    }
}
