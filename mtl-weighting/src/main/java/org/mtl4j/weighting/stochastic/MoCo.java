package org.mtl4j.weighting.stochastic;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.mtl4j.core.weighting.Aggregation;
import org.mtl4j.core.weighting.Diagnostics;
import org.mtl4j.core.weighting.JacobianAggregator;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.WeightingConfig;
import org.mtl4j.weighting.solver.SimplexProjection;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * MoCo, stochastic multi-objective gradient correction: tracks the task gradients with a
 * moving average and runs a projected-gradient step on the MGDA weights at every step.
 * <pre>
 *   h_i = g_i / (‖g_i‖ + 1e-8) · L_i        (lossScaledNormalize, LibMTL; else h_i = g_i)
 *   β_t = beta / t^betaSigma,   Y ← Y − β_t (Y − H)                (rows h_i; Y₀ = 0)
 *   γ_t = gamma / t^gammaSigma, u = λ − γ_t (Y Yᵀ + ρ I) λ         (the updated Y)
 *   λ ← softmax(u)   (SOFTMAX, LibMTL)     or     λ ← Π_Δ(u)   (PROJECTION, paper; §0.6 K1)
 *   d = Yᵀ λ                                                       (λ₀ = 1/m)
 * </pre>
 * {@code d} is a combination of the tracked rows, not of the current Jacobian, so no weights are
 * reported in the {@link Aggregation}; λ is in {@link #saveState()} as {@code "lambda"}.
 *
 * <p><b>State:</b> {@code Y} ({@code m × p}, in the Jacobian's data type, allocated at the first
 * step) and λ. Saved as {@code "lambda"} and {@code "tracking"} (Y row by row; absent before the
 * first step). Step sizes use the global step t of {@link StepInfo}. Heads get their unweighted
 * gradients (§0.3). Output scale: λ sums to 1 (§0.4).
 *
 * <p><b>Reference:</b> H. D. Fernando, H. Shen, M. Liu, S. Chaudhury, K. Murugesan, T. Chen,
 * "Mitigating Gradient Bias in Multi-objective Learning: A Provably Convergent Approach", ICLR
 * 2023; LibMTL {@code LibMTL/weighting/MoCo.py}; algorithms.md §13. <b>Deviations:</b> none from
 * §13 (the loss-scaled normalisation and the softmax are LibMTL's, the projection the paper's;
 * the λ step uses the updated Y as LibMTL does; the paper's projection of Y's rows onto balls is
 * not offered).
 */
public final class MoCo implements JacobianAggregator {
    static final String LAMBDA = "lambda";
    static final String TRACKING = "tracking";

    private final Config config;
    private final int m;
    private double[] lambda;
    private INDArray tracking;
    private double[] pendingTracking;
    private double[] scales;

    /** How λ is mapped back to the simplex after the gradient step. */
    public enum LambdaUpdate {
        /** {@code λ ← softmax(u)} (LibMTL). */
        SOFTMAX,
        /** {@code λ ← Π_Δ(u)}, Euclidean projection onto the simplex (paper). */
        PROJECTION
    }

    /**
     * Configuration of MoCo.
     *
     * @param beta                tracking step {@code beta ∈ (0, 1]}
     * @param betaSigma           decay exponent of the tracking step, ≥ 0
     * @param gamma               λ step {@code gamma > 0}
     * @param gammaSigma          decay exponent of the λ step, ≥ 0
     * @param rho                 ℓ2 regulariser ρ ≥ 0
     * @param lossScaledNormalize whether {@code h_i = g_i/(‖g_i‖+1e-8)·L_i} (LibMTL) instead of {@code g_i}
     * @param lambdaUpdate        SOFTMAX (LibMTL) or PROJECTION (paper)
     */
    public record Config(double beta, double betaSigma, double gamma, double gammaSigma, double rho,
                         boolean lossScaledNormalize, LambdaUpdate lambdaUpdate) implements WeightingConfig {
        /** Validates. */
        public Config {
            if (!(beta > 0 && beta <= 1)) {
                throw new IllegalArgumentException("beta must be in (0, 1], found " + beta);
            }
            if (!(betaSigma >= 0) || !Double.isFinite(betaSigma)) {
                throw new IllegalArgumentException("betaSigma must be finite and >= 0, found " + betaSigma);
            }
            if (!(gamma > 0) || !Double.isFinite(gamma)) {
                throw new IllegalArgumentException("gamma must be finite and > 0, found " + gamma);
            }
            if (!(gammaSigma >= 0) || !Double.isFinite(gammaSigma)) {
                throw new IllegalArgumentException("gammaSigma must be finite and >= 0, found " + gammaSigma);
            }
            if (!(rho >= 0) || !Double.isFinite(rho)) {
                throw new IllegalArgumentException("rho must be finite and >= 0, found " + rho);
            }
            Objects.requireNonNull(lambdaUpdate, "lambdaUpdate");
        }

        /** @return LibMTL's defaults: β 0.5/σ 0.5, γ 0.1/σ 0.5, ρ 0, loss-scaled normalisation, SOFTMAX */
        public static Config defaults() {
            return new Config(0.5, 0.5, 0.1, 0.5, 0.0, true, LambdaUpdate.SOFTMAX);
        }

        /** @return the defaults with the paper's projected λ update */
        public static Config projected() {
            return new Config(0.5, 0.5, 0.1, 0.5, 0.0, true, LambdaUpdate.PROJECTION);
        }

        @Override
        public MoCo create(int numTasks) {
            return new MoCo(this, numTasks);
        }
    }

    private MoCo(Config config, int m) {
        StochasticMath.checkTaskCount(m);
        this.config = config;
        this.m = m;
        this.scales = new double[m];
        reset();
    }

    @Override
    public Aggregation aggregate(INDArray jacobian, double[] losses, StepInfo step, INDArray direction) {
        StochasticMath.checkSingle(jacobian, losses, direction, m);
        INDArray y = tracking(jacobian);
        double t = step.step();
        double betaT = config.beta() / Math.pow(t, config.betaSigma());
        double gammaT = config.gamma() / Math.pow(t, config.gammaSigma());
        if (config.lossScaledNormalize()) {
            double[] norms = jacobian.norm2(1).castTo(DataType.DOUBLE).toDoubleVector();
            for (int i = 0; i < m; i++) {
                scales[i] = losses[i] / (norms[i] + StochasticMath.EPS);
            }
        } else {
            Arrays.fill(scales, 1.0);
        }
        // Y ← (1 − β_t) Y + β_t H,  H = diag(scales) J
        y.muli(1 - betaT);
        for (int i = 0; i < m; i++) {
            if (scales[i] != 0) {
                Nd4j.getBlasWrapper().level1().axpy(jacobian.columns(), betaT * scales[i], jacobian.getRow(i), y.getRow(i));
            }
        }
        double[][] yy = StochasticMath.gram(y);
        double[] u = lambda.clone();
        double[] yyl = StochasticMath.multiply(yy, lambda);
        for (int i = 0; i < m; i++) {
            u[i] -= gammaT * (yyl[i] + config.rho() * lambda[i]);
        }
        lambda = config.lambdaUpdate() == LambdaUpdate.SOFTMAX ? StochasticMath.softmax(u) : SimplexProjection.project(u);
        StochasticMath.combine(y, lambda, direction);
        return new Aggregation(null, Diagnostics.ok());
    }

    /** @return Y, allocated (or restored from a loaded state) for the Jacobian's shape and type */
    private INDArray tracking(INDArray jacobian) {
        long p = jacobian.columns();
        if (tracking == null) {
            tracking = Nd4j.zeros(jacobian.dataType(), m, p);
            if (pendingTracking != null) {
                if (pendingTracking.length != m * p) {
                    throw new IllegalArgumentException("MoCo state 'tracking' has " + pendingTracking.length
                            + " entries, expected m·p = " + m * p);
                }
                tracking.assign(Nd4j.create(pendingTracking, new long[] {m, p}, 'c').castTo(jacobian.dataType()));
                pendingTracking = null;
            }
        } else if (tracking.columns() != p || tracking.dataType() != jacobian.dataType()) {
            throw new IllegalArgumentException("MoCo tracks " + Arrays.toString(tracking.shape()) + " " + tracking.dataType()
                    + " gradients; this step's Jacobian is " + Arrays.toString(jacobian.shape()) + " " + jacobian.dataType()
                    + " (reset() before changing the model)");
        }
        return tracking;
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public int numTasks() {
        return m;
    }

    @Override
    public void reset() {
        lambda = new double[m];
        Arrays.fill(lambda, 1.0 / m);
        tracking = null;
        pendingTracking = null;
    }

    @Override
    public Map<String, double[]> saveState() {
        Map<String, double[]> s = new HashMap<>();
        s.put(LAMBDA, lambda.clone());
        if (tracking != null) {
            s.put(TRACKING, tracking.castTo(DataType.DOUBLE).dup('c').data().asDouble());
        } else if (pendingTracking != null) {
            s.put(TRACKING, pendingTracking.clone());
        }
        return s;
    }

    @Override
    public void loadState(Map<String, double[]> state) {
        StochasticMath.rejectUnknownKeys("MoCo", state, Set.of(LAMBDA, TRACKING));
        reset();
        double[] l = StochasticMath.stateVector("MoCo", state, LAMBDA, m);
        if (l != null) {
            lambda = l;
        }
        pendingTracking = StochasticMath.stateVector("MoCo", state, TRACKING, -1);
        if (pendingTracking != null && pendingTracking.length % m != 0) {
            throw new IllegalArgumentException("MoCo state 'tracking' must have m·p entries (m = " + m + "), found "
                    + pendingTracking.length);
        }
    }
}
