package org.mtl4j.weighting.gradient;

import java.util.Arrays;
import java.util.Map;

/**
 * The learnable IMTL-L scales {@code s ∈ R^m} and the gradient of the scaled losses
 * {@code L̂_i = e^{s_i} L_i − s_i} with respect to them: {@code ∂L̂_i/∂s_i = e^{s_i} L_i − 1}.
 */
final class ImtlScales {
    private static final String STATE_KEY = "scales";

    private final int m;
    private final double initial;
    private final double[] s;

    ImtlScales(int m, double initial) {
        this.m = m;
        this.initial = initial;
        this.s = new double[m];
        Arrays.fill(s, initial);
    }

    /** @return {@code e^{s_i}} */
    double[] exp() {
        double[] e = new double[m];
        for (int i = 0; i < m; i++) {
            e[i] = Math.exp(s[i]);
        }
        return e;
    }

    /** @return {@code ∂(Σ_i e^{s_i} L_i − s_i)/∂s = e^{s} ⊙ L − 1} */
    double[] gradient(double[] losses) {
        double[] g = new double[m];
        for (int i = 0; i < m; i++) {
            g[i] = Math.exp(s[i]) * losses[i] - 1.0;
        }
        return g;
    }

    double[] values() {
        return s.clone();
    }

    void set(double[] values) {
        if (values == null || values.length != m) {
            throw new IllegalArgumentException("IMTL-L scales must have length m = " + m + ", found "
                    + (values == null ? "null" : values.length));
        }
        for (int i = 0; i < m; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("IMTL-L scale s_" + i + " must be finite, found " + values[i]);
            }
        }
        System.arraycopy(values, 0, s, 0, m);
    }

    void reset() {
        Arrays.fill(s, initial);
    }

    Map<String, double[]> save() {
        return Map.of(STATE_KEY, s.clone());
    }

    void load(Map<String, double[]> state) {
        if (state.size() != 1 || !state.containsKey(STATE_KEY)) {
            throw new IllegalArgumentException("IMTL state must hold exactly the key '" + STATE_KEY + "', found " + state.keySet());
        }
        set(state.get(STATE_KEY));
    }
}
