package org.mtl4j.weighting.gradient;

import java.util.Arrays;
import org.mtl4j.core.weighting.GradientSpace;
import org.mtl4j.core.weighting.GramianWeighting;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.StepWeights;

/**
 * Aligned-MTL: aligns the task gradients into an orthogonal system with equal norms (the
 * condition number of the gradient matrix becomes 1) and combines the aligned gradients with a
 * preference vector.
 * <pre>
 *   G = V diag(λ) Vᵀ                       (symmetric eigen-decomposition in double, cyclic Jacobi)
 *   tol = max(λ) · m · ε,   R = #{λ_k > tol}         (rank truncation; R = 0: B = I)
 *   scale = min / median / mean of the kept λ_k      (MIN default)
 *   B = √scale · V_R diag(λ_R^{−1/2}) V_Rᵀ
 *   w = B · pref,   d = Σ_i w_i g_i = (BJ)ᵀ pref
 * </pre>
 * With full rank the aligned gradients (rows of {@code BJ}) satisfy {@code (BJ)(BJ)ᵀ = scale·I}:
 * orthogonal, each of squared norm {@code scale}. Identical gradients give rank 1 and
 * {@code B = (1/m)11ᵀ}; all-zero gradients give {@code B = I} and {@code d = 0}. Stateless. Heads
 * get unweighted gradients (algorithms.md §0.3). Output scale: sum scale with {@code pref = 1} (§0.4).
 *
 * <p><b>Rank tolerance:</b> LibMTL works in float32 and uses ε = float32 machine epsilon. Here the
 * Gram matrix and its eigen-decomposition are in double, but the Gram matrix of float gradients is
 * only as exact as they are, and a spurious small eigenvalue above a double-epsilon threshold would
 * dominate {@code B}. The default therefore keeps ε = 2⁻²³ ({@link AlignedMtlConfig#FLOAT_EPSILON});
 * {@code rankTolerance = 2.22e-16} gives the double-precision rule of algorithms.md §16.
 *
 * <p><b>Reference:</b> D. Senushkin, N. Patakin, A. Kuznetsov, A. Konushin, "Independent Component
 * Alignment for Multi-Task Learning", CVPR 2023 (Algorithm 1); LibMTL
 * {@code LibMTL/weighting/Aligned_MTL.py}; torchjd {@code _aligned_mtl.py}; algorithms.md §16.
 * <b>Deviations:</b> the default ε (above); MEDIAN takes the lower median for an even count (as
 * {@code torch.median}).
 */
public final class AlignedMtl implements GramianWeighting {
    private final AlignedMtlConfig config;
    private final int m;
    private final double[] pref;

    AlignedMtl(AlignedMtlConfig config, int numTasks) {
        if (numTasks < 1) {
            throw new IllegalArgumentException("number of tasks must be >= 1, found " + numTasks);
        }
        this.config = config;
        this.m = numTasks;
        this.pref = config.prefFor(numTasks);
    }

    @Override
    public StepWeights weigh(double[][] gram, double[] losses, StepInfo step) {
        JacobianMath.checkGram(gram, m);
        JacobianMath.checkLosses(losses, m);
        return StepWeights.of(multiply(balanceMatrix(gram), pref));
    }

    /** @return the balance matrix B for a Gram matrix (I when every eigenvalue is truncated) */
    double[][] balanceMatrix(double[][] gram) {
        SmallLinearAlgebra.Eigen e = SmallLinearAlgebra.symmetricEigen(gram);
        double[] values = e.values();
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            max = Math.max(max, v);
        }
        double tol = max * m * config.rankTolerance();
        int[] kept = new int[m];
        int r = 0;
        if (max > 0) {
            for (int k = 0; k < m; k++) {
                if (values[k] > tol) {
                    kept[r++] = k;
                }
            }
        }
        double[][] b = new double[m][m];
        if (r == 0) {
            for (int i = 0; i < m; i++) {
                b[i][i] = 1.0;
            }
            return b;
        }
        double[] keptValues = new double[r];
        for (int x = 0; x < r; x++) {
            keptValues[x] = values[kept[x]];
        }
        double scale = scale(keptValues);
        for (int x = 0; x < r; x++) {
            double[] v = e.vectors()[kept[x]];
            double f = Math.sqrt(scale / keptValues[x]);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    b[i][j] += f * v[i] * v[j];
                }
            }
        }
        return b;
    }

    private double scale(double[] kept) {
        double[] sorted = kept.clone();
        Arrays.sort(sorted);
        return switch (config.scaleMode()) {
            case MIN -> sorted[0];
            case MEDIAN -> sorted[(sorted.length - 1) / 2];
            case MEAN -> {
                double s = 0;
                for (double v : sorted) {
                    s += v;
                }
                yield s / sorted.length;
            }
        };
    }

    private static double[] multiply(double[][] a, double[] x) {
        return JacobianMath.multiply(a, x);
    }

    @Override
    public GradientSpace gradientSpace() {
        return config.gradientSpace();
    }

    @Override
    public AlignedMtlConfig config() {
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
