package org.mtl4j.models.ode;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A fixed-step integrator with a tape, used as a differentiable layer.
 *
 * <p>One call integrates one initial state {@code y(0)} (blocks of {@code [N, n]}) to
 * {@code G ≥ 1} end times at once: the G copies are stacked as row groups of {@code [G·N, n]}
 * arrays and advanced together, copy g with its own step {@code h_g = t_g/K}. This is exact for
 * vector fields that act row by row (such as pointwise networks), and costs one evaluation of
 * the vector field per stage instead of G.
 *
 * <p>Work is organised in <em>lanes</em>: each lane is one such integration with its own tape.
 * Lane {@code l} uses the system's evaluation slots {@code [l·S, (l+1)·S)} with
 * {@code S = }{@link #slotsPerLane()}.
 *
 * <p>Call order per lane: {@link #integrate}, then any number of {@link #backward} calls (each
 * starts from the same tape). A new {@code integrate} on a lane invalidates its tape. Returned
 * arrays are internal buffers, valid until the lane's next {@code integrate}. Not thread-safe.
 */
public interface OdeSolver {

    /** @return the configuration */
    OdeSolverConfig config();

    /** @return system evaluation slots used by one lane (steps × stages) */
    default int slotsPerLane() {
        return config().steps() * config().method().stages();
    }

    /**
     * Integrates {@code dy/dt = F(y)} from 0 to each of the {@code times} in K steps of
     * {@code h_g = t_g/K} (negative times integrate backwards; a zero time leaves its copy
     * unchanged).
     *
     * @param system      the vector field (acting row by row)
     * @param lane        lane index (≥ 0)
     * @param initial     {@code y(0)}, one {@code [N, n]} array per block (copied onto the tape)
     * @param times       end times {@code t_g} (finite, any sign), one per row group
     * @param timeTangent also propagate {@code dy_K/dt_g} of the discrete map (see {@link #timeTangent})
     * @return {@code y_K ≈ y(t_g)} stacked as {@code [G·N, n]} per block, group g in rows
     *         {@code [g·N, (g+1)·N)} (internal buffers)
     */
    INDArray[] integrate(OdeSystem system, int lane, INDArray[] initial, double[] times, boolean timeTangent);

    /** Integrates to a single time (G = 1); see {@link #integrate(OdeSystem, int, INDArray[], double[], boolean)}. */
    default INDArray[] integrate(OdeSystem system, int lane, INDArray[] initial, double time, boolean timeTangent) {
        return integrate(system, lane, initial, new double[] {time}, timeTangent);
    }

    /**
     * The exact derivative of each group's computed end state with respect to its end time,
     * {@code dy_K/dt_g}, with {@code h_g = t_g/K} differentiated (forward mode through the steps).
     *
     * @param lane a lane integrated with {@code timeTangent = true}
     * @return {@code dy_K/dt_g} stacked like the end state (internal buffers)
     */
    INDArray[] timeTangent(int lane);

    /**
     * @param lane an integrated lane
     * @param step k ∈ [0, K]
     * @return the stacked state {@code y_k} after k steps (internal buffers)
     */
    INDArray[] state(int lane, int step);

    /**
     * Back-propagates the adjoint of the stacked end state through the lane's unrolled steps,
     * accumulates the system's parameter gradients (through {@link OdeSystem#vjp}) and sums the
     * groups' adjoints of their common initial state.
     *
     * @param system       the system the lane was integrated with
     * @param lane         the lane
     * @param finalAdjoint {@code ∂L/∂y_K} per block, stacked {@code [G·N, n]} (unchanged)
     * @return {@code ∂L/∂y(0) = Σ_g ∂L/∂y_0^{(g)}} per block, {@code [N, n]} (internal buffers)
     */
    INDArray[] backward(OdeSystem system, int lane, INDArray[] finalAdjoint);
}
