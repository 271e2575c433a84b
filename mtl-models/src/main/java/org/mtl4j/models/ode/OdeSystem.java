package org.mtl4j.models.ode;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An autonomous vector field {@code dy/dt = F(y)} with its two derivative products, as an
 * {@link OdeSolver} needs them. The state {@code y} is a list of {@link #numBlocks()} arrays of
 * one common shape (for NORMAL's heavy-ball dynamics: position {@code z} and velocity {@code q},
 * each {@code [N, n]}).
 *
 * <p>Every evaluation is made under a <em>slot</em> number chosen by the solver. The system
 * remembers under that slot what the derivative products need (for a neural vector field: the
 * hidden pre-activations); the solver guarantees that the state arrays handed to
 * {@link #evaluate} stay unchanged until the backward pass of that integration is over, so the
 * system may keep references to them instead of copies.
 *
 * <p>Implementations own their parameter gradients: {@link #vjp} accumulates into them, and the
 * caller clears them before a backward pass.
 */
public interface OdeSystem {

    /** @return number of state blocks (≥ 1) */
    int numBlocks();

    /**
     * Evaluates {@code F(y)} and remembers what the derivative products need under {@code slot}.
     *
     * @param slot       evaluation slot (≥ 0), chosen by the solver
     * @param state      {@code y}, one array per block; must stay unchanged while the slot is in use
     * @param derivative output {@code F(y)}, one array per block (overwritten)
     */
    void evaluate(int slot, INDArray[] state, INDArray[] derivative);

    /**
     * Forward-mode product {@code out = J_F(y_slot) · tangent} at the state of an earlier
     * {@link #evaluate} under {@code slot} (parameters held fixed).
     *
     * @param slot    slot of the evaluation
     * @param tangent direction in state space
     * @param out     output (overwritten); must not alias {@code tangent}
     */
    void jvp(int slot, INDArray[] tangent, INDArray[] out);

    /**
     * Reverse-mode product at the state of an earlier {@link #evaluate} under {@code slot}, for an
     * output adjoint {@code ā = scale · outputAdjoint}:
     * <pre>
     *   stateAdjoint   += scale · J_F(y_slot)ᵀ · outputAdjoint
     *   paramGradients += scale · ∂⟨outputAdjoint, F(y_slot)⟩ / ∂parameters
     * </pre>
     *
     * @param slot          slot of the evaluation
     * @param outputAdjoint adjoint of {@code F}'s output (unchanged)
     * @param scale         factor applied to the adjoint
     * @param stateAdjoint  accumulated adjoint of the state; must not alias {@code outputAdjoint}
     */
    void vjp(int slot, INDArray[] outputAdjoint, double scale, INDArray[] stateAdjoint);
}
