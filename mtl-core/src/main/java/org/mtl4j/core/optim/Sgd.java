package org.mtl4j.core.optim;

import org.mtl4j.core.model.nd4j.ComputeLanes;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay,
 * in PyTorch's convention:
 * <pre>
 *   g ← g + λ θ
 *   v ← μ v + g                      (v = g at the first step)
 *   θ ← θ − η (g + μ v)   (Nesterov)   or   θ ← θ − η v
 * </pre>
 * Relation to DL4J: plain SGD equals {@code org.nd4j.linalg.learning.config.Sgd}; with a constant
 * learning rate, Nesterov momentum equals DL4J's {@code Nesterovs} (whose velocity
 * {@code v' = μ v' − η g} absorbs the rate; the two differ when the rate changes between steps);
 * the decay λ equals DL4J's {@code L2Regularization(λ)} (added to the gradient before the
 * updater), not its {@code WeightDecay}. DL4J has no heavy-ball (non-Nesterov) momentum updater.
 *
 * @param learningRate η &gt; 0
 * @param momentum     μ ∈ [0, 1)
 * @param nesterov     Nesterov momentum (needs μ &gt; 0)
 * @param weightDecay  λ ≥ 0
 */
public record Sgd(double learningRate, double momentum, boolean nesterov, double weightDecay) implements OptimizerConfig {
    /** Validates. */
    public Sgd {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be > 0, found " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), found " + momentum);
        }
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("nesterov needs momentum > 0, found momentum " + momentum);
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be >= 0, found " + weightDecay);
        }
    }

    /** @return plain SGD with the given learning rate */
    public static Sgd of(double learningRate) {
        return new Sgd(learningRate, 0, false, 0);
    }

    /**
     * {@inheritDoc}
     *
     * <p>On the CPU backend a Java loop over primitive arrays with bulk copies (plain SGD: one
     * {@code axpy}); on other backends ND4J operations. Both give the same results up to float
     * rounding.
     */
    @Override
    public FlatOptimizer create(INDArray params) {
        return create(params, ComputeLanes.single());
    }

    @Override
    public FlatOptimizer create(INDArray params, ComputeLanes lanes) {
        return HostVector.applies(params) ? new HostSgdOptimizer(this, params, lanes) : new SgdOptimizer(this, params);
    }
}
