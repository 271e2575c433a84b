package org.mtl4j.weighting.blackbox;

/**
 * Thrown when an objective value is non-finite and the {@link NonFinitePolicy} does not allow
 * skipping it. The message names the iteration, the sample and the objective.
 */
public final class NonFiniteEvaluationException extends ArithmeticException {

    private static final long serialVersionUID = 1L;

    /** Sample index used for the evaluation at the mean {@code μ}. */
    public static final int AT_MEAN = -1;

    private final int iteration;
    private final int sample;
    private final int objective;
    private final double value;

    /**
     * @param iteration 0-based iteration of the optimiser
     * @param sample    0-based sample index, or {@link #AT_MEAN} for the mean
     * @param objective 0-based objective index
     * @param value     the non-finite value
     * @param hint      what the policy was and what the caller can do
     */
    public NonFiniteEvaluationException(int iteration, int sample, int objective, double value, String hint) {
        super("non-finite objective value " + value + " at iteration " + iteration + ", "
                + (sample == AT_MEAN ? "the mean μ" : "sample " + sample) + ", objective " + objective
                + (hint.isEmpty() ? "" : "; " + hint));
        this.iteration = iteration;
        this.sample = sample;
        this.objective = objective;
        this.value = value;
    }

    /** 0-based iteration at which the value was seen. */
    public int iteration() {
        return iteration;
    }

    /** 0-based sample index, or {@link #AT_MEAN}. */
    public int sample() {
        return sample;
    }

    /** 0-based objective index. */
    public int objective() {
        return objective;
    }

    /** The offending value. */
    public double value() {
        return value;
    }
}
