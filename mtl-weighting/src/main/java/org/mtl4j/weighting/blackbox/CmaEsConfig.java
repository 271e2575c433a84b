package org.mtl4j.weighting.blackbox;

import java.util.Objects;

/**
 * Immutable configuration of the {@link CmaEs} baseline.
 *
 * @param dimension       search-space dimension {@code d ≥ 1}
 * @param populationSize  offspring per generation {@code λ ≥ 2}; with {@code λ = N + 1} a
 *                        generation costs as much as an ASMG iteration with {@code N} samples
 * @param initialSigma    initial step size {@code σ₀ > 0} (all coordinates)
 * @param initialMean     how {@code μ₀} is chosen (unless given explicitly)
 * @param covariance      full or diagonal covariance
 * @param nonFinitePolicy non-finite sampled values: FAIL throws; SKIP_SAMPLE ranks the sample last
 *                        (fitness {@code +∞}, which rank-based CMA-ES never averages) and counts it
 * @param seed            seed of the optimiser's own generator
 */
public record CmaEsConfig(
        int dimension,
        int populationSize,
        double initialSigma,
        InitialMean initialMean,
        CovarianceModel covariance,
        NonFinitePolicy nonFinitePolicy,
        long seed) {

    /** Validates every field. */
    public CmaEsConfig {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension d must be >= 1, found " + dimension);
        }
        if (populationSize < 2) {
            throw new IllegalArgumentException("populationSize must be >= 2, found " + populationSize);
        }
        if (!(initialSigma > 0) || !Double.isFinite(initialSigma)) {
            throw new IllegalArgumentException("initialSigma must be finite and > 0, found " + initialSigma);
        }
        Objects.requireNonNull(initialMean, "initialMean");
        Objects.requireNonNull(covariance, "covariance");
        Objects.requireNonNull(nonFinitePolicy, "nonFinitePolicy");
    }

    /**
     * Defaults for the synthetic comparisons: {@code λ = 51} (one ASMG iteration with {@code N = 50}),
     * {@code σ₀ = 1} (ASMG's {@code Σ₀ = I}), {@code μ₀ ∼ U[0,1]^d}, full covariance, non-finite values
     * fail, seed 0.
     */
    public static CmaEsConfig defaults(int dimension) {
        return new CmaEsConfig(dimension, 51, 1.0, InitialMean.UNIFORM_UNIT_CUBE, CovarianceModel.FULL,
                NonFinitePolicy.FAIL, 0L);
    }

    /** Copy with another {@code λ}. */
    public CmaEsConfig withPopulationSize(int value) {
        return new CmaEsConfig(dimension, value, initialSigma, initialMean, covariance, nonFinitePolicy, seed);
    }

    /** Copy with another {@code σ₀}. */
    public CmaEsConfig withInitialSigma(double value) {
        return new CmaEsConfig(dimension, populationSize, value, initialMean, covariance, nonFinitePolicy, seed);
    }

    /** Copy with another initial-mean rule. */
    public CmaEsConfig withInitialMean(InitialMean value) {
        return new CmaEsConfig(dimension, populationSize, initialSigma, value, covariance, nonFinitePolicy, seed);
    }

    /** Copy with another covariance model. */
    public CmaEsConfig withCovariance(CovarianceModel value) {
        return new CmaEsConfig(dimension, populationSize, initialSigma, initialMean, value, nonFinitePolicy, seed);
    }

    /** Copy with another non-finite policy. */
    public CmaEsConfig withNonFinitePolicy(NonFinitePolicy value) {
        return new CmaEsConfig(dimension, populationSize, initialSigma, initialMean, covariance, value, seed);
    }

    /** Copy with another seed. */
    public CmaEsConfig withSeed(long value) {
        return new CmaEsConfig(dimension, populationSize, initialSigma, initialMean, covariance, nonFinitePolicy,
                value);
    }
}
