package org.mtl4j.weighting.bilevel;

/** The optimiser of the upper-level variable α (see {@link LogitOptimizer}). */
public enum OuterOptimizer {
    /** Adam with PyTorch's defaults (β = 0.9, 0.999; ε = 1e-8), as the FORUM repository and LibMTL. */
    ADAM,
    /** Plain gradient descent {@code α ← α − μ g} (thesis Algorithms 1 and 2). */
    SGD
}
