package org.mtl4j.models.normal;

import java.util.Arrays;
import java.util.Objects;
import org.mtl4j.core.task.TaskSet;
import org.mtl4j.models.ode.OdeSolverConfig;

/**
 * Immutable configuration of the NORMAL block ({@link NormalTransform}). Defaults follow
 * algorithms.md §22–§23: heavy-ball dynamics, explicit Euler with K = 10 steps per position,
 * all positions starting at 1.0 and learned with their own SGD step {@code η_p = 1e-2} on the
 * thesis gradient, {@code ω = −3} (γ ≈ 0.047), {@code ξ = 0}, LeakyReLU slope 0.01.
 *
 * @param width                n, the feature size (vectors) or number of channels (feature maps)
 * @param layout               vectors {@code [B, n]} or feature maps {@code [B, n, H, W]}
 * @param dynamics             heavy ball (NORMAL) or first-order NODE (ablation)
 * @param solver               integration method and K (steps per position, K ≥ 2)
 * @param initialPositions     {@code p_i} at the start, one per task (finite; &gt; 0 for
 *                             {@link PositionMode#EXPONENTIAL})
 * @param positionMode         learned, fixed, or learned as {@code p = e^v}
 * @param positionGradient     thesis formula or the exact derivative of the discrete map
 * @param positionLearningRate {@code η_p ≥ 0}, plain SGD step of the positions (0 freezes them)
 * @param omegaInit            initial ω, {@code γ = sigmoid(ω)} (finite; heavy ball only)
 * @param xi                   ξ, fixed coefficient of z in dq/dt (finite; heavy ball only)
 * @param leakySlope           negative slope of LeakyReLU in u and g, in [0, 1]
 *                             (1 makes u and g affine, used by the oracle tests)
 * @param seed                 seed of the initial weights of u and g
 */
