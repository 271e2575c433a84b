package org.mtl4j.weighting.blackbox;

import java.util.random.RandomGenerator;

/**
 * Initial mean {@code μ₀} of a search distribution (spec §21.2). An explicit starting point can
 * also be passed to the optimisers' constructors.
 */
public enum InitialMean {
    /** {@code μ₀ = 0} (black-box MTL: start from the frozen network, thesis §4.6.2). */
    ZERO,
    /** {@code μ₀ ∼ Uniform[0,1]^d}, drawn from the optimiser's own generator (synthetic problems, §4.6.1). */
    UNIFORM_UNIT_CUBE;

    /** Draws {@code μ₀ ∈ R^d}. */
    public double[] draw(int dimension, RandomGenerator random) {
        double[] mean = new double[dimension];
        if (this == UNIFORM_UNIT_CUBE) {
            for (int k = 0; k < dimension; k++) {
                mean[k] = random.nextDouble();
            }
        }
        return mean;
    }
}
