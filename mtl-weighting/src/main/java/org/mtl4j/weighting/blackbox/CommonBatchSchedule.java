package org.mtl4j.weighting.blackbox;

/**
 * Which mini-batch a stochastic black-box objective uses for its {@code k}-th evaluation
 * ({@code k = 0, 1, …}), so that all evaluations of one iteration share the same mini-batch
 * (common random numbers, spec §21.3 step 2):
 * <pre>
 *   batch(k) = 0                          for k &lt; offset
 *   batch(k) = ⌊(k − offset) / period⌋    otherwise
 * </pre>
 * ASMG and ES evaluate {@code N + 1} points per iteration: {@code period = N + 1, offset = 0}.
 * CMA-ES evaluates its start point once and then {@code λ} points per generation:
 * {@code period = λ, offset = 1} (the start point shares batch 0 with the first generation).
 * Counting evaluations rather than calls makes the schedule independent of how an optimiser
 * splits its queries into calls.
 *
 * @param period evaluations per mini-batch ({@code ≥ 1})
 * @param offset evaluations before the first period starts ({@code ≥ 0}); they use batch 0
 */
public record CommonBatchSchedule(int period, int offset) {

    /** Validates both fields. */
    public CommonBatchSchedule {
        if (period < 1) {
            throw new IllegalArgumentException("period must be >= 1, found " + period);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, found " + offset);
        }
    }

    /** One mini-batch per {@code period} evaluations from the first one. */
    public static CommonBatchSchedule every(int period) {
        return new CommonBatchSchedule(period, 0);
    }

    /**
     * @param evaluationIndex 0-based index of the evaluation ({@code ≥ 0})
     * @return the 0-based mini-batch index
     */
    public long batchOf(long evaluationIndex) {
        if (evaluationIndex < 0) {
            throw new IllegalArgumentException("evaluationIndex must be >= 0, found " + evaluationIndex);
        }
        return evaluationIndex < offset ? 0 : (evaluationIndex - offset) / period;
    }
}
