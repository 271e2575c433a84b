package org.mtl4j.core.weighting;

/**
 * What happened inside a strategy's step: the outcome of its solver, the iterations used and
 * whether a {@link FallbackPolicy} replaced the solution.
 *
 * @param outcome      outcome of the step
 * @param iterations   solver iterations (0 when no iterative solver ran)
 * @param fallbackUsed whether the fallback policy produced the result
 * @param message      human-readable detail, "" when none
 */
public record Diagnostics(Outcome outcome, int iterations, boolean fallbackUsed, String message) {
    /** Outcome of a strategy step. */
    public enum Outcome {
        /** Solved (or no solver needed). */
        OK,
        /** Solved approximately (iteration limit reached with a usable point). */
        APPROXIMATE,
        /** The solver failed; the fallback policy decided the result. */
        FAILED
    }

    /** Validates. */
    public Diagnostics {
        if (outcome == null) {
            throw new IllegalArgumentException("outcome is null");
        }
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations must be >= 0, found " + iterations);
        }
        message = message == null ? "" : message;
    }

    private static final Diagnostics OK = new Diagnostics(Outcome.OK, 0, false, "");

    /** @return OK with no iterations */
    public static Diagnostics ok() {
        return OK;
    }

    /** @return OK after {@code iterations} solver iterations */
    public static Diagnostics solved(int iterations) {
        return new Diagnostics(Outcome.OK, iterations, false, "");
    }
}
