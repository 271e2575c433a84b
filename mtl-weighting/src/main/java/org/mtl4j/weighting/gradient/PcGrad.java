package org.mtl4j.weighting.gradient;

import org.mtl4j.core.weighting.Aggregation;
import org.mtl4j.core.weighting.JacobianAggregator;
import org.mtl4j.core.weighting.StepInfo;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * PCGrad, projecting conflicting gradients (gradient surgery).
 * <pre>
 *   for each task i:
 *     ĝ_i ← g_i
 *     for j in a fresh random permutation of the other tasks:
 *       if ⟨ĝ_i, g_j⟩ &lt; 0:  ĝ_i ← ĝ_i − ⟨ĝ_i, g_j⟩ / (‖g_j‖² + 1e-8) · g_j      (always the original g_j)
 *   d = Σ_i ĝ_i            (reduction SUM, default; MEAN divides by m)
 * </pre>
 * Computed in the Gram-only form: {@code ĝ_i = Σ_k c_ik g_k} with {@code c_i = e_i}, the inner
 * product is {@code (G c_i)_j} and a projection does {@code c_ij −= (G c_i)_j / (G_jj + 1e-8)};
 * then {@code w = Σ_i c_i} and {@code d = Jᵀw}. The only p-sized work is {@code G = JJᵀ} and
 * {@code Jᵀw}; w is reported in the {@link Aggregation}.
 *
 * <p>Random: the permutations are drawn from {@link StepInfo#random()} (one Fisher–Yates shuffle per
 * task, tasks in order). Otherwise stateless. Heads get their unweighted gradients (algorithms.md §0.3).
 *
 * <p>Reference: T. Yu, S. Kumar, A. Gupta, S. Levine, K. Hausman, C. Finn, "Gradient Surgery for
 * Multi-Task Learning", NeurIPS 2020. Code: LibMTL {@code LibMTL/weighting/PCGrad.py}.
 *
 * <p>Deviation from LibMTL: the task itself is excluded from the permutation (paper, torchjd);
 * {@link PcGradConfig#includeSelf()} restores LibMTL's behaviour. The conflict test uses the Gram
 * matrix in double instead of float dot products.
 *
 * <pre>{@code
 * JacobianAggregator pcgrad = PcGradConfig.defaults().create(3);
 * Aggregation a = pcgrad.aggregate(jacobian, losses, stepInfo, direction);
 * }</pre>
 */
public final class PcGrad implements JacobianAggregator {
    private final PcGradConfig config;
    private final int m;

    PcGrad(PcGradConfig config, int numTasks) {
        if (numTasks < 1) {
            throw new IllegalArgumentException("number of tasks must be >= 1, found " + numTasks);
        }
        this.config = config;
        this.m = numTasks;
    }

    @Override
    public Aggregation aggregate(INDArray jacobian, double[] losses, StepInfo step, INDArray direction) {
        JacobianMath.checkAggregateInputs(jacobian, losses, direction, m);
        return aggregate(jacobian, JacobianMath.gram(jacobian), losses, step, direction);
    }

    @Override
    public boolean readsGramian() {
        return true;
    }

    /** PCGrad reads J only through G: with the engine's Gramian no pass over J is needed before {@code d = Jᵀw}. */
    @Override
    public Aggregation aggregate(INDArray jacobian, double[][] gram, double[] losses, StepInfo step, INDArray direction) {
        JacobianMath.checkAggregateInputs(jacobian, losses, direction, m);
        JacobianMath.checkGram(gram, m);
        double[] w = weights(gram, step);
        JacobianMath.combine(jacobian, w, direction);
        return Aggregation.of(w);
    }

    /** @return the PCGrad weights w with {@code d = Jᵀw} for the Gram matrix G */
    double[] weights(double[][] gram, StepInfo step) {
        double[] w = new double[m];
        double[] c = new double[m];
        int[] order = new int[m];
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(c, 0.0);
            c[i] = 1.0;
            int n = 0;
            for (int j = 0; j < m; j++) {
                if (j != i || config.includeSelf()) {
                    order[n++] = j;
                }
            }
            JacobianMath.shuffle(order, n, step.random());
            for (int k = 0; k < n; k++) {
                int j = order[k];
                double dot = 0;
                for (int l = 0; l < m; l++) {
                    dot += gram[j][l] * c[l];
                }
                if (dot < 0) {
                    c[j] -= dot / (gram[j][j] + JacobianMath.EPS);
                }
            }
            for (int l = 0; l < m; l++) {
                w[l] += c[l];
            }
        }
        if (config.reduction() == PcGradConfig.Reduction.MEAN) {
            for (int l = 0; l < m; l++) {
                w[l] /= m;
            }
        }
        return w;
    }

    @Override
    public PcGradConfig config() {
        return config;
    }

    @Override
    public int numTasks() {
        return m;
    }

    @Override
    public void reset() {
        // stateless: the permutations come from StepInfo.random()
    }
}
