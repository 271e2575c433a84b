package org.mtl4j.weighting.bilevel;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * First-order access to a lower-level objective {@code f(α, ω)} at explicitly given points ω,
 * as MOML's reverse recurrence needs it ({@link UnrolledHypergradient}):
 * <pre>
 *   gradient:     ∇_ω f(α, ω)
 *   secondOrder:  H v = ∇²_ωω f(α, ω) v     and     ∇_α ⟨∇_ω f(α, ω), v⟩ = ∇²_αω f(α, ω) v
 * </pre>
 * Implementations compute the second-order products from first-order operations (central
 * differences of gradients and values, {@link WeightedSumLowerLevel}) or in closed form; a
 * Hessian is never formed. ω vectors have length {@link #omegaLength()} and type
 * {@link #dataType()}; implementations never modify them.
 */
public interface LowerLevelOracle {
    /** @return dimension of α */
    int alphaDimension();

    /** @return length of ω */
    long omegaLength();

    /** @return data type of ω vectors */
    DataType dataType();

    /**
     * @param alpha       α
     * @param omega       the point ω
     * @param gradientOut receives {@code ∇_ω f(α, ω)}
     */
    void gradient(double[] alpha, INDArray omega, INDArray gradientOut);

    /**
     * @param alpha            α
     * @param omega            the point ω
     * @param direction        v
     * @param hessianVectorOut receives {@code ∇²_ωω f(α, ω) v}; null when only the mixed product is needed
     * @return {@code ∇_α ⟨∇_ω f(α, ω), v⟩ ∈ R^{dim α}}
     */
    double[] secondOrder(double[] alpha, INDArray omega, INDArray direction, INDArray hessianVectorOut);
}
