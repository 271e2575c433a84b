package org.mtl4j.weighting.gradient;

import java.util.HashMap;
import java.util.Map;
import org.mtl4j.core.weighting.Aggregation;
import org.mtl4j.core.weighting.Diagnostics;
import org.mtl4j.core.weighting.JacobianAggregator;
import org.mtl4j.core.weighting.StepInfo;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DB-MTL, dual balancing: balances the loss scales by taking gradients of log-losses and the
 * gradient magnitudes by rescaling every task's (averaged) gradient to the largest norm.
 * <pre>
 *   ĝ_i = ∇ log(L_i + 1e-8) = g_i / (L_i + 1e-8)                 (loss-scale balancing)
 *   β_t = beta / t^betaSigma,   Ĝ ← β_t Ĝ + (1 − β_t) [ĝ_i]       (EMA, no bias correction; Ĝ₀ = 0)
 *   n_i = ‖Ĝ_i‖,   α_i = max_j n_j / (n_i + 1e-8)                 (gradient-magnitude balancing)
 *   d = Σ_i α_i Ĝ_i
 * </pre>
 * {@code d} combines the buffered rows, not the current Jacobian, so no weights are reported.
 *
 * <p><b>State:</b> the buffer Ĝ ({@code m × p} in the Jacobian's data type), saved as
 * {@code "buffer"}. Losses must be ≥ 0. Output scale: sum scale (§0.4).
 *
 * <p><b>Reference:</b> B. Lin, W. Jiang, F. Ye, Y. Zhang, P. Chen, Y.-C. Chen, S. Liu, I. Tsang,
 * J. Kwok, "Dual-Balancing for Multi-Task Learning", arXiv 2308.12029; LibMTL
 * {@code LibMTL/weighting/DB_MTL.py}; algorithms.md §17. <b>Deviation:</b> LibMTL's heads receive
 * the gradient of {@code log(L_i + 1e-8)}, i.e. {@code ∇_{φ_i} L_i / (L_i + 1e-8)}; the SPI has no
 * per-task head factor besides reported weights, so here the heads get the unweighted
 * {@code ∇_{φ_i} L_i} (reference head policy UNWEIGHTED).
 */
public final class DbMtl implements JacobianAggregator {
    static final String BUFFER = "buffer";

    private final DbMtlConfig config;
    private final int m;
    private final TrackedRows buffer;

    DbMtl(DbMtlConfig config, int numTasks) {
        if (numTasks < 1) {
            throw new IllegalArgumentException("number of tasks must be >= 1, found " + numTasks);
        }
        this.config = config;
        this.m = numTasks;
        this.buffer = new TrackedRows("DB-MTL", BUFFER, numTasks);
    }

    @Override
    public Aggregation aggregate(INDArray jacobian, double[] losses, StepInfo step, INDArray direction) {
        JacobianMath.checkAggregateInputs(jacobian, losses, direction, m);
        for (int i = 0; i < m; i++) {
            if (losses[i] < 0) {
                throw new IllegalArgumentException("DB-MTL takes the logarithm of the losses, which must be >= 0; loss of task "
                        + i + " is " + losses[i]);
            }
        }
        INDArray g = buffer.forJacobian(jacobian);
        double betaT = config.beta() / Math.pow(step.step(), config.betaSigma());
        g.muli(betaT);
        long p = jacobian.columns();
        for (int i = 0; i < m; i++) {
            double f = (1 - betaT) / (losses[i] + JacobianMath.EPS);
            Nd4j.getBlasWrapper().level1().axpy(p, f, jacobian.getRow(i), g.getRow(i));
        }
        double[] norms = g.norm2(1).castTo(DataType.DOUBLE).toDoubleVector();
        double max = 0;
        for (int i = 0; i < m; i++) {
            if (!Double.isFinite(norms[i])) {
                throw new IllegalArgumentException("DB-MTL buffer row " + i + " is not finite (norm " + norms[i]
                        + "): non-finite or overflowing gradients of task " + i);
            }
            max = Math.max(max, norms[i]);
        }
        double[] alpha = new double[m];
        for (int i = 0; i < m; i++) {
            alpha[i] = max / (norms[i] + JacobianMath.EPS);
        }
        JacobianMath.combine(g, alpha, direction);
        return new Aggregation(null, Diagnostics.ok());
    }

    @Override
    public DbMtlConfig config() {
        return config;
    }

    @Override
    public int numTasks() {
        return m;
    }

    @Override
    public void reset() {
        buffer.reset();
    }

    @Override
    public Map<String, double[]> saveState() {
        double[] b = buffer.save();
        Map<String, double[]> s = new HashMap<>();
        if (b != null) {
            s.put(BUFFER, b);
        }
        return s;
    }

    @Override
    public void loadState(Map<String, double[]> state) {
        for (String k : state.keySet()) {
            if (!BUFFER.equals(k)) {
                throw new IllegalArgumentException("DB-MTL state has unknown key '" + k + "'; expected '" + BUFFER + "'");
            }
        }
        buffer.load(state.get(BUFFER));
    }
}
