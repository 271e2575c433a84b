package org.mtl4j.core.model.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A shared encoder that, after one forward, computes all m per-task parameter gradients in one
 * call, writing them straight into the rows of the Jacobian {@code J = [g_1 … g_m]ᵀ}, and can
 * form the Gramian {@code G = J Jᵀ} in double from its layer structure instead of from J.
 *
 * <p>For a dense layer with input {@code h} ({@code [B, n_in]}) and task i's pre-activation
 * gradient {@code Δ_i} ({@code [B, n_out]}), the layer's block of g_i is
 * {@code (Δ_iᵀ h, 1ᵀΔ_i)}, so
 * <pre>
 *   ⟨g_i, g_j⟩_layer = ⟨Δ_i, K Δ_j⟩_F,     K = h hᵀ + 1 1ᵀ   ([B, B])
 * </pre>
 * which costs {@code O(B² m n_out + m² B n_out)} per layer instead of {@code O(m² n_in n_out)}
 * (Goodfellow, "Efficient per-example gradient computations", 2015, applied to tasks instead of
 * examples). Evaluated in double from the float {@code Δ_i} and {@code h}, it is the double
 * Gramian of the exact gradients; J itself holds them rounded to the model's type, so the two
 * agree to that rounding (≈ 1e-7 relative in float, 1e-15 in double).
 *
 * <p>The {@link org.mtl4j.core.grad.GradientEngine} uses this path for single-input batches
 * when the task transform is the identity and the encoder holds all shared parameters.
 */
public interface BatchedJacobian {

    /**
     * Back-propagates every task's output gradient through the last forward.
     *
     * @param outputGradients {@code ∂L_i/∂output}, one per task, each of the last output's shape
     * @param rows            a c-order {@code [m, numParams]} matrix with contiguous rows; row i
     *                        is overwritten with task i's parameter gradient
     * @param gram            an {@code m×m} array to receive {@code G = J Jᵀ} in double, or null
     */
    void jacobian(INDArray[] outputGradients, INDArray rows, double[][] gram);
}
