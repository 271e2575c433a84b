package org.mtl4j.weighting.bilevel;

/**
 * Per-sample weights as scaled logistic sigmoids of one logit per sample (data hyper-cleaning,
 * Franceschi et al. 2017 lineage; thesis §3.7.1):
 * <pre>
 *   s_j(α) = c_j · σ(α_j),        J_sᵀ c = (c_j σ(α_j)(1 − σ(α_j)) c'_j)_j      (diagonal)
 * </pre>
 * where the constants {@code c_j} are e.g. {@code 1/n_t} for the samples of task t, so that the
 * lower level is a sum over tasks of weighted means.
 */
public final class SigmoidSampleWeights implements WeightMap {
    private final double[] scale;

    /** @param scale the constants c_j &gt; 0, one per sample */
    public SigmoidSampleWeights(double[] scale) {
        if (scale == null || scale.length == 0) {
            throw new IllegalArgumentException("scale must have one positive entry per sample, found "
                    + (scale == null ? "null" : "an empty array"));
        }
        for (int j = 0; j < scale.length; j++) {
            if (!(scale[j] > 0) || !Double.isFinite(scale[j])) {
                throw new IllegalArgumentException("scale[" + j + "] must be > 0 and finite, found " + scale[j]);
            }
        }
        this.scale = scale.clone();
    }

    @Override
    public int dimension() {
        return scale.length;
    }

    @Override
    public int components() {
        return scale.length;
    }

    @Override
    public double[] weights(double[] alpha) {
        WeightMap.requireFinite("alpha", alpha, scale.length);
        double[] s = new double[scale.length];
        for (int j = 0; j < s.length; j++) {
            s[j] = scale[j] * sigmoid(alpha[j]);
        }
        return s;
    }

    @Override
    public double[] pullback(double[] alpha, double[] c) {
        WeightMap.requireFinite("alpha", alpha, scale.length);
        if (c == null || c.length != scale.length) {
            throw new IllegalArgumentException("c must have length " + scale.length + ", found " + (c == null ? "null" : c.length));
        }
        double[] out = new double[scale.length];
        for (int j = 0; j < out.length; j++) {
            double sg = sigmoid(alpha[j]);
            out[j] = scale[j] * sg * (1 - sg) * c[j];
        }
        return out;
    }

    /** @return σ(x) = 1/(1 + e^{−x}), computed without overflow */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }
}
