package org.mtl4j.weighting.gradient;

import java.util.Arrays;
import java.util.Objects;
import org.mtl4j.core.weighting.WeightingConfig;

/**
 * Configuration of {@link UpGrad}.
 *
 * @param pref    preference vector (one entry per task, finite, ≥ 0); empty = all 1/m (the mean)
 * @param normEps trace below which the normalised Gram matrix is taken as 0, ≥ 0
 * @param regEps  ridge added to the trace-normalised Gram matrix, &gt; 0
 */
public record UpGradConfig(double[] pref, double normEps, double regEps) implements WeightingConfig {
    /** Validates and copies. */
    public UpGradConfig {
        if (pref == null) {
            throw new IllegalArgumentException("pref must not be null (empty = all 1/m)");
        }
        pref = pref.clone();
        for (int i = 0; i < pref.length; i++) {
            if (!Double.isFinite(pref[i]) || pref[i] < 0) {
                throw new IllegalArgumentException("pref[" + i + "] must be finite and >= 0, found " + pref[i]);
            }
        }
        if (!(normEps >= 0) || !Double.isFinite(normEps)) {
            throw new IllegalArgumentException("normEps must be finite and >= 0, found " + normEps);
        }
        if (!(regEps > 0) || !Double.isFinite(regEps)) {
            throw new IllegalArgumentException("regEps must be finite and > 0, found " + regEps);
        }
    }

    /** @return pref = 1/m, normEps = regEps = 1e-4 (torchjd, LibMTL; algorithms.md §18) */
    public static UpGradConfig defaults() {
        return new UpGradConfig(new double[0], 1e-4, 1e-4);
    }

    @Override
    public double[] pref() {
        return pref.clone();
    }

    /** @return the preference vector for m tasks (1/m each when none was given) */
    double[] prefFor(int m) {
        if (pref.length == 0) {
            double[] mean = new double[m];
            Arrays.fill(mean, 1.0 / m);
            return mean;
        }
        if (pref.length != m) {
            throw new IllegalArgumentException("pref must be empty or have one entry per task (" + m + "), found " + pref.length);
        }
        return pref.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UpGradConfig c && Arrays.equals(pref, c.pref) && Double.compare(normEps, c.normEps) == 0
                && Double.compare(regEps, c.regEps) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(pref), normEps, regEps);
    }

    @Override
    public String toString() {
        return "UpGradConfig[pref=" + Arrays.toString(pref) + ", normEps=" + normEps + ", regEps=" + regEps + "]";
    }

    @Override
    public UpGrad create(int numTasks) {
        return new UpGrad(this, numTasks);
    }
}
