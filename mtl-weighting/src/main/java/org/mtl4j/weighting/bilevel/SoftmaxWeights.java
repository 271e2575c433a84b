package org.mtl4j.weighting.bilevel;

/**
 * Task weights as a softmax of logits (all reference code of MOML and FORUM; algorithms.md §19
 * "Parametrisation"):
 * <pre>
 *   s(α)_i = exp(α_i) / Σ_j exp(α_j)          (computed with the max subtracted)
 *   J_s = diag(s) − s sᵀ  (symmetric),   J_s c = s ⊙ (c − sᵀc)
 * </pre>
 * With m = 1, {@code J_s = 0}: α never moves.
 */
public final class SoftmaxWeights implements WeightMap {
    private final int m;

    /** @param numTasks m ≥ 1 */
    public SoftmaxWeights(int numTasks) {
        if (numTasks < 1) {
            throw new IllegalArgumentException("numTasks must be >= 1, found " + numTasks);
        }
        this.m = numTasks;
    }

    @Override
    public int dimension() {
        return m;
    }

    @Override
    public int components() {
        return m;
    }

    @Override
    public double[] weights(double[] alpha) {
        WeightMap.requireFinite("alpha", alpha, m);
        double max = Double.NEGATIVE_INFINITY;
        for (double a : alpha) {
            max = Math.max(max, a);
        }
        double[] s = new double[m];
        double sum = 0;
        for (int i = 0; i < m; i++) {
            s[i] = Math.exp(alpha[i] - max);
            sum += s[i];
        }
        for (int i = 0; i < m; i++) {
            s[i] /= sum;
        }
        return s;
    }

    @Override
    public double[] pullback(double[] alpha, double[] c) {
        if (c == null || c.length != m) {
            throw new IllegalArgumentException("c must have length " + m + ", found " + (c == null ? "null" : c.length));
        }
        double[] s = weights(alpha);
        double sc = 0;
        for (int i = 0; i < m; i++) {
            sc += s[i] * c[i];
        }
        double[] out = new double[m];
        for (int i = 0; i < m; i++) {
            out[i] = s[i] * (c[i] - sc);
        }
        return out;
    }

    /**
     * Logits of given weights on the open simplex: {@code α_i = log w_i} (softmax is shift-invariant).
     *
     * @param weights positive weights summing to 1 (tolerance 1e-9)
     * @return the logits
     * @throws IllegalArgumentException naming the entry when the weights are not in the open simplex
     */
    public static double[] logitsOf(double[] weights) {
        if (weights == null || weights.length == 0) {
            throw new IllegalArgumentException("initial weights must be a non-empty vector on the open simplex");
        }
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] > 0) || !Double.isFinite(weights[i])) {
                throw new IllegalArgumentException("initial task weight " + i + " must be > 0 (weights live in the open simplex), found "
                        + weights[i]);
            }
            sum += weights[i];
        }
        if (Math.abs(sum - 1) > 1e-9) {
            throw new IllegalArgumentException("initial task weights must sum to 1 (the simplex), found sum " + sum);
        }
        double[] out = new double[weights.length];
        for (int i = 0; i < weights.length; i++) {
            out[i] = Math.log(weights[i]);
        }
        return out;
    }
}
