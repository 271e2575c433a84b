package org.mtl4j.weighting.blackbox;

import java.util.Objects;

import org.mtl4j.weighting.solver.MinNormResult;
import org.mtl4j.weighting.solver.MinNormSolver;
import org.mtl4j.weighting.solver.SolverStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SimplexQp} backed by the project's {@link MinNormSolver} (kernel K2 of the spec: closed
 * forms for {@code m ≤ 2}, exact QP plus KKT polish for {@code m ≥ 3}).
 *
 * <p>An {@link SolverStatus#APPROXIMATE} result is still a point of the simplex and is used (logged
 * at debug level); {@link SolverStatus#FAILED} throws {@link IllegalStateException}.
 */
final class MinNormSimplexQp implements SimplexQp {

    private static final Logger LOG = LoggerFactory.getLogger(MinNormSimplexQp.class);

    private final MinNormSolver solver;

    MinNormSimplexQp(MinNormSolver solver) {
        this.solver = Objects.requireNonNull(solver, "solver");
    }

    @Override
    public double[] minimise(double[][] gram) {
        MinNormResult result = solver.solve(gram);
        if (result.status() == SolverStatus.FAILED) {
            throw new IllegalStateException("min-norm solver failed on the " + gram.length + "x" + gram.length
                    + " ASMG QP: " + result);
        }
        if (result.status() == SolverStatus.APPROXIMATE) {
            LOG.debug("min-norm solver returned an approximate λ̂ after {} iterations", result.iterations());
        }
        return result.weights();
    }
}
