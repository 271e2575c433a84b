package org.mtl4j.models.ode;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A fixed-step integrator with a tape, used as a differentiable layer.
 *
 * <p>Work is organised in <em>lanes</em>: each lane is one integration (for NORMAL: one distinct
 * task position) with its own tape, so several integrations of one forward pass can be
 * back-propagated afterwards in any order. Lane {@code l} uses the system's evaluation slots
 * {@code [l·S, (l+1)·S)} with {@code S = }{@link #slotsPerLane()}.
 *
 * <p>Call order per lane: {@link #integrate}, then any number of {@link #backward} calls (each
 * one starts from the same tape). A new {@code integrate} on a lane invalidates its tape.
 * Returned arrays are internal buffers, valid until the lane's next {@code integrate}. Not
 * thread-safe.
 */
public interface OdeSolver {

    /** @return the configuration */
    OdeSolverConfig config();

    /** @return system evaluation slots used by one lane (steps × stages) */
    default int slotsPerLane() {
        return config().steps() * config().method().stages();
    }

    /**
     * Integrates {@code dy/dt = F(y)} from 0 to {@code time} in K steps of {@code h = time/K}
     * (negative times integrate backwards).
     *
     * @param system      the vector field
     * @param lane        lane index (≥ 0)
     * @param initial     {@code y(0)}, one array per block (copied onto the tape)
     * @param time        end time t (finite, any sign)
     * @param timeTangent also propagate {@code dy_K/dt} of the discrete map (see {@link #timeTangent})
     * @return {@code y_K ≈ y(t)} (internal buffers)
     */
    INDArray[] integrate(OdeSystem system, int lane, INDArray[] initial, double time, boolean timeTangent);

    /**
     * The exact derivative of the computed end state with respect to the end time,
     * {@code dy_K/dt}, with {@code h = t/K} differentiated (forward mode through the steps).
     *
     * @param lane a lane integrated with {@code timeTangent = true}
     * @return {@code dy_K/dt} per block (internal buffers)
     */
    INDArray[] timeTangent(int lane);

    /**
     * @param lane an integrated lane
     * @param step k ∈ [0, K]
     * @return the state {@code y_k} after k steps (internal buffers)
     */
    INDArray[] state(int lane, int step);

    /**
     * Back-propagates the adjoint of {@code y_K} through the lane's unrolled steps and
     * accumulates the system's parameter gradients (through {@link OdeSystem#vjp}).
     *
     * @param system       the system the lane was integrated with
     * @param lane         the lane
     * @param finalAdjoint {@code ∂L/∂y_K} per block (unchanged)
     * @return {@code ∂L/∂y_0} per block (internal buffers)
     */
    INDArray[] backward(OdeSystem system, int lane, INDArray[] finalAdjoint);
}
