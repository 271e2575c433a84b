package org.mtl4j.weighting.bilevel;

/** How MOML combines the per-objective hypergradients {@code h_i} into one direction for α (algorithms.md §19 step 5). */
public enum UpperCombination {
    /** MGDA on the unit-normalised hypergradients (FORUM repository, LibMTL; produced the thesis numbers). */
    MGDA_L2,
    /** MGDA on the raw hypergradients (the original MOML repository, Disagreement 1). */
    MGDA_RAW,
    /** The plain sum {@code Σ h_i}. */
    EW
}
