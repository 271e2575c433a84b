package org.mtl4j.weighting.blackbox;

import java.util.Objects;

/**
 * Immutable configuration of the plain evolution-strategy baseline {@link EvolutionStrategy}.
 *
 * @param dimension       search-space dimension {@code d ≥ 1}
 * @param numSamples      samples {@code N ≥ 1} per iteration ({@code ≥ 2} with
 *                        {@link FitnessShaping#STANDARDISE}); an iteration costs {@code N + 1} evaluations,
 *                        like ASMG's
 * @param sigma           fixed isotropic search standard deviation {@code σ > 0}
 * @param learningRate    step size {@code α > 0}
 * @param shaping         fitness shaping of the sample weights
 * @param initialMean     how {@code μ₀} is chosen (unless given explicitly)
 * @param nonFinitePolicy what to do with non-finite sampled values
 * @param seed            seed of the optimiser's own generator
 */
public record EsConfig(
        int dimension,
        int numSamples,
        double sigma,
        double learningRate,
        FitnessShaping shaping,
        InitialMean initialMean,
        NonFinitePolicy nonFinitePolicy,
        long seed) {

    /** Validates every field. */
    public EsConfig {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension d must be >= 1, found " + dimension);
        }
        if (numSamples < 1) {
            throw new IllegalArgumentException("numSamples N must be >= 1, found " + numSamples);
        }
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("sigma must be finite and > 0, found " + sigma);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be finite and > 0, found " + learningRate);
        }
        Objects.requireNonNull(shaping, "shaping");
        Objects.requireNonNull(initialMean, "initialMean");
        Objects.requireNonNull(nonFinitePolicy, "nonFinitePolicy");
        if (shaping == FitnessShaping.STANDARDISE && numSamples < 2) {
            throw new IllegalArgumentException("numSamples N must be >= 2 with shaping STANDARDISE, found "
                    + numSamples);
        }
    }

    /**
     * Defaults for the synthetic problems: {@code N = 50}, {@code σ = 0.001},
     * {@code α = 1e-5}, standardised fitness, {@code μ₀ ∼ U[0,1]^d}, non-finite values fail, seed 0.
     * (σ and α were chosen by a small grid search on the shift-ℓ1 ellipsoid, {@code d = 100}; see
     * the class javadoc of {@link EvolutionStrategy}.)
     */
    public static EsConfig defaults(int dimension) {
        return new EsConfig(dimension, 50, 0.001, 1e-5, FitnessShaping.STANDARDISE,
                InitialMean.UNIFORM_UNIT_CUBE, NonFinitePolicy.FAIL, 0L);
    }

    /** Copy with another {@code N}. */
    public EsConfig withNumSamples(int value) {
        return new EsConfig(dimension, value, sigma, learningRate, shaping, initialMean, nonFinitePolicy, seed);
    }

    /** Copy with another {@code σ}. */
    public EsConfig withSigma(double value) {
        return new EsConfig(dimension, numSamples, value, learningRate, shaping, initialMean, nonFinitePolicy, seed);
    }

    /** Copy with another {@code α}. */
    public EsConfig withLearningRate(double value) {
        return new EsConfig(dimension, numSamples, sigma, value, shaping, initialMean, nonFinitePolicy, seed);
    }

    /** Copy with another fitness shaping. */
    public EsConfig withShaping(FitnessShaping value) {
        return new EsConfig(dimension, numSamples, sigma, learningRate, value, initialMean, nonFinitePolicy, seed);
    }

    /** Copy with another initial-mean rule. */
    public EsConfig withInitialMean(InitialMean value) {
        return new EsConfig(dimension, numSamples, sigma, learningRate, shaping, value, nonFinitePolicy, seed);
    }

    /** Copy with another non-finite policy. */
    public EsConfig withNonFinitePolicy(NonFinitePolicy value) {
        return new EsConfig(dimension, numSamples, sigma, learningRate, shaping, initialMean, value, seed);
    }

    /** Copy with another seed. */
    public EsConfig withSeed(long value) {
        return new EsConfig(dimension, numSamples, sigma, learningRate, shaping, initialMean, nonFinitePolicy, value);
    }
}
