package org.mtl4j.models.ode;

/**
 * Explicit Euler with K steps of {@code h = t/K} (algorithms.md §22.3):
 * <pre>
 *   y_{k+1} = y_k + h F(y_k),   k = 0 … K−1
 * </pre>
 * Backward (discrete adjoint, exact for the computed forward):
 * <pre>
 *   ȳ_k = ȳ_{k+1} + J_F(y_k)ᵀ (h ȳ_{k+1}),   ∂L/∂φ += ∂⟨h ȳ_{k+1}, F(y_k)⟩/∂φ
 * </pre>
 * Time tangent (forward mode, {@code dh/dt = 1/K}, {@code ẏ_0 = 0}):
 * <pre>
 *   ẏ_{k+1} = ẏ_k + F(y_k)/K + h J_F(y_k) ẏ_k
 * </pre>
 * With several end times, h is per row group. Global error O(h). Create through
 * {@link OdeSolverConfig#create()}.
 */
public final class ExplicitEuler extends TapedSolver {

    ExplicitEuler(OdeSolverConfig config) {
        super(config);
    }

    @Override
    void forwardSteps(OdeSystem system, Lane l, int slotBase, boolean timeTangent) {
        int k = config().steps();
        double[] h = l.steps;
        Stack f = l.derivatives[0];
        Stack jv = l.derivativeTangents[0];
        for (int s = 0; s < k; s++) {
            int slot = slotBase + s;
            system.evaluate(slot, l.states[s].full, f.full);
            if (timeTangent) {
                system.jvp(slot, l.tangent.full, jv.full);
                axpy(1.0 / k, f, l.tangent);
                axpySteps(1, h, jv, l.tangent);
            }
            copy(l.states[s], l.states[s + 1]);
            axpySteps(1, h, f, l.states[s + 1]);
        }
    }

    @Override
    Stack backwardSteps(OdeSystem system, Lane l, int slotBase) {
        double[] h = l.steps;
        Stack a = l.adjoint;
        Stack next = l.adjointNext;
        Stack scaled = l.scaled;
        for (int s = config().steps() - 1; s >= 0; s--) {
            copy(a, scaled);
            scaleSteps(1, h, scaled);
            copy(a, next);
            system.vjp(slotBase + s, scaled.full, 1.0, next.full);
            Stack t = a;
            a = next;
            next = t;
        }
        return a;
    }
}
