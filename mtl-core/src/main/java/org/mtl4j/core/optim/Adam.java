package org.mtl4j.core.optim;

import org.mtl4j.core.model.nd4j.ComputeLanes;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adam (Kingma &amp; Ba, ICLR 2015) with L2 weight decay, or AdamW (Loshchilov &amp; Hutter, ICLR 2019)
 * with decoupled weight decay, in PyTorch's convention:
 * <pre>
 *   g ← g + λ θ                        (Adam)     θ ← θ − η λ θ   (AdamW, before the step)
 *   m ← β1 m + (1 − β1) g ;  v ← β2 v + (1 − β2) g²
 *   θ ← θ − η · (m / (1 − β1^t)) / (sqrt(v / (1 − β2^t)) + ε)
 * </pre>
 * Relation to DL4J's {@code org.nd4j.linalg.learning.config.Adam}: DL4J adds ε to
 * {@code sqrt(v)} before the bias correction ({@code θ ← θ − η sqrt(1 − β2^t)/(1 − β1^t) · m / (sqrt(v) + ε)}),
 * i.e. an effective ε of {@code ε sqrt(1 − β2^t)} in the form above; the two agree when ε is
 * negligible against {@code sqrt(v)}. L2 decay equals DL4J's {@code L2Regularization(λ)}; AdamW's
 * decoupled decay equals DL4J's {@code WeightDecay(λ, applyLR = true)} (DL4J M2.1 has no AdamW
 * updater).
 *
 * @param learningRate η &gt; 0
 * @param beta1        β1 ∈ [0, 1)
 * @param beta2        β2 ∈ [0, 1)
 * @param epsilon      ε &gt; 0
 * @param weightDecay  λ ≥ 0
 * @param decoupled    AdamW (decoupled decay) instead of L2 decay
 */
public record Adam(double learningRate, double beta1, double beta2, double epsilon, double weightDecay, boolean decoupled)
        implements OptimizerConfig {
    /** Validates. */
    public Adam {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be > 0, found " + learningRate);
        }
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("beta1 must be in [0, 1), found " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta2 must be in [0, 1), found " + beta2);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("epsilon must be > 0, found " + epsilon);
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be >= 0, found " + weightDecay);
        }
    }

    /** @return Adam with PyTorch's defaults (β = 0.9, 0.999; ε = 1e-8; no decay) */
    public static Adam of(double learningRate) {
        return new Adam(learningRate, 0.9, 0.999, 1e-8, 0, false);
    }

    /**
     * {@inheritDoc}
     *
     * <p>On the CPU backend a Java loop over primitive arrays with bulk copies; on other backends
     * ND4J operations. Both give the same results up to float rounding.
     */
    @Override
    public FlatOptimizer create(INDArray params) {
        return create(params, ComputeLanes.single());
    }

    @Override
    public FlatOptimizer create(INDArray params, ComputeLanes lanes) {
        return HostVector.applies(params) ? new HostAdamOptimizer(this, params, lanes) : new AdamOptimizer(this, params);
    }
}
