package org.mtl4j.weighting.blackbox;

import java.util.Objects;

/**
 * Immutable configuration of {@link Asmg} (spec §21.2; thesis Ch. 4, Algorithm 3).
 *
 * @param dimension       search-space dimension {@code d ≥ 1}; must equal the objective's
 * @param numSamples      samples {@code N} per iteration ({@code ≥ 1}; {@code ≥ 2} with
 *                        {@link UpdateRule#RESCALED}, which standardises over the samples);
 *                        an iteration costs {@code N + 1} evaluations
 * @param beta            fixed step size {@code β > 0} (0.1 synthetic, 0.5 black-box MTL)
 * @param initialSigma    {@code σ₀ > 0}; {@code Σ₀ = σ₀² I} (thesis: {@code Σ₀ = I})
 * @param initialMean     how {@code μ₀} is chosen (unless given explicitly to the constructor)
 * @param updateRule      {@link UpdateRule#RESCALED} (A.2.5, default) or {@link UpdateRule#RAW}
 * @param lambdaMode      {@link LambdaMode#ADAPTIVE} (ASMG) or {@link LambdaMode#EQUAL} (ASMG-EW)
 * @param momentum        {@code γ_t} schedule; {@link MomentumSchedule#RUNNING_MEAN} is the thesis'
 * @param nonFinitePolicy what to do with non-finite sampled values
 * @param seed            seed of the optimiser's own generator ({@code μ₀} and all samples)
 */
public record AsmgConfig(
        int dimension,
        int numSamples,
        double beta,
        double initialSigma,
        InitialMean initialMean,
        UpdateRule updateRule,
        LambdaMode lambdaMode,
        MomentumSchedule momentum,
        NonFinitePolicy nonFinitePolicy,
        long seed) {

    /** Validates every field; see the parameter list for the accepted values. */
    public AsmgConfig {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension d must be >= 1, found " + dimension);
        }
        if (numSamples < 1) {
            throw new IllegalArgumentException("numSamples N must be >= 1, found " + numSamples);
        }
        if (!(beta > 0) || !Double.isFinite(beta)) {
            throw new IllegalArgumentException("beta must be finite and > 0, found " + beta);
        }
        if (!(initialSigma > 0) || !Double.isFinite(initialSigma)) {
            throw new IllegalArgumentException("initialSigma must be finite and > 0, found " + initialSigma);
        }
        Objects.requireNonNull(initialMean, "initialMean");
        Objects.requireNonNull(updateRule, "updateRule");
        Objects.requireNonNull(lambdaMode, "lambdaMode");
        Objects.requireNonNull(momentum, "momentum");
        Objects.requireNonNull(nonFinitePolicy, "nonFinitePolicy");
        if (updateRule == UpdateRule.RESCALED && numSamples < 2) {
            throw new IllegalArgumentException("numSamples N must be >= 2 with updateRule RESCALED (one sample has no "
                    + "spread to standardise, so the distribution would never move), found " + numSamples);
        }
    }

    /**
     * The thesis' synthetic-benchmark settings (§4.6.1, spec §21.2): {@code N = 50},
     * {@code β = 0.1}, {@code Σ₀ = I}, {@code μ₀ ∼ U[0,1]^d}, rescaled update, adaptive {@code λ}
     * with {@code γ_t = 1/(t+1)}, non-finite values fail, seed 0.
     */
    public static AsmgConfig defaults(int dimension) {
        return new AsmgConfig(dimension, 50, 0.1, 1.0, InitialMean.UNIFORM_UNIT_CUBE, UpdateRule.RESCALED,
                LambdaMode.ADAPTIVE, MomentumSchedule.RUNNING_MEAN, NonFinitePolicy.FAIL, 0L);
    }

    /**
     * The thesis' black-box MTL settings (§4.6.2): {@code N = 20}, {@code β = 0.5}, {@code μ₀ = 0},
     * {@code Σ₀ = I}, otherwise as {@link #defaults(int)}.
     */
    public static AsmgConfig blackBoxMtlDefaults(int dimension) {
        return defaults(dimension).withNumSamples(20).withBeta(0.5).withInitialMean(InitialMean.ZERO);
    }

    /** Copy with another {@code d}. */
    public AsmgConfig withDimension(int value) {
        return new AsmgConfig(value, numSamples, beta, initialSigma, initialMean, updateRule, lambdaMode, momentum,
                nonFinitePolicy, seed);
    }

    /** Copy with another {@code N}. */
    public AsmgConfig withNumSamples(int value) {
        return new AsmgConfig(dimension, value, beta, initialSigma, initialMean, updateRule, lambdaMode, momentum,
                nonFinitePolicy, seed);
    }

    /** Copy with another {@code β}. */
    public AsmgConfig withBeta(double value) {
        return new AsmgConfig(dimension, numSamples, value, initialSigma, initialMean, updateRule, lambdaMode, momentum,
                nonFinitePolicy, seed);
    }

    /** Copy with another {@code σ₀}. */
    public AsmgConfig withInitialSigma(double value) {
        return new AsmgConfig(dimension, numSamples, beta, value, initialMean, updateRule, lambdaMode, momentum,
                nonFinitePolicy, seed);
    }

    /** Copy with another initial-mean rule. */
    public AsmgConfig withInitialMean(InitialMean value) {
        return new AsmgConfig(dimension, numSamples, beta, initialSigma, value, updateRule, lambdaMode, momentum,
                nonFinitePolicy, seed);
    }

    /** Copy with another update rule. */
    public AsmgConfig withUpdateRule(UpdateRule value) {
        return new AsmgConfig(dimension, numSamples, beta, initialSigma, initialMean, value, lambdaMode, momentum,
                nonFinitePolicy, seed);
    }

    /** Copy with another {@code λ} mode (ASMG or ASMG-EW). */
    public AsmgConfig withLambdaMode(LambdaMode value) {
        return new AsmgConfig(dimension, numSamples, beta, initialSigma, initialMean, updateRule, value, momentum,
                nonFinitePolicy, seed);
    }

    /** Copy with another momentum schedule. */
    public AsmgConfig withMomentum(MomentumSchedule value) {
        return new AsmgConfig(dimension, numSamples, beta, initialSigma, initialMean, updateRule, lambdaMode, value,
                nonFinitePolicy, seed);
    }

    /** Copy with another non-finite policy. */
    public AsmgConfig withNonFinitePolicy(NonFinitePolicy value) {
        return new AsmgConfig(dimension, numSamples, beta, initialSigma, initialMean, updateRule, lambdaMode, momentum,
                value, seed);
    }

    /** Copy with another seed. */
    public AsmgConfig withSeed(long value) {
        return new AsmgConfig(dimension, numSamples, beta, initialSigma, initialMean, updateRule, lambdaMode, momentum,
                nonFinitePolicy, value);
    }

    /** Evaluations per iteration: {@code N} samples plus the mean. */
    public int evaluationsPerIteration() {
        return numSamples + 1;
    }
}
