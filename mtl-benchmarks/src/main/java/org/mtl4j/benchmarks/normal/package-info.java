/**
 * The NORMAL benchmark ({@code mtl4j normal}): NORMAL (the time-aware heavy-ball ODE block of
 * {@code org.mtl4j.models.normal}) against hard parameter sharing with equal weighting (HPS-EW)
 * on the same encoder and heads, over several seeds and Euler step counts K; per-task test
 * metrics, learned task positions (CSV and a PNG of their trajectories like thesis Fig. 5.2),
 * and the training-step time relative to HPS-EW, measured in interleaved rounds.
 */
package org.mtl4j.benchmarks.normal;
