package org.mtl4j.weighting.bilevel;

import java.util.Arrays;
import org.mtl4j.core.weighting.UpperLevelData;
import org.mtl4j.core.weighting.WeightingConfig;

/**
 * Configuration of {@link Moml} (algorithms.md §19; defaults as the FORUM repository's
 * {@code train_MOML} and the thesis' Ch. 3 MTL experiments).
 *
 * @param innerSteps     T ≥ 1 unrolled lower-level SGD steps; default 1 (the reference code supports only 1)
 * @param innerLr        η &gt; 0 of the inner steps; default 0.1 (QM9 0.01)
 * @param outerLr        μ &gt; 0 of the optimiser of the task-weight logits α; default 1e-3
 * @param outerOptimizer optimiser of α; default ADAM (code), SGD = thesis
 * @param combination    how the per-task hypergradients are combined; default MGDA_L2
 * @param upperData      where the upper-level batches come from; default TRAINING_BATCHES (code)
 * @param fdScale        ε·‖v‖ of the finite-difference Hessian-vector products (T &gt; 1); default 0.01
 * @param initialWeights initial task weights on the open simplex, or empty for 1/m; default empty
 */
public record MomlConfig(int innerSteps, double innerLr, double outerLr, OuterOptimizer outerOptimizer,
                         UpperCombination combination, UpperLevelData upperData, double fdScale, double[] initialWeights)
        implements WeightingConfig {

    /** Validates. */
    public MomlConfig {
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
        if (combination == null) {
            throw new IllegalArgumentException("combination must be one of " + Arrays.toString(UpperCombination.values())
                    + ", found null");
        }
        if (upperData == null) {
            throw new IllegalArgumentException("upperData must be TRAINING_BATCHES or VALIDATION_SPLIT, found null");
        }
        if (!(fdScale > 0) || !Double.isFinite(fdScale)) {
            throw new IllegalArgumentException("fdScale must be > 0, found " + fdScale);
        }
        initialWeights = initialWeights == null ? new double[0] : initialWeights.clone();
        if (initialWeights.length > 0) {
            SoftmaxWeights.logitsOf(initialWeights);
        }
    }

    /** @return T = 1, η = 0.1, Adam 1e-3 on α, MGDA-L2, training batches as UL data, uniform start */
    public static MomlConfig defaults() {
        return new MomlConfig(1, 0.1, 1e-3, OuterOptimizer.ADAM, UpperCombination.MGDA_L2, UpperLevelData.TRAINING_BATCHES,
                WeightedSumLowerLevel.DEFAULT_FD_SCALE, new double[0]);
    }

    @Override
    public double[] initialWeights() {
        return initialWeights.clone();
    }

    /** @return a copy with T inner steps */
    public MomlConfig withInnerSteps(int t) {
        return new MomlConfig(t, innerLr, outerLr, outerOptimizer, combination, upperData, fdScale, initialWeights);
    }

    /** @return a copy with the inner learning rate η */
    public MomlConfig withInnerLr(double lr) {
        return new MomlConfig(innerSteps, lr, outerLr, outerOptimizer, combination, upperData, fdScale, initialWeights);
    }

    /** @return a copy with the outer learning rate μ */
    public MomlConfig withOuterLr(double lr) {
        return new MomlConfig(innerSteps, innerLr, lr, outerOptimizer, combination, upperData, fdScale, initialWeights);
    }

    /** @return a copy with the given upper-level data */
    public MomlConfig withUpperData(UpperLevelData d) {
        return new MomlConfig(innerSteps, innerLr, outerLr, outerOptimizer, combination, d, fdScale, initialWeights);
    }

    /** @return a copy with the given initial task weights */
    public MomlConfig withInitialWeights(double... w) {
        return new MomlConfig(innerSteps, innerLr, outerLr, outerOptimizer, combination, upperData, fdScale, w);
    }

    @Override
    public Moml create(int numTasks) {
        return new Moml(this, numTasks);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MomlConfig c && innerSteps == c.innerSteps && innerLr == c.innerLr && outerLr == c.outerLr
                && outerOptimizer == c.outerOptimizer && combination == c.combination && upperData == c.upperData
                && fdScale == c.fdScale && Arrays.equals(initialWeights, c.initialWeights);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(innerSteps, innerLr, outerLr, outerOptimizer, combination, upperData, fdScale)
                * 31 + Arrays.hashCode(initialWeights);
    }

    @Override
    public String toString() {
        return "MomlConfig[innerSteps=" + innerSteps + ", innerLr=" + innerLr + ", outerLr=" + outerLr + ", outerOptimizer="
                + outerOptimizer + ", combination=" + combination + ", upperData=" + upperData + ", fdScale=" + fdScale
                + ", initialWeights=" + Arrays.toString(initialWeights) + "]";
    }
}
