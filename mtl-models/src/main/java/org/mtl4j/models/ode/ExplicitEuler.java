package org.mtl4j.models.ode;

/**
 * Explicit Euler with K steps of {@code h = t/K} (algorithms.md §22.3):
 * <pre>
 *   y_{k+1} = y_k + h F(y_k),   k = 0 … K−1
 * </pre>
 * Backward (discrete adjoint, exact for the computed forward):
 * <pre>
 *   ȳ_k = ȳ_{k+1} + h J_F(y_k)ᵀ ȳ_{k+1},   ∂L/∂φ += h ∂⟨ȳ_{k+1}, F(y_k)⟩/∂φ
 * </pre>
 * Time tangent (forward mode, {@code dh/dt = 1/K}, {@code ẏ_0 = 0}):
 * <pre>
 *   ẏ_{k+1} = ẏ_k + F(y_k)/K + h J_F(y_k) ẏ_k
 * </pre>
 * Global error O(h). Create through {@link OdeSolverConfig#create()}.
 */
public final class ExplicitEuler extends TapedSolver {

    ExplicitEuler(OdeSolverConfig config) {
        super(config);
    }

    @Override
    void forwardSteps(OdeSystem system, Lane l, int slotBase, boolean timeTangent) {
        int k = config().steps();
        double h = l.step;
        double dh = 1.0 / k;
        var f = l.derivatives[0];
        var jv = l.derivativeTangents[0];
        for (int s = 0; s < k; s++) {
            int slot = slotBase + s;
            system.evaluate(slot, l.states[s], f);
            copy(l.states[s], l.states[s + 1]);
            axpy(h, f, l.states[s + 1]);
            if (timeTangent) {
                system.jvp(slot, l.tangent, jv);
                axpy(dh, f, l.tangent);
                axpy(h, jv, l.tangent);
            }
        }
    }

    @Override
    void backwardSteps(OdeSystem system, Lane l, int slotBase) {
        double h = l.step;
        var a = l.adjoint;
        var next = l.adjointNext;
        for (int s = config().steps() - 1; s >= 0; s--) {
            copy(a, next);
            system.vjp(slotBase + s, a, h, next);
            copy(next, a);
        }
    }
}