public record NormalConfig(int width, FeatureLayout layout, NormalDynamics dynamics, OdeSolverConfig solver,
                           double[] initialPositions, PositionMode positionMode, PositionGradient positionGradient,
                           double positionLearningRate, double omegaInit, double xi, double leakySlope, long seed) {

    /** Validates and copies. */
    public NormalConfig {
        if (width < 1) {
            throw new IllegalArgumentException("width (feature size n) must be >= 1, found " + width);
        }
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(dynamics, "dynamics");
        Objects.requireNonNull(solver, "solver");
        Objects.requireNonNull(positionMode, "positionMode");
        Objects.requireNonNull(positionGradient, "positionGradient");
        if (initialPositions == null || initialPositions.length < 1) {
            throw new IllegalArgumentException("initialPositions needs one position per task (at least one), found "
                    + (initialPositions == null ? "null" : "an empty array"));
        }
        initialPositions = initialPositions.clone();
        for (int i = 0; i < initialPositions.length; i++) {
            double p = initialPositions[i];
            if (!Double.isFinite(p)) {
                throw new IllegalArgumentException("initialPositions[" + i + "] must be finite, found " + p);
            }
            if (positionMode == PositionMode.EXPONENTIAL && !(p > 0)) {
                throw new IllegalArgumentException("initialPositions[" + i + "] must be > 0 with positionMode EXPONENTIAL "
                        + "(p = e^v), found " + p);
            }
        }
        if (!(positionLearningRate >= 0) || !Double.isFinite(positionLearningRate)) {
            throw new IllegalArgumentException("positionLearningRate must be >= 0 and finite, found " + positionLearningRate);
        }
        if (!Double.isFinite(omegaInit)) {
            throw new IllegalArgumentException("omegaInit must be finite, found " + omegaInit);
        }
        if (!Double.isFinite(xi)) {
            throw new IllegalArgumentException("xi must be finite, found " + xi);
        }
        if (!(leakySlope >= 0 && leakySlope <= 1)) {
            throw new IllegalArgumentException("leakySlope must be in [0, 1], found " + leakySlope);
        }
    }

    /**
     * @param numTasks m ≥ 1
     * @param width    feature size n of {@code [B, n]} vectors
     * @return the defaults of algorithms.md §23 for vector features
     */
    public static NormalConfig defaults(int numTasks, int width) {
        if (numTasks < 1) {
            throw new IllegalArgumentException("numTasks must be >= 1, found " + numTasks);
        }
        double[] p = new double[numTasks];
        Arrays.fill(p, 1.0);
        return new NormalConfig(width, FeatureLayout.VECTOR, NormalDynamics.HEAVY_BALL, OdeSolverConfig.defaults(), p,
                PositionMode.LEARNED, PositionGradient.THESIS, 1e-2, -3.0, 0.0, 0.01, 0L);
    }

    /** @return number of tasks m (one position each) */
    public int numTasks() {
        return initialPositions.length;
    }

    /** @return a copy of the initial positions */
    @Override
    public double[] initialPositions() {
        return initialPositions.clone();
    }

    /** @return a block for these tasks (their number must match the positions) */
    public NormalTransform create(TaskSet tasks) {
        return new NormalTransform(this, tasks);
    }

    /** @return a copy with another layout */
    public NormalConfig withLayout(FeatureLayout l) {
        return new NormalConfig(width, l, dynamics, solver, initialPositions, positionMode, positionGradient,
                positionLearningRate, omegaInit, xi, leakySlope, seed);
    }

    /** @return a copy with other dynamics */
    public NormalConfig withDynamics(NormalDynamics d) {
        return new NormalConfig(width, layout, d, solver, initialPositions, positionMode, positionGradient,
                positionLearningRate, omegaInit, xi, leakySlope, seed);
    }

    /** @return a copy with another solver */
    public NormalConfig withSolver(OdeSolverConfig s) {
        return new NormalConfig(width, layout, dynamics, s, initialPositions, positionMode, positionGradient,
                positionLearningRate, omegaInit, xi, leakySlope, seed);
    }

    /** @return a copy with other initial positions */
    public NormalConfig withInitialPositions(double... p) {
        return new NormalConfig(width, layout, dynamics, solver, p, positionMode, positionGradient, positionLearningRate,
                omegaInit, xi, leakySlope, seed);
    }

    /** @return a copy with another position mode */
    public NormalConfig withPositionMode(PositionMode m) {
        return new NormalConfig(width, layout, dynamics, solver, initialPositions, m, positionGradient, positionLearningRate,
                omegaInit, xi, leakySlope, seed);
    }

    /** @return a copy with another position gradient */
    public NormalConfig withPositionGradient(PositionGradient g) {
        return new NormalConfig(width, layout, dynamics, solver, initialPositions, positionMode, g, positionLearningRate,
                omegaInit, xi, leakySlope, seed);
    }

    /** @return a copy with another position step size */
    public NormalConfig withPositionLearningRate(double lr) {
        return new NormalConfig(width, layout, dynamics, solver, initialPositions, positionMode, positionGradient, lr,
                omegaInit, xi, leakySlope, seed);
    }

    /** @return a copy with another initial ω */
    public NormalConfig withOmegaInit(double w) {
        return new NormalConfig(width, layout, dynamics, solver, initialPositions, positionMode, positionGradient,
                positionLearningRate, w, xi, leakySlope, seed);
    }

    /** @return a copy with another ξ */
    public NormalConfig withXi(double x) {
        return new NormalConfig(width, layout, dynamics, solver, initialPositions, positionMode, positionGradient,
                positionLearningRate, omegaInit, x, leakySlope, seed);
    }

    /** @return a copy with another LeakyReLU slope */
    public NormalConfig withLeakySlope(double s) {
        return new NormalConfig(width, layout, dynamics, solver, initialPositions, positionMode, positionGradient,
                positionLearningRate, omegaInit, xi, s, seed);
    }

    /** @return a copy with another initialisation seed */
    public NormalConfig withSeed(long s) {
        return new NormalConfig(width, layout, dynamics, solver, initialPositions, positionMode, positionGradient,
                positionLearningRate, omegaInit, xi, leakySlope, s);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NormalConfig c && width == c.width && layout == c.layout && dynamics == c.dynamics
                && solver.equals(c.solver) && Arrays.equals(initialPositions, c.initialPositions)
                && positionMode == c.positionMode && positionGradient == c.positionGradient
                && Double.compare(positionLearningRate, c.positionLearningRate) == 0
                && Double.compare(omegaInit, c.omegaInit) == 0 && Double.compare(xi, c.xi) == 0
                && Double.compare(leakySlope, c.leakySlope) == 0 && seed == c.seed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(width, layout, dynamics, solver, Arrays.hashCode(initialPositions), positionMode,
                positionGradient, positionLearningRate, omegaInit, xi, leakySlope, seed);
    }

    @Override
    public String toString() {
        return "NormalConfig[width=" + width + ", layout=" + layout + ", dynamics=" + dynamics + ", solver=" + solver
                + ", initialPositions=" + Arrays.toString(initialPositions) + ", positionMode=" + positionMode
                + ", positionGradient=" + positionGradient + ", positionLearningRate=" + positionLearningRate
                + ", omegaInit=" + omegaInit + ", xi=" + xi + ", leakySlope=" + leakySlope + ", seed=" + seed + "]";
    }
}
