package org.mtl4j.weighting.bilevel;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A lower level of the weighted-sum form {@code f(α, ω) = Σ_k s_k(α) ℓ_k(ω)} (task losses with
 * softmax weights, or sample losses with sigmoid weights), whose second-order products are
 * central finite differences of first-order quantities (algorithms.md §19 "General T"):
 * <pre>
 *   ε     = fdScale / ‖v‖                                  (fdScale = 0.01 as LibMTL's Auto-Lambda)
 *   H v   ≈ (∇_ω f(α, ω + εv) − ∇_ω f(α, ω − εv)) / 2ε
 *   c_k   ≈ (ℓ_k(ω + εv) − ℓ_k(ω − εv)) / 2ε  ≈ ⟨∇_ω ℓ_k(ω), v⟩
 *   ∇_α ⟨∇_ω f, v⟩ = J_s(α)ᵀ c
 * </pre>
 * Both are exact for quadratic ℓ_k (central differences of a quadratic). The component values
 * come for free with the gradient evaluations at {@code ω ± εv}. A zero v gives zero products.
 * Subclasses supply the weighted gradient and the component values at a point.
 */
public abstract class WeightedSumLowerLevel implements LowerLevelOracle {
    /** Default relative finite-difference step: {@code ε = 0.01/‖v‖}. */
    public static final double DEFAULT_FD_SCALE = 0.01;

    private final WeightMap weights;
    private final double fdScale;
    private INDArray point;
    private INDArray plus;
    private INDArray minus;

    /**
     * @param weights the map α → s(α)
     * @param fdScale ε·‖v‖ &gt; 0 of the central differences
     */
    protected WeightedSumLowerLevel(WeightMap weights, double fdScale) {
        if (weights == null) {
            throw new IllegalArgumentException("weights must not be null");
        }
        if (!(fdScale > 0) || !Double.isFinite(fdScale)) {
            throw new IllegalArgumentException("fdScale must be > 0, found " + fdScale);
        }
        this.weights = weights;
        this.fdScale = fdScale;
    }

    /** @return the weight map */
    public WeightMap weightMap() {
        return weights;
    }

    @Override
    public int alphaDimension() {
        return weights.dimension();
    }

    /**
     * @param componentWeights s (length K)
     * @param omega            the point (not modified)
     * @param gradientOut      receives {@code ∇_ω Σ_k s_k ℓ_k(ω)}
     * @return the component values ℓ_k(ω)
     */
    protected abstract double[] weightedGradient(double[] componentWeights, INDArray omega, INDArray gradientOut);

    /** @return the component values ℓ_k(ω) (forward only) */
    protected abstract double[] componentValues(INDArray omega);

    @Override
    public void gradient(double[] alpha, INDArray omega, INDArray gradientOut) {
        weightedGradient(weights.weights(alpha), omega, gradientOut);
    }

    /**
     * @param alpha       α
     * @param omega       the point (not modified)
     * @param gradientOut receives {@code ∇_ω f(α, ω)}
     * @return the component values ℓ_k(ω) ({@code f = Σ_k s_k(α) ℓ_k})
     */
    public final double[] valuesAndGradient(double[] alpha, INDArray omega, INDArray gradientOut) {
        return weightedGradient(weights.weights(alpha), omega, gradientOut);
    }

    /** @return the component values ℓ_k(ω) (forward only) */
    public final double[] values(INDArray omega) {
        return componentValues(omega);
    }

    /** @return {@code ∇_α f(α, ω) = J_sᵀ ℓ(ω)} */
    public double[] alphaGradient(double[] alpha, INDArray omega) {
        return weights.pullback(alpha, componentValues(omega));
    }

    @Override
    public double[] secondOrder(double[] alpha, INDArray omega, INDArray direction, INDArray hessianVectorOut) {
        double[] s = weights.weights(alpha);
        double norm = direction.norm2Number().doubleValue();
        if (!Double.isFinite(norm)) {
            throw new org.mtl4j.core.grad.NonFiniteException("the direction of a Hessian-vector product is not finite (norm "
                    + norm + "); the hypergradient recurrence diverged (lower the inner learning rate)");
        }
        if (norm == 0) {
            if (hessianVectorOut != null) {
                hessianVectorOut.assign(0);
            }
            return new double[weights.dimension()];
        }
        double eps = fdScale / norm;
        buffers(omega);
        double[] lp;
        double[] lm;
        point.assign(omega);
        Nd4j.getBlasWrapper().level1().axpy(point.length(), eps, direction, point);
        if (hessianVectorOut != null) {
            lp = weightedGradient(s, point, plus);
        } else {
            lp = componentValues(point);
        }
        point.assign(omega);
        Nd4j.getBlasWrapper().level1().axpy(point.length(), -eps, direction, point);
        if (hessianVectorOut != null) {
            lm = weightedGradient(s, point, minus);
            hessianVectorOut.assign(plus).subi(minus).muli(1.0 / (2 * eps));
        } else {
            lm = componentValues(point);
        }
        double[] c = new double[lp.length];
        for (int k = 0; k < c.length; k++) {
            c[k] = (lp[k] - lm[k]) / (2 * eps);
        }
        return weights.pullback(alpha, c);
    }

    private void buffers(INDArray omega) {
        if (point == null || point.length() != omega.length() || point.dataType() != omega.dataType()) {
            point = Nd4j.createUninitialized(omega.dataType(), omega.shape());
            plus = Nd4j.createUninitialized(omega.dataType(), omega.shape());
            minus = Nd4j.createUninitialized(omega.dataType(), omega.shape());
        }
    }
}
