package org.mtl4j.weighting.blackbox;

/**
 * The normalised search-gradient estimates of ASMG for a diagonal Gaussian
 * {@code x_j = μ + σ ⊙ z_j}, {@code z_j ∼ N(0, I)} (thesis eqs. 4.12–4.13; spec §21.3 step 4),
 * from the differences {@code ΔF_ij = F_i(x_j) − F_i(μ)} over the valid samples {@code V}:
 * <pre>
 * p̂_i = (1/|V|)  Σ_{j∈V} ΔF_ij z_j                 ≈ Σ^{1/2} ∇_μ J_i
 * ĥ_i = (1/(2|V|)) Σ_{j∈V} ΔF_ij (z_j ⊙ z_j − 1)     ≈ diag(Σ ∇_Σ J_i)
 * </pre>
 * Both are unbiased for the smoothed objective {@code J_i(μ, Σ) = E F_i(μ + σ ⊙ z)}; subtracting
 * {@code F_i(μ)} only lowers their variance (Thm 4.1 with {@code E z = 0}, {@code E(z² − 1) = 0}).
 */
final class SearchGradientEstimator {

    private SearchGradientEstimator() {
    }

    /**
     * Fills {@code pHat} and {@code hHat} ({@code m × d}, overwritten).
     *
     * @param z            {@code N × d} standard normal draws
     * @param values       {@code N × m} (at least) objective values at the samples
     * @param valuesAtMean {@code F(μ)}, length {@code m}
     * @param valid        which samples enter the estimate
     * @param validCount   number of {@code true} entries of {@code valid}, {@code ≥ 1}
     */
    static void estimate(double[][] z, double[][] values, double[] valuesAtMean, boolean[] valid, int validCount,
                         double[][] pHat, double[][] hHat) {
        int m = pHat.length;
        int d = pHat[0].length;
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(pHat[i], 0.0);
            java.util.Arrays.fill(hHat[i], 0.0);
        }
        for (int j = 0; j < z.length; j++) {
            if (!valid[j]) {
                continue;
            }
            double[] zj = z[j];
            for (int i = 0; i < m; i++) {
                double delta = values[j][i] - valuesAtMean[i];
                double[] p = pHat[i];
                double[] h = hHat[i];
                for (int k = 0; k < d; k++) {
                    double zk = zj[k];
                    p[k] += delta * zk;
                    h[k] += delta * (zk * zk - 1.0);
                }
            }
        }
        double pScale = 1.0 / validCount;
        double hScale = 0.5 / validCount;
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < d; k++) {
                pHat[i][k] *= pScale;
                hHat[i][k] *= hScale;
            }
        }
    }

    /**
     * The QP matrix {@code M = P̂P̂ᵀ + 2ĤĤᵀ} of thesis eq. (4.10), i.e. the Gram matrix of the
     * stacked vectors {@code [p̂_i ; √2 ĥ_i]}.
     */
    static double[][] gram(double[][] pHat, double[][] hHat) {
        int m = pHat.length;
        double[][] g = new double[m][m];
        for (int a = 0; a < m; a++) {
            for (int b = a; b < m; b++) {
                double s = 0;
                double[] pa = pHat[a];
                double[] pb = pHat[b];
                double[] ha = hHat[a];
                double[] hb = hHat[b];
                for (int k = 0; k < pa.length; k++) {
                    s += pa[k] * pb[k] + 2.0 * ha[k] * hb[k];
                }
                g[a][b] = s;
                g[b][a] = s;
            }
        }
        return g;
    }
}
