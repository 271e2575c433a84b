package org.mtl4j.weighting.blackbox;

/**
 * The momentum coefficient {@code γ_t} of thesis eq. (4.17):
 * <pre>
 * λ_t = (1 − γ_t) λ_{t−1} + γ_t λ̂_t
 * </pre>
 */
public enum MomentumSchedule {
    /**
     * {@code γ_t = 1/(t+1)}, {@code t = 0, 1, …} (thesis default). Since {@code γ_0 = 1}, {@code λ}
     * is exactly the running mean of all {@code λ̂} so far.
     */
    RUNNING_MEAN,
    /** {@code γ_t ≡ 1} (ablation): {@code λ = λ̂} at every iteration. */
    NONE;

    /** {@code γ_t} for the 0-based iteration {@code t}. */
    public double gamma(int t) {
        return this == RUNNING_MEAN ? 1.0 / (t + 1.0) : 1.0;
    }
}
