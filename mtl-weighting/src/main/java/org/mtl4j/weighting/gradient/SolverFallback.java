package org.mtl4j.weighting.gradient;

import java.util.Arrays;
import java.util.Map;
import org.mtl4j.core.weighting.Diagnostics;
import org.mtl4j.core.weighting.FallbackPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a {@link FallbackPolicy} when a strategy's solver fails, remembers the last accepted
 * weights (for {@link FallbackPolicy#USE_PREVIOUS}), and logs the first failure once per run.
 */
final class SolverFallback {
    private static final Logger LOG = LoggerFactory.getLogger(SolverFallback.class);
    static final String STATE_KEY = "previousWeights";

    private final String method;
    private final FallbackPolicy policy;
    private final double[] initialPrevious;
    private final double[] uniform;
    private double[] previous;
    private boolean logged;

    /**
     * @param method          method name for messages
     * @param policy          the configured policy
     * @param initialPrevious what USE_PREVIOUS returns before any step succeeded
     */
    SolverFallback(String method, FallbackPolicy policy, double[] initialPrevious) {
        this.method = method;
        this.policy = policy;
        this.initialPrevious = initialPrevious.clone();
        this.uniform = new double[initialPrevious.length];
        Arrays.fill(uniform, 1.0 / initialPrevious.length);
    }

    /** A fallback outcome: the weights to use and the diagnostics to report. */
    record Outcome(double[] weights, Diagnostics diagnostics) {
    }

    /**
     * Handles a failed solve.
     *
     * @throws IllegalStateException under {@link FallbackPolicy#FAIL}
     */
    Outcome fail(long step, int iterations, String detail) {
        String message = method + " solver failed at step " + step + ": " + detail;
        if (policy == FallbackPolicy.FAIL) {
            throw new IllegalStateException(message + " (fallback policy FAIL)");
        }
        double[] w = policy == FallbackPolicy.USE_PREVIOUS ? (previous != null ? previous.clone() : initialPrevious.clone())
                : uniform.clone();
        if (!logged) {
            logged = true;
            LOG.warn("{}; using the {} weights {} (logged once per run; later failures are only in the diagnostics)",
                    message, policy == FallbackPolicy.USE_PREVIOUS ? "previous" : "uniform", Arrays.toString(w));
        }
        return new Outcome(w, new Diagnostics(Diagnostics.Outcome.FAILED, iterations, true, message));
    }

    /** Records weights that a step produced (successfully or by fallback). */
    void accept(double[] weights) {
        previous = weights.clone();
    }

    /** @return the last accepted weights, or null before the first step */
    double[] previous() {
        return previous == null ? null : previous.clone();
    }

    void reset() {
        previous = null;
        logged = false;
    }

    Map<String, double[]> save() {
        return previous == null ? Map.of() : Map.of(STATE_KEY, previous.clone());
    }

    /** Loads {@link #STATE_KEY} from {@code state} if present (other keys are the caller's). */
    void load(Map<String, double[]> state) {
        double[] values = state.get(STATE_KEY);
        if (values == null) {
            previous = null;
            return;
        }
        if (values.length != uniform.length) {
            throw new IllegalArgumentException(method + " state '" + STATE_KEY + "' must have length m = " + uniform.length
                    + ", found " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(method + " state '" + STATE_KEY + "'[" + i + "] must be finite, found " + values[i]);
            }
        }
        previous = values.clone();
    }
}
