package org.mtl4j.weighting.bilevel;

import java.util.Arrays;
import org.mtl4j.core.weighting.UpperLevelData;
import org.mtl4j.core.weighting.WeightingConfig;

/**
 * Configuration of {@link Forum} (algorithms.md §20 hyperparameter table; defaults = the FORUM
 * repository / LibMTL code, the thesis variant through {@link MomentumIndex#PER_ITERATION},
 * {@link UpperLevelData#VALIDATION_SPLIT} and {@link OuterOptimizer#SGD}).
 *
 * @param rho                  ρ &gt; 0 of the barrier {@code φ_k = ρ/2‖∇q̃‖²}; default 0.1 (hyper-cleaning 0.5, synthetic 0.3)
 * @param innerSteps           T ≥ 1 lower-level steps of {@code q̃}; default 5
 * @param innerLr              η &gt; 0 of the inner steps; default 0.1 (QM9 0.01)
 * @param outerLr              μ &gt; 0 of the optimiser of the task-weight logits α; default 1e-3
 * @param outerOptimizer       optimiser of α; default ADAM (code)
 * @param momentum             the counter of {@code β = (idx+1)^{−3/4}}; default PER_EPOCH (code)
 * @param normalizeUpperGrads  unit-normalise each upper-level gradient ({@code ‖b‖ + 1e-8}); default true (code)
 * @param innerLossAbort       stop the inner loop when the weighted lower-level loss exceeds this (&gt; 0); default 1e5
 * @param qpMethod             how the (λ, γ) QP is solved; default REDUCED
 * @param upperData            where the upper-level batches come from; default TRAINING_BATCHES (code)
 * @param initialWeights       initial task weights on the open simplex, or empty for 1/m; default empty
 */
