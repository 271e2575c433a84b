package org.mtl4j.weighting.bilevel;

/**
 * Which counter drives FORUM's momentum step {@code β = (idx + 1)^{−3/4}} on λ
 * (algorithms.md §20, step 9 and Disagreement 1).
 */
public enum MomentumIndex {
    /** idx = the 0-based epoch (FORUM code; produced the published MTL tables). */
    PER_EPOCH,
    /** idx = the 0-based iteration k (thesis Algorithm 2; the synthetic problem). */
    PER_ITERATION
}
