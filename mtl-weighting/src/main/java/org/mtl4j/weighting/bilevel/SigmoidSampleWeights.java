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
    private final int dimension;
    private final int[] index;
    private final double[] scale;

    /** @param scale the constants c_j &gt; 0, one per sample (component j uses α_j) */
    public SigmoidSampleWeights(double[] scale) {
        this(scale == null ? 0 : scale.length, identity(scale == null ? 0 : scale.length), scale);
    }

    /**
     * Weights of a subset of the samples (a mini-batch): component k is sample {@code index[k]}.
     * <pre>
     *   s_k(α) = c_k σ(α_{index[k]}),    (J_sᵀ c')_j = Σ_{k : index[k] = j} c_k σ'(α_j) c'_k
     * </pre>
     *
     * @param dimension dimension of α (all samples)
     * @param index     the α entry of every component, in [0, dimension)
     * @param scale     the constants c_k &gt; 0, one per component
     */
    public SigmoidSampleWeights(int dimension, int[] index, double[] scale) {
        if (scale == null || scale.length == 0) {
            throw new IllegalArgumentException("scale must have one positive entry per sample, found "
                    + (scale == null ? "null" : "an empty array"));
        }
        if (index == null || index.length != scale.length) {
            throw new IllegalArgumentException("index must have one entry per component (" + scale.length + "), found "
                    + (index == null ? "null" : String.valueOf(index.length)));
        }
        for (int j = 0; j < scale.length; j++) {
            if (!(scale[j] > 0) || !Double.isFinite(scale[j])) {
                throw new IllegalArgumentException("scale[" + j + "] must be > 0 and finite, found " + scale[j]);
            }
            if (index[j] < 0 || index[j] >= dimension) {
                throw new IllegalArgumentException("index[" + j + "] must be in [0, " + dimension + "), found " + index[j]);
            }
        }
        this.dimension = dimension;
        this.index = index.clone();
        this.scale = scale.clone();
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public int components() {
        return scale.length;
    }

    @Override
    public double[] weights(double[] alpha) {
        WeightMap.requireFinite("alpha", alpha, dimension);
        double[] s = new double[scale.length];
        for (int k = 0; k < s.length; k++) {
            s[k] = scale[k] * sigmoid(alpha[index[k]]);
        }
        return s;
    }

    @Override
    public double[] pullback(double[] alpha, double[] c) {
        WeightMap.requireFinite("alpha", alpha, dimension);
        if (c == null || c.length != scale.length) {
            throw new IllegalArgumentException("c must have length " + scale.length + ", found " + (c == null ? "null" : c.length));
        }
        double[] out = new double[dimension];
        for (int k = 0; k < scale.length; k++) {
            double sg = sigmoid(alpha[index[k]]);
            out[index[k]] += scale[k] * sg * (1 - sg) * c[k];
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
