package org.mtl4j.weighting.blackbox;

/**
 * Outcome of {@link BlackBoxOptimizer#run}.
 *
 * @param iterations  iterations completed in this run
 * @param evaluations evaluations used by the optimiser so far
 * @param finalMean   the search mean at the end (the solution; the thesis evaluates {@code F(μ)})
 * @param stopReason  why the run ended
 */
public record RunSummary(int iterations, long evaluations, double[] finalMean, StopReason stopReason) {

    /** Copies the mean. */
    public RunSummary {
        finalMean = finalMean.clone();
    }

    @Override
    public double[] finalMean() {
        return finalMean.clone();
    }
}
