package org.mtl4j.core.grad;

/**
 * Raised by the non-finite guard when a loss, a gradient or a direction is NaN or infinite. The
 * message names the task (when one is to blame), the step and the epoch, with hints.
 */
public final class NonFiniteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message the full message */
    public NonFiniteException(String message) {
        super(message);
    }
}
