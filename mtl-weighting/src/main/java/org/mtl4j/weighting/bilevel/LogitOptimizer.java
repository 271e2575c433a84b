package org.mtl4j.weighting.bilevel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Updates the upper-level variable α (a small double vector) with its own optimiser:
 * <pre>
 *   SGD:   α ← α − μ g
 *   ADAM:  m ← β1 m + (1−β1) g;  v ← β2 v + (1−β2) g²;  t ← t + 1
 *          α ← α − μ · (m / (1−β1^t)) / (sqrt(v / (1−β2^t)) + ε)        β1 = 0.9, β2 = 0.999, ε = 1e-8
 * </pre>
 * (Kingma &amp; Ba, ICLR 2015, in PyTorch's form, which the FORUM code uses for the task-weight
 * logits.) The gradient must be finite; a non-finite entry raises an exception naming it.
 */
public final class LogitOptimizer {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final OuterOptimizer kind;
    private final double[] m;
    private final double[] v;
    private long t;

    /**
     * @param kind      ADAM or SGD
     * @param dimension dimension of α
     */
    public LogitOptimizer(OuterOptimizer kind, int dimension) {
        if (kind == null) {
            throw new IllegalArgumentException("outer optimizer must be ADAM or SGD, found null");
        }
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, found " + dimension);
        }
        this.kind = kind;
        this.m = new double[dimension];
        this.v = new double[dimension];
    }

    /**
     * One step in place.
     *
     * @param alpha        α (updated)
     * @param gradient     the gradient-like vector g (finite)
     * @param learningRate μ &gt; 0
     */
    public void step(double[] alpha, double[] gradient, double learningRate) {
        if (alpha.length != m.length || gradient.length != m.length) {
            throw new IllegalArgumentException("alpha and gradient must have length " + m.length + ", found " + alpha.length
                    + " and " + gradient.length);
        }
        for (int i = 0; i < gradient.length; i++) {
            if (!Double.isFinite(gradient[i])) {
                throw new IllegalArgumentException("upper-level gradient entry " + i + " is not finite: " + gradient[i]);
            }
        }
        if (kind == OuterOptimizer.SGD) {
            for (int i = 0; i < alpha.length; i++) {
                alpha[i] -= learningRate * gradient[i];
            }
            return;
        }
        t++;
        double bc1 = 1 - Math.pow(BETA1, t);
        double bc2 = 1 - Math.pow(BETA2, t);
        for (int i = 0; i < alpha.length; i++) {
            double g = gradient[i];
            m[i] = BETA1 * m[i] + (1 - BETA1) * g;
            v[i] = BETA2 * v[i] + (1 - BETA2) * g * g;
            alpha[i] -= learningRate * (m[i] / bc1) / (Math.sqrt(v[i] / bc2) + EPSILON);
        }
    }

    /** Back to zero state. */
    public void reset() {
        java.util.Arrays.fill(m, 0);
        java.util.Arrays.fill(v, 0);
        t = 0;
    }

    /** @return the state (copies) under the given key prefix */
    public Map<String, double[]> saveState(String prefix) {
        Map<String, double[]> s = new LinkedHashMap<>();
        s.put(prefix + "m", m.clone());
        s.put(prefix + "v", v.clone());
        s.put(prefix + "t", new double[] {t});
        return s;
    }

    /** Restores a state written by {@link #saveState(String)}. */
    public void loadState(Map<String, double[]> state, String prefix) {
        double[] sm = state.get(prefix + "m");
        double[] sv = state.get(prefix + "v");
        double[] st = state.get(prefix + "t");
        if (sm == null || sv == null || st == null || sm.length != m.length || sv.length != v.length || st.length != 1) {
            throw new IllegalArgumentException("optimizer state under '" + prefix + "' is missing or has the wrong sizes "
                    + "(expected m, v of length " + m.length + " and t of length 1)");
        }
        System.arraycopy(sm, 0, m, 0, m.length);
        System.arraycopy(sv, 0, v, 0, v.length);
        t = (long) st[0];
    }
}
