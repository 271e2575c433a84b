package org.mtl4j.weighting.bilevel;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The gradient of FORUM's approximate value-function constraint (Ye et al., ECAI 2024; thesis
 * eqs. (3.12)–(3.16); algorithms.md §20 steps 2–5) for a weighted-sum lower level
 * {@code f(α, ω) = Σ_k s_k(α) ℓ_k(ω)}:
 * <pre>
 *   q̃(α, ω) = f(α, ω) − f(α, ω̃^T),    ω̃^0 = ω,  ω̃^{k+1} = ω̃^k − η ∇_ω f(α, ω̃^k)    (α fixed)
 *   ∇_α q̃  = ∇_α f(α, ω) − ∇_α f(α, ω̃^T) = J_sᵀ (ℓ(ω) − ℓ(ω̃^T))
 *   ∇_ω q̃  = ∇_ω f(α, ω)
 * </pre>
 * (ω̃^T is held fixed when differentiating: first-order only, no Hessian.) The inner loop stops
 * early, keeping the ω̃ reached so far, when {@code f(α, ω̃^k) &gt; abortAbove} (reference code:
 * 1e5). Memory is flat in T: one copy of ω and one gradient buffer.
 */
public final class ValueFunctionConstraint {
    private ValueFunctionConstraint() {
    }

    /**
     * The constraint gradient and what was seen on the way.
     *
     * @param alphaPart     ∇_α q̃
     * @param omegaPart     ∇_ω q̃ = ∇_ω f(α, ω)
     * @param valuesAtStart ℓ(ω)
     * @param valuesAtEnd   ℓ(ω̃^T) (or at the point where the loop stopped)
     * @param stepsTaken    inner steps actually taken
     * @param aborted       whether the loop stopped at {@code abortAbove}
     */
    public record Gradient(double[] alphaPart, INDArray omegaPart, double[] valuesAtStart, double[] valuesAtEnd,
                           int stepsTaken, boolean aborted) {
        /** @return {@code ‖∇q̃‖² = ‖∇_α q̃‖² + ‖∇_ω q̃‖²} */
        public double normSquared() {
            double n = omegaPart.norm2Number().doubleValue();
            return n * n + ForumSubproblem.dot(alphaPart, alphaPart);
        }
    }

    /**
     * @param lowerLevel the lower level
     * @param alpha      α
     * @param omega      the current point ω (not modified)
     * @param innerSteps T ≥ 1
     * @param innerLr    η &gt; 0
     * @param abortAbove stop the inner loop when f exceeds this (+∞ for never)
     * @return ∇q̃ at (α, ω)
     */
    public static Gradient compute(WeightedSumLowerLevel lowerLevel, double[] alpha, INDArray omega, int innerSteps,
                                   double innerLr, double abortAbove) {
        if (innerSteps < 1) {
            throw new IllegalArgumentException("innerSteps T must be >= 1, found " + innerSteps);
        }
        if (!(innerLr > 0) || !Double.isFinite(innerLr)) {
            throw new IllegalArgumentException("innerLr must be > 0, found " + innerLr);
        }
        double[] s = lowerLevel.weightMap().weights(alpha);
        INDArray qOmega = Nd4j.createUninitialized(omega.dataType(), omega.shape());
        double[] start = lowerLevel.valuesAndGradient(alpha, omega, qOmega);
        double gn = qOmega.norm2Number().doubleValue();
        if (!Double.isFinite(gn)) {
            throw new org.mtl4j.core.grad.NonFiniteException("the lower-level gradient ∇_ω f is not finite (norm " + gn
                    + "); lower the learning rates or check the losses");
        }
        INDArray point = omega.dup();
        INDArray g = qOmega.dup();
        double[] now = start;
        boolean aborted = false;
        int taken = 0;
        for (int k = 0; k < innerSteps; k++) {
            if (k > 0) {
                now = lowerLevel.valuesAndGradient(alpha, point, g);
            }
            if (ForumSubproblem.dot(s, now) > abortAbove) {
                aborted = true;
                break;
            }
            Nd4j.getBlasWrapper().level1().axpy(point.length(), -innerLr, g, point);
            taken++;
        }
        double[] end = aborted ? now : lowerLevel.values(point);
        double[] diff = new double[start.length];
        for (int k = 0; k < diff.length; k++) {
            diff[k] = start[k] - end[k];
        }
        double[] qAlpha = lowerLevel.weightMap().pullback(alpha, diff);
        return new Gradient(qAlpha, qOmega, start, end, taken, aborted);
    }
}
