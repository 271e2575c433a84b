package org.mtl4j.weighting.gradient;

import java.util.Arrays;
import java.util.Objects;
import org.mtl4j.core.weighting.GradientSpace;
import org.mtl4j.core.weighting.WeightingConfig;

/**
 * Configuration of {@link AlignedMtl}.
 *
 * @param pref          preference vector (one entry per task, finite); empty = all 1 (LibMTL; torchjd uses 1/m)
 * @param scaleMode     which kept eigenvalue sets the scale: MIN (paper, default), MEDIAN or MEAN
 * @param rankTolerance relative factor ε of the rank truncation {@code λ_k > max(λ)·m·ε}, in (0, 1);
 *                      default the float32 machine epsilon 2⁻²³ (see {@link AlignedMtl})
 * @param gradientSpace gradients of the shared parameters (default) or of the shared representation
 */
public record AlignedMtlConfig(double[] pref, ScaleMode scaleMode, double rankTolerance, GradientSpace gradientSpace)
        implements WeightingConfig {

    /** Float32 machine epsilon {@code 2⁻²³}, the default rank tolerance. */
    public static final double FLOAT_EPSILON = 0x1.0p-23;

    /** Which of the kept eigenvalues of G sets the length of the aligned gradients. */
    public enum ScaleMode {
        /** The smallest kept eigenvalue (paper, LibMTL). */
        MIN,
        /** The median of the kept eigenvalues (the lower one for an even count). */
        MEDIAN,
        /** The mean of the kept eigenvalues. */
        MEAN
    }

    /** Validates and copies. */
    public AlignedMtlConfig {
        if (pref == null) {
            throw new IllegalArgumentException("pref must not be null (empty = all 1)");
        }
        pref = pref.clone();
        for (int i = 0; i < pref.length; i++) {
            if (!Double.isFinite(pref[i])) {
                throw new IllegalArgumentException("pref[" + i + "] must be finite, found " + pref[i]);
            }
        }
        Objects.requireNonNull(scaleMode, "scaleMode");
        if (!(rankTolerance > 0 && rankTolerance < 1)) {
            throw new IllegalArgumentException("rankTolerance must be in (0, 1), found " + rankTolerance);
        }
        Objects.requireNonNull(gradientSpace, "gradientSpace");
    }

    /** @return pref = 1, MIN scale, float32 epsilon, shared parameters (algorithms.md §16) */
    public static AlignedMtlConfig defaults() {
        return new AlignedMtlConfig(new double[0], ScaleMode.MIN, FLOAT_EPSILON, GradientSpace.SHARED_PARAMETERS);
    }

    @Override
    public double[] pref() {
        return pref.clone();
    }

    /** @return the preference vector for m tasks (all 1 when none was given) */
    double[] prefFor(int m) {
        if (pref.length == 0) {
            double[] ones = new double[m];
            Arrays.fill(ones, 1.0);
            return ones;
        }
        if (pref.length != m) {
            throw new IllegalArgumentException("pref must be empty or have one entry per task (" + m + "), found " + pref.length);
        }
        return pref.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AlignedMtlConfig c && Arrays.equals(pref, c.pref) && scaleMode == c.scaleMode
                && Double.compare(rankTolerance, c.rankTolerance) == 0 && gradientSpace == c.gradientSpace;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(pref), scaleMode, rankTolerance, gradientSpace);
    }

    @Override
    public String toString() {
        return "AlignedMtlConfig[pref=" + Arrays.toString(pref) + ", scaleMode=" + scaleMode + ", rankTolerance="
                + rankTolerance + ", gradientSpace=" + gradientSpace + "]";
    }

    @Override
    public AlignedMtl create(int numTasks) {
        return new AlignedMtl(this, numTasks);
    }
}
