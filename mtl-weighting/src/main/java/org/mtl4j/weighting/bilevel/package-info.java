/**
 * Bi-level task weighting (algorithms.md §19–§20; F. Ye's thesis, Ch. 3): the task weights are
 * the upper-level variable α, the model parameters ω the lower-level variable,
 * <pre>
 *   min_α ( F_1(ω*(α)), …, F_m(ω*(α)) )   s.t.   ω*(α) = argmin_ω f(α, ω) = Σ_k s_k(α) ℓ_k(ω)
 * </pre>
 * <ul>
 *   <li>{@link org.mtl4j.weighting.bilevel.Moml} (MOML, nested: hypergradients of every F_i
 *       through the unrolled lower level, combined by MGDA) and
 *       {@link org.mtl4j.weighting.bilevel.Forum} (FORUM, first-order: value-function constraint
 *       q̃ and a small QP) are the {@link org.mtl4j.core.weighting.BilevelWeighting} strategies
 *       the trainer runs through a {@link org.mtl4j.core.weighting.BilevelContext}.</li>
 *   <li>The update math is factored so that other bi-level loops (per-sample weights in data
 *       hyper-cleaning, the synthetic MOBLO problem) share it:
 *       {@link org.mtl4j.weighting.bilevel.UnrolledHypergradient} (MOML's reverse recurrence
 *       over any {@link org.mtl4j.weighting.bilevel.LowerLevelOracle}),
 *       {@link org.mtl4j.weighting.bilevel.HypergradientCombiner} (MGDA on hypergradients),
 *       {@link org.mtl4j.weighting.bilevel.ForumSubproblem} (the (λ, γ) QP, kernel K6) and
 *       {@link org.mtl4j.weighting.bilevel.ForumCombiner} (momentum on λ and the multiplier ν),
 *       {@link org.mtl4j.weighting.bilevel.WeightMap} (softmax task weights or sigmoid sample
 *       weights) and {@link org.mtl4j.weighting.bilevel.LogitOptimizer} (Adam or SGD on α).</li>
 * </ul>
 * Hessians are never formed: Hessian-vector products and the mixed second derivatives are
 * central finite differences of gradients and losses (first-order operations only).
 */
package org.mtl4j.weighting.bilevel;