public record ForumConfig(double rho, int innerSteps, double innerLr, double outerLr, OuterOptimizer outerOptimizer,
                          MomentumIndex momentum, boolean normalizeUpperGrads, double innerLossAbort, ForumQpMethod qpMethod,
                          UpperLevelData upperData, double[] initialWeights) implements WeightingConfig {

    /** Validates. */
    public ForumConfig {
        if (!(rho > 0) || !Double.isFinite(rho)) {
            throw new IllegalArgumentException("rho must be > 0, found " + rho);
        }
        if (innerSteps < 1) {
            throw new IllegalArgumentException("innerSteps T must be >= 1, found " + innerSteps);
        }
        if (!(innerLr > 0) || !Double.isFinite(innerLr)) {
            throw new IllegalArgumentException("innerLr must be > 0, found " + innerLr);
        }
        if (!(outerLr > 0) || !Double.isFinite(outerLr)) {
            throw new IllegalArgumentException("outerLr must be > 0, found " + outerLr);
        }
        if (outerOptimizer == null) {
            throw new IllegalArgumentException("outerOptimizer must be ADAM or SGD, found null");
        }
        if (momentum == null) {
            throw new IllegalArgumentException("momentum must be PER_EPOCH or PER_ITERATION, found null");
        }
        if (!(innerLossAbort > 0)) {
            throw new IllegalArgumentException("innerLossAbort must be > 0 (or +Infinity for never), found " + innerLossAbort);
        }
        if (qpMethod == null) {
            throw new IllegalArgumentException("qpMethod must be REDUCED or FULL, found null");
        }
        if (upperData == null) {
            throw new IllegalArgumentException("upperData must be TRAINING_BATCHES or VALIDATION_SPLIT, found null");
        }
        initialWeights = initialWeights == null ? new double[0] : initialWeights.clone();
        if (initialWeights.length > 0) {
            SoftmaxWeights.logitsOf(initialWeights);
        }
    }

    /** @return the code defaults: ρ 0.1, T 5, η 0.1, Adam 1e-3 on α, per-epoch momentum, normalised UL gradients */
    public static ForumConfig defaults() {
        return new ForumConfig(0.1, 5, 0.1, 1e-3, OuterOptimizer.ADAM, MomentumIndex.PER_EPOCH, true, 1e5, ForumQpMethod.REDUCED,
                UpperLevelData.TRAINING_BATCHES, new double[0]);
    }

    @Override
    public double[] initialWeights() {
        return initialWeights.clone();
    }

    /** @return a copy with ρ */
    public ForumConfig withRho(double r) {
        return new ForumConfig(r, innerSteps, innerLr, outerLr, outerOptimizer, momentum, normalizeUpperGrads, innerLossAbort,
                qpMethod, upperData, initialWeights);
    }

    /** @return a copy with T inner steps */
    public ForumConfig withInnerSteps(int t) {
        return new ForumConfig(rho, t, innerLr, outerLr, outerOptimizer, momentum, normalizeUpperGrads, innerLossAbort,
                qpMethod, upperData, initialWeights);
    }

    /** @return a copy with the inner learning rate η */
    public ForumConfig withInnerLr(double lr) {
        return new ForumConfig(rho, innerSteps, lr, outerLr, outerOptimizer, momentum, normalizeUpperGrads, innerLossAbort,
                qpMethod, upperData, initialWeights);
    }

    /** @return a copy with the outer learning rate μ */
    public ForumConfig withOuterLr(double lr) {
        return new ForumConfig(rho, innerSteps, innerLr, lr, outerOptimizer, momentum, normalizeUpperGrads, innerLossAbort,
                qpMethod, upperData, initialWeights);
    }

    /** @return a copy with the momentum counter */
    public ForumConfig withMomentum(MomentumIndex mi) {
        return new ForumConfig(rho, innerSteps, innerLr, outerLr, outerOptimizer, mi, normalizeUpperGrads, innerLossAbort,
                qpMethod, upperData, initialWeights);
    }

    /** @return a copy with the QP method */
    public ForumConfig withQpMethod(ForumQpMethod q) {
        return new ForumConfig(rho, innerSteps, innerLr, outerLr, outerOptimizer, momentum, normalizeUpperGrads, innerLossAbort,
                q, upperData, initialWeights);
    }

    /** @return a copy with the given upper-level data */
    public ForumConfig withUpperData(UpperLevelData d) {
        return new ForumConfig(rho, innerSteps, innerLr, outerLr, outerOptimizer, momentum, normalizeUpperGrads, innerLossAbort,
                qpMethod, d, initialWeights);
    }

    /** @return a copy with the given initial task weights */
    public ForumConfig withInitialWeights(double... w) {
        return new ForumConfig(rho, innerSteps, innerLr, outerLr, outerOptimizer, momentum, normalizeUpperGrads, innerLossAbort,
                qpMethod, upperData, w);
    }

    @Override
    public Forum create(int numTasks) {
        return new Forum(this, numTasks);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ForumConfig c && rho == c.rho && innerSteps == c.innerSteps && innerLr == c.innerLr
                && outerLr == c.outerLr && outerOptimizer == c.outerOptimizer && momentum == c.momentum
                && normalizeUpperGrads == c.normalizeUpperGrads && innerLossAbort == c.innerLossAbort && qpMethod == c.qpMethod
                && upperData == c.upperData && Arrays.equals(initialWeights, c.initialWeights);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(rho, innerSteps, innerLr, outerLr, outerOptimizer, momentum, normalizeUpperGrads,
                innerLossAbort, qpMethod, upperData) * 31 + Arrays.hashCode(initialWeights);
    }

    @Override
    public String toString() {
        return "ForumConfig[rho=" + rho + ", innerSteps=" + innerSteps + ", innerLr=" + innerLr + ", outerLr=" + outerLr
                + ", outerOptimizer=" + outerOptimizer + ", momentum=" + momentum + ", normalizeUpperGrads=" + normalizeUpperGrads
                + ", innerLossAbort=" + innerLossAbort + ", qpMethod=" + qpMethod + ", upperData=" + upperData
                + ", initialWeights=" + Arrays.toString(initialWeights) + "]";
    }
}
