package org.mtl4j.weighting.blackbox;

/**
 * What an optimiser does when a sampled point has a non-finite objective value (NaN or ±∞).
 *
 * <p>Non-finite values are never averaged into an estimate. Either the run stops, or the
 * offending sample is dropped from that iteration and counted
 * ({@link IterationRecord#skippedSamples()}). A non-finite value at the mean {@code μ}, which
 * ASMG needs as the baseline of every difference {@code F(x_j) − F(μ)}, always fails, as does an
 * iteration in which every sample was dropped.
 */
public enum NonFinitePolicy {
    /** Throw a {@link NonFiniteEvaluationException} naming the iteration, sample and objective. */
    FAIL,
    /**
     * Drop the sample from this iteration's estimates (the sample count {@code N} becomes the
     * number of finite samples) and count it. The evaluation still counts against the budget.
     */
    SKIP_SAMPLE
}
