package org.mtl4j.benchmarks.bilevel;

import org.mtl4j.weighting.bilevel.OuterOptimizer;
import org.mtl4j.weighting.bilevel.WeightedSumLowerLevel;

/**
 * Hyperparameters of one hyper-cleaning run ({@link HypercleaningRun}).
 *
 * @param method         MOML or FORUM
 * @param iterations     upper-level iterations K ≥ 1
 * @param innerSteps     lower-level steps T ≥ 1 per iteration
 * @param innerLr        η &gt; 0 of the lower-level steps
 * @param alphaLr        step of the sample-weight logits α (&gt; 0)
 * @param alphaOptimizer optimiser of α
 * @param modelLr        FORUM: SGD step μ of ω along D_ω (&gt; 0); unused by MOML, whose ω is warm-started at ω_T
 * @param rho            FORUM's ρ &gt; 0
 * @param normalizeUpper FORUM: unit-normalise the upper-level gradients
 * @param lowerBatch     training samples per dataset in each iteration's lower-level batch (0 = all)
 * @param upperBatch     val1 samples per dataset in each upper-level gradient (0 = all)
 * @param evalEvery      record F1 and accuracies every this many iterations (0 = only at the end)
 * @param hidden1        first hidden width of the shared MLP (512 in the benchmark)
 * @param hidden2        second hidden width (256 in the benchmark)
 */
record HypercleaningConfig(BilevelMethod method, int iterations, int innerSteps, double innerLr, double alphaLr,
                           OuterOptimizer alphaOptimizer, double modelLr, double rho, boolean normalizeUpper, int lowerBatch,
                           int upperBatch, int evalEvery, int hidden1, int hidden2) {
    /** Validates. */
    HypercleaningConfig {
        if (method == null || alphaOptimizer == null) {
            throw new IllegalArgumentException("method and alphaOptimizer must be given");
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations K must be >= 1, found " + iterations);
        }
        if (innerSteps < 1) {
            throw new IllegalArgumentException("innerSteps T must be >= 1, found " + innerSteps);
        }
        for (double v : new double[] {innerLr, alphaLr, modelLr, rho}) {
            if (!(v > 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("innerLr, alphaLr, modelLr and rho must be > 0, found " + innerLr + ", " + alphaLr
                        + ", " + modelLr + ", " + rho);
            }
        }
        if (hidden1 < 1 || hidden2 < 1) {
            throw new IllegalArgumentException("hidden widths must be >= 1, found " + hidden1 + ", " + hidden2);
        }
        if (lowerBatch < 0 || upperBatch < 0 || evalEvery < 0) {
            throw new IllegalArgumentException("lowerBatch, upperBatch and evalEvery must be >= 0, found " + lowerBatch + ", "
                    + upperBatch + ", " + evalEvery);
        }
    }

    /** @return the finite-difference scale of MOML's Hessian-vector products */
    double fdScale() {
        return WeightedSumLowerLevel.DEFAULT_FD_SCALE;
    }
}
