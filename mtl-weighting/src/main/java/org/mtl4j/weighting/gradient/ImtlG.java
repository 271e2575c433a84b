package org.mtl4j.weighting.gradient;

import org.mtl4j.core.weighting.GradientSpace;
import org.mtl4j.core.weighting.GramianWeighting;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.StepWeights;

/**
 * IMTL-G, impartial gradient balance: the aggregated direction has equal projections on all unit
 * task gradients, {@code ⟨d, g_i/‖g_i‖⟩ = const}, with weights summing to 1.
 * <pre>
 *   A   = {i : ‖g_i‖ ≥ 1e-8}             (inactive tasks get weight 0)
 *   n_i = √G_ii,  C_ij = G_ij/(n_i n_j)   (i, j ∈ A; C is the cosine matrix)
 *   v   = N⁻¹ C⁺ 1                        (N = diag(n); = G_AA⁻¹ n when G_AA is invertible;
 *                                          C⁺ by symmetric eigen-decomposition,
 *                                          eigenvalues ≤ 1e-12·λ_max dropped)
 *   w_A = v / Σv;   w = 0 if |Σv|·max n &lt; 1e-12   (0 in the convex hull: d = 0)
 *   d   = Σ w_i g_i
 * </pre>
 * This equals the paper's closed form {@code w_{2:m} = g_1 Uᵀ (D Uᵀ)⁻¹}, {@code w_1 = 1 − Σw_{2:m}}
 * (D: rows g_1 − g_i, U: rows u_1 − u_i, u_i = g_i/‖g_i‖) when the gradients are linearly independent,
 * and stays defined when they are not. Stateless. Heads get unweighted gradients (algorithms.md §0.3).
 *
 * <p>Reference: L. Liu, Y. Li, Z. Kuang, J.-H. Xue, Y. Chen, W. Yang, Q. Liao, W. Zhang, "Towards
 * Impartial Multi-task Learning", ICLR 2021. Code: LibMTL {@code LibMTL/weighting/IMTL.py},
 * AvivNavon/nash-mtl class {@code IMTLG}, torchjd {@code _imtl_g.py} (pseudo-inverse form).
 *
 * <p>Deviations: LibMTL inverts {@code D Uᵀ} directly (fails for dependent gradients, divides by
 * ‖g_i‖ unguarded); here the pseudo-inverse form is used. algorithms.md §10 writes it as
 * {@code G⁺ n}; the pseudo-inverse is taken of the cosine matrix instead, which gives the same
 * weights for linearly independent gradients and keeps the exact invariance to per-task scaling
 * when the norms are spread over many orders of magnitude (the cutoff on G would drop the
 * eigenvalues of small-norm tasks). The zero-sum test is scale-free ({@code |Σv|·max_i n_i})
 * instead of the absolute test |Σv| &lt; 1e-12.
 */
public final class ImtlG implements GramianWeighting {
    private static final double PINV_CUTOFF = 1e-12;

    private final ImtlConfig config;
    private final int m;

    ImtlG(ImtlConfig config, int numTasks) {
        if (numTasks < 1) {
            throw new IllegalArgumentException("number of tasks must be >= 1, found " + numTasks);
        }
        this.config = config;
        this.m = numTasks;
    }

    @Override
    public StepWeights weigh(double[][] gram, double[] losses, StepInfo step) {
        JacobianMath.checkGram(gram, m);
        JacobianMath.checkLosses(losses, m);
        return StepWeights.of(weights(gram));
    }

    /** @return the IMTL-G weights for a Gram matrix (summing to 1, or all 0 when 0 is in the convex hull) */
    static double[] weights(double[][] gram) {
        int m = gram.length;
        int[] active = new int[m];
        int a = 0;
        for (int i = 0; i < m; i++) {
            if (Math.sqrt(gram[i][i]) >= JacobianMath.EPS) {
                active[a++] = i;
            }
        }
        double[] w = new double[m];
        if (a == 0) {
            java.util.Arrays.fill(w, 1.0 / m);   // all gradients zero: d = 0 whatever the weights
            return w;
        }
        // G_AA = N C N with N = diag(n) and C the cosine matrix; v = N⁻¹ C⁺ 1 (= G_AA⁻¹ n when invertible)
        double[] n = new double[a];
        double maxNorm = 0;
        for (int x = 0; x < a; x++) {
            n[x] = Math.sqrt(gram[active[x]][active[x]]);
            maxNorm = Math.max(maxNorm, n[x]);
        }
        double[][] cosine = new double[a][a];
        double[] ones = new double[a];
        for (int x = 0; x < a; x++) {
            ones[x] = 1.0;
            for (int y = 0; y < a; y++) {
                cosine[x][y] = x == y ? 1.0 : gram[active[x]][active[y]] / (n[x] * n[y]);
            }
        }
        double[] v = SmallLinearAlgebra.pseudoInverseTimes(cosine, ones, PINV_CUTOFF);
        double sum = 0;
        for (int x = 0; x < a; x++) {
            v[x] /= n[x];
            sum += v[x];
        }
        if (!(Math.abs(sum) * maxNorm >= 1e-12)) {
            return w;
        }
        for (int x = 0; x < a; x++) {
            w[active[x]] = v[x] / sum;
        }
        return w;
    }

    @Override
    public GradientSpace gradientSpace() {
        return config.gradientSpace();
    }

    @Override
    public ImtlConfig config() {
        return config;
    }

    @Override
    public int numTasks() {
        return m;
    }

    @Override
    public void reset() {
        // stateless
    }
}
