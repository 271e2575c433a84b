package org.mtl4j.weighting.blackbox;

/** How {@link EvolutionStrategy} turns the sampled fitness values into sample weights. */
public enum FitnessShaping {
    /** {@code w_j = f(x_j) − f(μ)}: the plain Gaussian-smoothing gradient estimate (scale-dependent). */
    NONE,
    /**
     * {@code w_j = (f(x_j) − mean f)/std f} over the samples (population std; all 0 if the std is 0):
     * invariant to affine rescaling of {@code f}, like ASMG's rescaled update.
     */
    STANDARDISE
}
