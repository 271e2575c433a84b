/**
 * Small dense solvers shared by the weighting methods (algorithms.md §0.6, kernels K1–K4 and
 * the QP boundary of style rule R11).
 *
 * <ul>
 *   <li>{@link org.mtl4j.weighting.solver.SimplexProjection} – Euclidean projection onto the simplex (K1).</li>
 *   <li>{@link org.mtl4j.weighting.solver.MinNormSolver} – min-norm point of a convex hull, the MGDA
 *       subproblem {@code argmin_{λ∈Δ} λᵀGλ} (K2).</li>
 *   <li>{@link org.mtl4j.weighting.solver.ShiftedNonNegQp} – {@code argmin vᵀGv s.t. v ≥ u} (K3, UPGrad).</li>
 *   <li>{@link org.mtl4j.weighting.solver.NashBargainingSolver} – {@code α > 0, α⊙(Gα) = 1} (K4, Nash-MTL).</li>
 *   <li>{@link org.mtl4j.weighting.solver.QpSolver} with {@link org.mtl4j.weighting.solver.QpProblem} /
 *       {@link org.mtl4j.weighting.solver.QpSolution} – general small convex QPs (FORUM's K6, CAGrad variants);
 *       {@link org.mtl4j.weighting.solver.OjAlgoQpSolver} is the only class in the project that imports ojAlgo.</li>
 * </ul>
 *
 * <p>All arithmetic is in {@code double}. Invalid input (ragged, non-finite, non-symmetric beyond a
 * relative 1e-9, wrong shapes) throws {@link java.lang.IllegalArgumentException} naming the value;
 * numerical failure is reported as {@link org.mtl4j.weighting.solver.SolverStatus#FAILED} or
 * {@link org.mtl4j.weighting.solver.SolverStatus#APPROXIMATE}, never thrown. No class here keeps
 * static mutable state; every solver instance is immutable and thread-safe.
 */
package org.mtl4j.weighting.solver;
