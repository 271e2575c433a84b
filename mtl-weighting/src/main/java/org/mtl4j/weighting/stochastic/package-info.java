/**
 * Stochastic multi-objective strategies, which correct or exploit the noise of mini-batch
 * gradients: SMG ({@link org.mtl4j.weighting.stochastic.Smg}, mini-batch MGDA with an optional
 * batch-size schedule, {@link org.mtl4j.weighting.stochastic.SmgPooled}), MoCo
 * ({@link org.mtl4j.weighting.stochastic.MoCo}, tracked gradients), and the multi-batch
 * strategies MoDo ({@link org.mtl4j.weighting.stochastic.MoDo}, three batches per step) and
 * SDMGrad ({@link org.mtl4j.weighting.stochastic.SdmGrad}, two or three batches per step), which
 * the trainer serves through {@link org.mtl4j.core.weighting.MultiBatchAggregator}. Specs:
 * algorithms.md §13–§14 (MoCo, MoDo); SMG and SDMGrad follow their papers (see each class).
 */
package org.mtl4j.weighting.stochastic;
