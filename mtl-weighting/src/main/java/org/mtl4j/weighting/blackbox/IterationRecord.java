package org.mtl4j.weighting.blackbox;

import java.util.Arrays;

/**
 * Immutable summary of one completed iteration of a black-box optimiser (arrays are copied in
 * and out).
 *
 * @param iteration          0-based index {@code t} of the completed iteration
 * @param evaluations        evaluations used since the start (or last reset), including this iteration
 * @param mean               the search mean after the update, {@code μ_{t+1}}
 * @param lambda             the objective weights {@code λ_t} used by the update (momentum-averaged
 *                           for ASMG; {@code 1/m} for ASMG-EW and the baselines)
 * @param lambdaHat          this iteration's QP solution {@code λ̂_t} ({@code 1/m} when no QP is solved)
 * @param valuesAtMean       {@code F(μ_t)}, queried at the mean the iteration started from; empty
 *                           when the method does not evaluate its mean (CMA-ES)
 * @param validSamples       samples that entered the estimates
 * @param skippedSamples     samples dropped because of non-finite values ({@link NonFinitePolicy#SKIP_SAMPLE})
 * @param guardedCoordinates coordinates whose precision update was refused by the positivity guard
 *                           ({@link Asmg}; always 0 for the baselines)
 * @param minSigma           smallest per-coordinate standard deviation of the search distribution after the update
 * @param maxSigma           largest per-coordinate standard deviation after the update
 */
public record IterationRecord(
        int iteration,
        long evaluations,
        double[] mean,
        double[] lambda,
        double[] lambdaHat,
        double[] valuesAtMean,
        int validSamples,
        int skippedSamples,
        int guardedCoordinates,
        double minSigma,
        double maxSigma) {

    /** Copies the arrays. */
    public IterationRecord {
        mean = mean.clone();
        lambda = lambda.clone();
        lambdaHat = lambdaHat.clone();
        valuesAtMean = valuesAtMean.clone();
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] lambda() {
        return lambda.clone();
    }

    @Override
    public double[] lambdaHat() {
        return lambdaHat.clone();
    }

    @Override
    public double[] valuesAtMean() {
        return valuesAtMean.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IterationRecord r && iteration == r.iteration && evaluations == r.evaluations
                && Arrays.equals(mean, r.mean) && Arrays.equals(lambda, r.lambda)
                && Arrays.equals(lambdaHat, r.lambdaHat) && Arrays.equals(valuesAtMean, r.valuesAtMean)
                && validSamples == r.validSamples && skippedSamples == r.skippedSamples
                && guardedCoordinates == r.guardedCoordinates
                && Double.compare(minSigma, r.minSigma) == 0 && Double.compare(maxSigma, r.maxSigma) == 0;
    }

    @Override
    public int hashCode() {
        int h = Integer.hashCode(iteration);
        h = 31 * h + Long.hashCode(evaluations);
        h = 31 * h + Arrays.hashCode(mean);
        h = 31 * h + Arrays.hashCode(lambda);
        h = 31 * h + Arrays.hashCode(lambdaHat);
        h = 31 * h + Arrays.hashCode(valuesAtMean);
        return h;
    }

    @Override
    public String toString() {
        return "IterationRecord[iteration=" + iteration + ", evaluations=" + evaluations + ", lambda="
                + Arrays.toString(lambda) + ", valuesAtMean=" + Arrays.toString(valuesAtMean) + ", validSamples="
                + validSamples + ", skippedSamples=" + skippedSamples + ", guardedCoordinates=" + guardedCoordinates
                + ", sigma=[" + minSigma + ", " + maxSigma + "], d=" + mean.length + "]";
    }
}
