package org.mtl4j.models.ode;

import java.util.Objects;

/**
 * Immutable configuration of a fixed-step {@link OdeSolver}.
 *
 * <p>Integration from 0 to a time {@code t} (any sign) takes {@code steps} steps of size
 * {@code h = t/K} (algorithms.md §22.3: "K steps per task position"). {@code K = 1} is refused:
 * with one explicit Euler step the vector field's second block never reaches the first (for
 * NORMAL, {@code g} would not affect {@code z(p)}).
 *
 * @param method the integration method
 * @param steps  K ≥ 2, steps per integration (per task position)
 */
public record OdeSolverConfig(OdeMethod method, int steps) {
    /** Validates. */
    public OdeSolverConfig {
        Objects.requireNonNull(method, "method");
        if (steps < 2) {
            throw new IllegalArgumentException("steps (K, Euler steps per position) must be >= 2, found " + steps
                    + " (K = 1 makes z(p) independent of the dynamics network)");
        }
    }

    /** @return explicit Euler with K = 10 (the NORMAL default of algorithms.md §23) */
    public static OdeSolverConfig defaults() {
        return new OdeSolverConfig(OdeMethod.EXPLICIT_EULER, 10);
    }

    /** @return explicit Euler with {@code steps} steps */
    public static OdeSolverConfig euler(int steps) {
        return new OdeSolverConfig(OdeMethod.EXPLICIT_EULER, steps);
    }

    /** @return classical RK4 with {@code steps} steps */
    public static OdeSolverConfig rk4(int steps) {
        return new OdeSolverConfig(OdeMethod.RK4, steps);
    }

    /** @return a copy with another number of steps */
    public OdeSolverConfig withSteps(int k) {
        return new OdeSolverConfig(method, k);
    }

    /** @return a fresh solver (with its own tape buffers) */
    public OdeSolver create() {
        return switch (method) {
            case EXPLICIT_EULER -> new ExplicitEuler(this);
            case RK4 -> new RungeKutta4(this);
        };
    }
}
