/**
 * Loss-level weighting strategies: methods that set task weights from the losses (and the epoch
 * loss history) alone, or, for GradNorm, from the per-task gradient norms. UW
 * ({@link org.mtl4j.weighting.loss.UncertaintyWeighting}), DWA
 * ({@link org.mtl4j.weighting.loss.DynamicWeightAverage}), GradNorm
 * ({@link org.mtl4j.weighting.loss.GradNorm}), RLW ({@link org.mtl4j.weighting.loss.RandomLossWeighting})
 * and GLS ({@link org.mtl4j.weighting.loss.GeometricLossStrategy}). Specs: algorithms.md §2–§5.
 */
package org.mtl4j.weighting.loss;
