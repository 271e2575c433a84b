package org.mtl4j.weighting.solver;

import java.util.Arrays;

/**
 * Result of a {@link QpSolver}.
 *
 * @param x          the solution (a copy is stored and returned); when {@code status} is
 *                   {@link SolverStatus#FAILED} it is the best finite point available (possibly zeros) and
 *                   must not be trusted
 * @param status     outcome of the solve
 * @param objective  {@code ½xᵀQx + cᵀx} at {@code x}, recomputed in double from the problem data
 * @param iterations solver-defined work count (for {@link OjAlgoQpSolver}: the number of ojAlgo runs, 1–3,
 *                   since ojAlgo does not expose its iteration count; 0 when nothing was run)
 */
public record QpSolution(double[] x, SolverStatus status, double objective, int iterations) {

    /** Validates non-null fields and copies {@code x}. */
    public QpSolution {
        if (x == null) {
            throw new IllegalArgumentException("x must not be null");
        }
        if (status == null) {
            throw new IllegalArgumentException("status must not be null");
        }
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations must be >= 0, found " + iterations);
        }
        x = x.clone();
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QpSolution s && Arrays.equals(x, s.x) && status == s.status
                && Double.compare(objective, s.objective) == 0 && iterations == s.iterations;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * Arrays.hashCode(x) + status.hashCode()) + Double.hashCode(objective)) + iterations;
    }

    @Override
    public String toString() {
        return "QpSolution[x=" + Arrays.toString(x) + ", status=" + status + ", objective=" + objective
                + ", iterations=" + iterations + "]";
    }
}
