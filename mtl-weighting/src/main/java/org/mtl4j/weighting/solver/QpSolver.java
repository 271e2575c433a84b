package org.mtl4j.weighting.solver;

/**
 * Solves a small dense convex {@link QpProblem}: {@code min ½xᵀQx + cᵀx s.t. aEq x = bEq, aIneq x ≤ bIneq}.
 *
 * <p>Implementations never throw for numerical trouble (infeasible, unbounded, not converged):
 * they return {@link SolverStatus#FAILED} or {@link SolverStatus#APPROXIMATE}. They are stateless
 * and thread-safe.
 */
@FunctionalInterface
public interface QpSolver {

    /**
     * Solves {@code problem}.
     *
     * @param problem a validated problem
     * @return the solution with its status; never null
     */
    QpSolution solve(QpProblem problem);
}
