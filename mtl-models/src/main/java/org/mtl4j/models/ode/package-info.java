/**
 * Fixed-step ODE integration with exact reverse- and forward-mode derivatives of the discrete
 * map, for neural ODE blocks such as NORMAL ({@code org.mtl4j.models.normal}).
 *
 * <p>An {@link org.mtl4j.models.ode.OdeSystem} is an autonomous, differentiable vector field
 * {@code dy/dt = F(y)} whose state is a list of equally shaped blocks. An
 * {@link org.mtl4j.models.ode.OdeSolver} (created from an
 * {@link org.mtl4j.models.ode.OdeSolverConfig}: explicit Euler or classical RK4, K steps) integrates
 * it from 0 to a time t with step h = t/K, keeps the trajectory on a tape, back-propagates an
 * adjoint of y(t) through the unrolled steps (the discrete adjoint, exact for the computed
 * forward) and, on request, propagates the tangent {@code dy_K/dt} of the discrete map forward.
 * Spec: algorithms.md §22.3–§22.4.
 */
package org.mtl4j.models.ode;
