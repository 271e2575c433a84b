package org.mtl4j.weighting.bilevel;

import java.util.ArrayList;
import java.util.List;
import org.mtl4j.core.grad.NonFiniteException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * MOML's hypergradient through T unrolled lower-level gradient steps (thesis Algorithm 1;
 * algorithms.md §19 "General T"), reverse mode with stored iterates:
 * <pre>
 *   forward:  ω_0 = ω,   ω_{k+1} = ω_k − η ∇_ω f(α, ω_k),   k = 0 … T−1       (iterates kept)
 *   reverse (per upper objective i, v = ∇_ω F_i(ω_T), h_i = 0):
 *     for k = T−1 … 0:   h_i ← h_i − η ∇_α ⟨∇_ω f(α, ω_k), v⟩
 *                        v   ← v − η ∇²_ωω f(α, ω_k) v          (skipped at k = 0)
 *   h_i = the part of dF_i(ω_T(α))/dα that flows through ω_T (add ∂_α F_i if F_i depends on α)
 * </pre>
 * Memory grows linearly in T (T stored copies of ω); each reverse step costs one
 * {@link LowerLevelOracle#secondOrder} call per objective. Not thread-safe.
 */
public final class UnrolledHypergradient {
    private final LowerLevelOracle oracle;
    private final int innerSteps;
    private final double innerLr;
    private final List<INDArray> iterates = new ArrayList<>();
    private double[] unrolledAlpha;

    /**
     * @param oracle     the lower level
     * @param innerSteps T ≥ 1
     * @param innerLr    η &gt; 0
     */
    public UnrolledHypergradient(LowerLevelOracle oracle, int innerSteps, double innerLr) {
        if (oracle == null) {
            throw new IllegalArgumentException("oracle must not be null");
        }
        if (innerSteps < 1) {
            throw new IllegalArgumentException("innerSteps T must be >= 1, found " + innerSteps);
        }
        if (!(innerLr > 0) || !Double.isFinite(innerLr)) {
            throw new IllegalArgumentException("innerLr must be > 0, found " + innerLr);
        }
        this.oracle = oracle;
        this.innerSteps = innerSteps;
        this.innerLr = innerLr;
    }

    /**
     * Runs the T lower-level steps from {@code omega0} (not modified), keeping the iterates.
     *
     * @return ω_T (a new array)
     */
    public INDArray unroll(double[] alpha, INDArray omega0) {
        if (omega0 == null || omega0.length() != oracle.omegaLength()) {
            throw new IllegalArgumentException("omega0 must have length " + oracle.omegaLength() + ", found "
                    + (omega0 == null ? "null" : String.valueOf(omega0.length())));
        }
        release();
        unrolledAlpha = alpha.clone();
        INDArray cur = omega0.dup();
        INDArray g = Nd4j.createUninitialized(omega0.dataType(), omega0.shape());
        for (int k = 0; k < innerSteps; k++) {
            iterates.add(cur);
            oracle.gradient(alpha, cur, g);
            INDArray next = cur.dup();
            Nd4j.getBlasWrapper().level1().axpy(next.length(), -innerLr, g, next);
            cur = next;
        }
        double n = cur.norm2Number().doubleValue();
        if (!Double.isFinite(n)) {
            throw new NonFiniteException("the unrolled lower level diverged: ω_T is not finite after " + innerSteps
                    + " steps with inner learning rate " + innerLr + " (lower it)");
        }
        return cur;
    }

    /**
     * The reverse recurrence for each upper-level gradient, using the iterates of the last
     * {@link #unroll}.
     *
     * @param alpha          α (the same as in {@link #unroll})
     * @param upperGradients {@code ∇_ω F_i(ω_T)}, one per objective (not modified)
     * @return {@code h_i} per objective, each of length dim α
     */
    public double[][] hypergradients(double[] alpha, INDArray... upperGradients) {
        if (iterates.isEmpty()) {
            throw new IllegalStateException("call unroll(...) before hypergradients(...)");
        }
        if (!java.util.Arrays.equals(alpha, unrolledAlpha)) {
            throw new IllegalArgumentException("alpha differs from the alpha of the last unroll(...)");
        }
        if (upperGradients == null || upperGradients.length == 0) {
            throw new IllegalArgumentException("at least one upper-level gradient is needed");
        }
        int m = upperGradients.length;
        INDArray[] v = new INDArray[m];
        double[][] h = new double[m][oracle.alphaDimension()];
        for (int i = 0; i < m; i++) {
            if (upperGradients[i] == null || upperGradients[i].length() != oracle.omegaLength()) {
                throw new IllegalArgumentException("upper-level gradient " + i + " must have length " + oracle.omegaLength());
            }
            v[i] = upperGradients[i].castTo(oracle.dataType()).reshape(iterates.get(0).shape()).dup();
        }
        INDArray hv = Nd4j.createUninitialized(iterates.get(0).dataType(), iterates.get(0).shape());
        for (int k = innerSteps - 1; k >= 0; k--) {
            INDArray omegaK = iterates.get(k);
            for (int i = 0; i < m; i++) {
                double[] mixed = oracle.secondOrder(alpha, omegaK, v[i], k > 0 ? hv : null);
                for (int a = 0; a < mixed.length; a++) {
                    h[i][a] -= innerLr * mixed[a];
                }
                if (k > 0) {
                    Nd4j.getBlasWrapper().level1().axpy(hv.length(), -innerLr, hv, v[i]);
                }
            }
        }
        HypergradientCombiner.requireFinite(h);
        return h;
    }

    /** @return the number of stored iterates (T after an unroll, 0 after {@link #release()}) */
    public int storedIterates() {
        return iterates.size();
    }

    /** Drops the stored iterates. */
    public void release() {
        for (INDArray a : iterates) {
            if (a.closeable()) {
                a.close();
            }
        }
        iterates.clear();
    }
}
