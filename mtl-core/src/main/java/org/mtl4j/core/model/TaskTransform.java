package org.mtl4j.core.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An optional block between the shared encoder and the task heads that turns the shared
 * representation {@code Z} into one representation {@code Z_i} per task. The identity
 * ({@link IdentityTransform}) gives plain hard parameter sharing; NORMAL
 * ({@code org.mtl4j.models.normal}) integrates an ODE to a task position {@code p_i}.
 *
 * <p>The transform's parameters count as shared parameters (they appear in every task's
 * gradient). Like {@link Module}, a forward is followed by any number of backward calls.
 */
public interface TaskTransform {

    /** @return number of trainable (shared) parameters of the transform; 0 for the identity */
    long numParams();

    /** Binds to views of the flat buffers (see {@link Module#bind}). */
    void bind(INDArray paramsView, INDArray gradientsView);

    /**
     * @param z        shared representation {@code [B, ...]}
     * @param training training-time behaviour
     * @return one representation per task (entries may be the same array)
     */
    INDArray[] forward(INDArray z, boolean training);

    /**
     * Back-propagates the given per-task representation gradients (null entries count as zero),
     * overwrites this transform's parameter gradients, and returns {@code ∂L/∂Z}.
     *
     * @param representationGradients {@code ∂L/∂Z_i} per task, null for tasks not involved
     * @return {@code ∂L/∂Z}
     */
    INDArray backward(INDArray[] representationGradients);

    /** @return true for the identity (lets the engine skip work) */
    default boolean isIdentity() {
        return false;
    }

    /**
     * Hook called by the trainer after each optimiser step with the step's per-task
     * representation gradients, for transforms that own extra task-specific variables updated
     * by their own rule (e.g. NORMAL's task positions). The default does nothing.
     *
     * @param representationGradients {@code ∂L_i/∂Z_i} per task (rows of the step)
     */
    default void afterStep(INDArray[] representationGradients) {
    }
}
