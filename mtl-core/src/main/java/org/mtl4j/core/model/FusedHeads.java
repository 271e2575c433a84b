package org.mtl4j.core.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Task heads that, when every task reads the same representation Z, compute all outputs into one
 * row-major buffer {@code Ŷ = [ŷ_1 | … | ŷ_m]} ({@code [B, Σ C_i]}) and can run the backward
 * pass of all heads at once from the matching gradient {@code Δ = [δ_1 | … | δ_m]}:
 * <pre>
 *   ∂L_i/∂φ_i  = head i's block of  Δᵀ Z  and  1ᵀ Δ          (unweighted, every head at once)
 *   ∂/∂Z Σ_i w_i L_i = (Δ · diag(w ⊗ 1_{C_i})) · [W_1; …; W_m]    (one GEMM)
 * </pre>
 * This replaces m small backward passes (three GEMMs each) and m additions of representation
 * gradients when only the weighted sum is needed, i.e. for loss-weighting strategies.
 */
public interface FusedHeads extends TaskHeads {

    /**
     * @return the contiguous c-order output {@code [B, Σ C_i]} of the last {@link #forward(INDArray[], boolean)}
     *         if that forward was fused (one shared representation), otherwise null
     */
    INDArray fusedOutput();

    /** @return the first column of head {@code task} in {@link #fusedOutput()} */
    long outputOffset(int task);

    /** @return C_i, the output width of head {@code task} */
    int outputSize(int task);

    /**
     * Backward pass of all heads' parameters after a fused forward: overwrites every head's
     * gradient view with its unweighted gradient {@code ∂L_i/∂φ_i}.
     *
     * @param outputGradient {@code Δ = ∂L_i/∂ŷ_i} side by side, {@code [B, Σ C_i]} c-order
     */
    void backwardHeads(INDArray outputGradient);

    /**
     * {@link #backwardHeads} and the weighted representation gradient in one call: overwrites every
     * head's gradient view with its unweighted gradient and returns {@code Σ_i w_i ∂L_i/∂Z}.
     *
     * @param outputGradient {@code Δ = ∂L_i/∂ŷ_i} side by side, {@code [B, Σ C_i]} c-order
     * @param weights        w_i per task for the representation gradient
     * @return {@code Σ_i w_i δ_i W_i} ({@code [B, D]}, internal buffer valid until the next call)
     */
    INDArray backwardFused(INDArray outputGradient, double[] weights);

    /**
     * {@code ∂L_i/∂Z = δ_i W_i} of one head after a fused forward, without touching any gradient view.
     *
     * @param task           the head
     * @param outputGradient the fused gradient {@code Δ} ({@code [B, Σ C_i]}) of {@link #backwardFused}
     * @return {@code [B, D]} (internal buffer of the head, valid until its next backward)
     */
    INDArray representationGradient(int task, INDArray outputGradient);
}
