package org.mtl4j.weighting.blackbox;

/**
 * Shared per-iteration sample handling of the stepwise optimisers: the {@link NonFinitePolicy}
 * screen and the standardisation of sample scores.
 */
final class SampleScreening {

    private SampleScreening() {
    }

    /**
     * Marks the first {@code n} rows of {@code values} as valid unless a value is non-finite;
     * applies the policy.
     *
     * @return the number of valid samples ({@code ≥ 1})
     * @throws NonFiniteEvaluationException under {@link NonFinitePolicy#FAIL}, or if every sample is dropped
     */
    static int screen(double[][] values, int n, boolean[] valid, NonFinitePolicy policy, int iteration) {
        int validCount = 0;
        int firstBadSample = -1;
        int firstBadObjective = -1;
        for (int j = 0; j < n; j++) {
            valid[j] = true;
            double[] row = values[j];
            for (int i = 0; i < row.length; i++) {
                if (!Double.isFinite(row[i])) {
                    if (policy == NonFinitePolicy.FAIL) {
                        throw new NonFiniteEvaluationException(iteration, j, i, row[i],
                                "policy FAIL; NonFinitePolicy.SKIP_SAMPLE drops such samples instead");
                    }
                    valid[j] = false;
                    if (firstBadSample < 0) {
                        firstBadSample = j;
                        firstBadObjective = i;
                    }
                    break;
                }
            }
            if (valid[j]) {
                validCount++;
            }
        }
        if (validCount == 0) {
            throw new NonFiniteEvaluationException(iteration, firstBadSample, firstBadObjective,
                    values[firstBadSample][firstBadObjective], "all " + n + " samples of the iteration were "
                    + "non-finite (policy SKIP_SAMPLE), nothing left to estimate from");
        }
        return validCount;
    }

    /** Throws unless every value at the mean is finite (no policy can skip the mean). */
    static void requireFiniteAtMean(double[] valuesAtMean, int iteration, String method) {
        for (int i = 0; i < valuesAtMean.length; i++) {
            if (!Double.isFinite(valuesAtMean[i])) {
                throw new NonFiniteEvaluationException(iteration, NonFiniteEvaluationException.AT_MEAN, i,
                        valuesAtMean[i], method + " needs a finite F(μ) as the baseline of every difference; "
                        + "no policy can skip the mean");
            }
        }
    }

    /**
     * Standardises {@code scores} in place over the valid entries: {@code (s − mean)/std} with the
     * population std; invalid entries, and all entries when the std is 0, become 0.
     */
    static void standardise(double[] scores, boolean[] valid) {
        int count = 0;
        double total = 0;
        for (int j = 0; j < scores.length; j++) {
            if (valid[j]) {
                total += scores[j];
                count++;
            }
        }
        double avg = total / count;
        double var = 0;
        for (int j = 0; j < scores.length; j++) {
            if (valid[j]) {
                double c = scores[j] - avg;
                var += c * c;
            }
        }
        double std = Math.sqrt(var / count);
        for (int j = 0; j < scores.length; j++) {
            scores[j] = valid[j] && std > 0 ? (scores[j] - avg) / std : 0.0;
        }
    }
}
