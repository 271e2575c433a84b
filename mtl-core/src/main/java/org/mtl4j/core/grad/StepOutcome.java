package org.mtl4j.core.grad;

import org.mtl4j.core.weighting.Diagnostics;

/**
 * What one gradient computation produced, besides the gradients written into the model.
 *
 * @param losses            per-task batch losses L_i
 * @param weights           task weights w (null when the strategy reports none)
 * @param trainableGradient gradient for the strategy's trainable variables (or null)
 * @param diagnostics       the strategy's diagnostics
 * @param gramian           the Gram matrix of the per-task gradients when it was computed, else null
 * @param directionNorm     ‖d‖ of the shared direction
 */
public record StepOutcome(double[] losses, double[] weights, double[] trainableGradient, Diagnostics diagnostics,
                          double[][] gramian, double directionNorm) {

    /**
     * @return the minimum cosine between two task gradients (conflict statistic), or NaN when the
     *         Gram matrix was not computed or m = 1
     */
    public double minCosine() {
        if (gramian == null || gramian.length < 2) {
            return Double.NaN;
        }
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < gramian.length; i++) {
            for (int j = i + 1; j < gramian.length; j++) {
                double den = Math.sqrt(gramian[i][i] * gramian[j][j]);
                if (den > 0) {
                    min = Math.min(min, gramian[i][j] / den);
                }
            }
        }
        return min == Double.POSITIVE_INFINITY ? Double.NaN : min;
    }
}
