package org.mtl4j.core.grad;

/** Whether loss-weighting strategies may use the one-backward shortcut. */
public enum JacobianMode {
    /** Compute only what the strategy reads (one backward for loss weightings). */
    AS_NEEDED,
    /**
     * Always compute the per-task Jacobian (m backward passes) and combine {@code d = Jᵀw};
     * for benchmarks, conflict statistics and checks (same direction up to rounding).
     */
    ALWAYS
}
