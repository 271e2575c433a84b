/**
 * Black-box multi-objective optimisation: only function values {@code F(x) ∈ R^m} are ever
 * requested, never gradients.
 *
 * <p>Contents:
 * <ul>
 *   <li>{@link org.mtl4j.weighting.blackbox.BlackBoxObjective}: a vector objective evaluated
 *       for a batch of points, and {@link org.mtl4j.weighting.blackbox.EvaluationCounter},
 *       the counting and shape-checking wrapper every optimiser here evaluates through;</li>
 *   <li>{@link org.mtl4j.weighting.blackbox.Asmg} (Ye et al., ICLR 2024; F. Ye's thesis,
 *       Ch. 4, Algorithm 3) with its configuration {@link org.mtl4j.weighting.blackbox.AsmgConfig},
 *       including the ASMG-EW ablation; its {@code λ̂} QP is solved through
 *       {@link org.mtl4j.weighting.blackbox.SimplexQp}, by default the shared
 *       {@link org.mtl4j.weighting.solver.MinNormSolver};</li>
 *   <li>the baselines of the thesis on the equally weighted objective:
 *       {@link org.mtl4j.weighting.blackbox.EvolutionStrategy} (plain fixed-σ ES) and
 *       {@link org.mtl4j.weighting.blackbox.CmaEs} (Apache Commons Math's CMA-ES, wrapped to
 *       count evaluations and stop at a budget);</li>
 *   <li>the synthetic problems of thesis eqs. (4.21)–(4.23) with the distance to their Pareto
 *       sets ({@link org.mtl4j.weighting.blackbox.SyntheticProblem});</li>
 *   <li>black-box MTL building blocks: a fixed Gaussian
 *       {@link org.mtl4j.weighting.blackbox.RandomProjection} {@code A : R^d → R^D}, the
 *       objective {@link org.mtl4j.weighting.blackbox.ProjectedObjective} {@code F(v) = G(Av)}
 *       searched in the low-dimensional space, and the
 *       {@link org.mtl4j.weighting.blackbox.CommonBatchSchedule} that lets a stochastic
 *       objective use one mini-batch for all evaluations of an iteration.</li>
 * </ul>
 *
 * <p>All optimisers own a seeded random generator; the same configuration and seed reproduce
 * the same iterates bit for bit. Nothing here prints; diagnostics go through SLF4J and through
 * the immutable {@link org.mtl4j.weighting.blackbox.IterationRecord}s handed to listeners.
 */
package org.mtl4j.weighting.blackbox;
