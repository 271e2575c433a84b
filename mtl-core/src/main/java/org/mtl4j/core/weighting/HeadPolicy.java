package org.mtl4j.core.weighting;

/**
 * What gradient the task-specific heads receive (algorithms.md §0.3).
 */
public enum HeadPolicy {
    /** LibMTL's rule: {@link #WEIGHTED} for methods that back-propagate one weighted loss, else {@link #UNWEIGHTED}. */
    REFERENCE,
    /** Head i gets {@code w_i ∇_{φ_i} L_i}. */
    WEIGHTED,
    /** Head i gets {@code ∇_{φ_i} L_i}. */
    UNWEIGHTED
}
