package org.mtl4j.models.ode;

/**
 * Classical fourth-order Runge–Kutta with K steps of {@code h = t/K}:
 * <pre>
 *   Y1 = y,  Y2 = y + h/2 k1,  Y3 = y + h/2 k2,  Y4 = y + h k3,   k_s = F(Y_s)
 *   y_{k+1} = y_k + h/6 (k1 + 2 k2 + 2 k3 + k4)
 * </pre>
 * Backward (discrete adjoint of the four stages, exact for the computed forward), with
 * {@code A = ȳ_{k+1}} and {@code Ȳ_s = J_F(Y_s)ᵀ k̄_s}:
 * <pre>
 *   k̄4 = h A/6,  k̄3 = h (A/3 + Ȳ4),  k̄2 = h (A/3 + Ȳ3/2),  k̄1 = h (A/6 + Ȳ2/2)
 *   ȳ_k = A + Ȳ1 + Ȳ2 + Ȳ3 + Ȳ4
 * </pre>
 * The time tangent differentiates every stage with {@code dh/dt = 1/K}. With several end
 * times, h is per row group. Global error O(h⁴). Create through {@link OdeSolverConfig#create()}.
 */
public final class RungeKutta4 extends TapedSolver {

    RungeKutta4(OdeSolverConfig config) {
        super(config);
    }

    @Override
    void forwardSteps(OdeSystem system, Lane l, int slotBase, boolean timeTangent) {
        int steps = config().steps();
        double[] h = l.steps;
        Stack[] k = l.derivatives;
        for (int s = 0; s < steps; s++) {
            int slot = slotBase + 4 * s;
            Stack y = l.states[s];
            Stack[] in = l.stageInputs[s];
            system.evaluate(slot, y.full, k[0].full);
            copy(y, in[0]);
            axpySteps(0.5, h, k[0], in[0]);
            system.evaluate(slot + 1, in[0].full, k[1].full);
            copy(y, in[1]);
            axpySteps(0.5, h, k[1], in[1]);
            system.evaluate(slot + 2, in[1].full, k[2].full);
            copy(y, in[2]);
            axpySteps(1, h, k[2], in[2]);
            system.evaluate(slot + 3, in[2].full, k[3].full);
            Stack next = l.states[s + 1];
            copy(y, next);
            axpySteps(1.0 / 6, h, k[0], next);
            axpySteps(1.0 / 3, h, k[1], next);
            axpySteps(1.0 / 3, h, k[2], next);
            axpySteps(1.0 / 6, h, k[3], next);
            if (timeTangent) {
                tangentStep(system, l, slot, h, 1.0 / steps);
            }
        }
    }

    /** Forward-mode derivative of one step with respect to the end time ({@code dh/dt = dh}). */
    private static void tangentStep(OdeSystem system, Lane l, int slot, double[] h, double dh) {
        Stack[] k = l.derivatives;
        Stack[] kd = l.derivativeTangents;
        Stack yd = l.tangent;
        Stack stage = l.stageTangent;
        system.jvp(slot, yd.full, kd[0].full);
        copy(yd, stage);
        axpy(dh / 2, k[0], stage);
        axpySteps(0.5, h, kd[0], stage);
        system.jvp(slot + 1, stage.full, kd[1].full);
        copy(yd, stage);
        axpy(dh / 2, k[1], stage);
        axpySteps(0.5, h, kd[1], stage);
        system.jvp(slot + 2, stage.full, kd[2].full);
        copy(yd, stage);
        axpy(dh, k[2], stage);
        axpySteps(1, h, kd[2], stage);
        system.jvp(slot + 3, stage.full, kd[3].full);
        axpy(dh / 6, k[0], yd);
        axpy(dh / 3, k[1], yd);
        axpy(dh / 3, k[2], yd);
        axpy(dh / 6, k[3], yd);
        axpySteps(1.0 / 6, h, kd[0], yd);
        axpySteps(1.0 / 3, h, kd[1], yd);
        axpySteps(1.0 / 3, h, kd[2], yd);
        axpySteps(1.0 / 6, h, kd[3], yd);
    }

    @Override
    Stack backwardSteps(OdeSystem system, Lane l, int slotBase) {
        double[] h = l.steps;
        Stack a = l.adjoint;
        Stack sum = l.adjointNext;
        Stack ah = l.scaled;
        Stack kb = l.combined;
        Stack[] ys = l.stageAdjoints;
        for (int s = config().steps() - 1; s >= 0; s--) {
            int slot = slotBase + 4 * s;
            copy(a, ah);
            scaleSteps(1, h, ah);
            // stage 4: k̄4 = h A / 6
            zero(ys[3].full);
            system.vjp(slot + 3, ah.full, 1.0 / 6, ys[3].full);
            copy(a, sum);
            axpy(1, ys[3], sum);
            // stage 3: k̄3 = h Ȳ4 + h A / 3
            copy(ys[3], kb);
            scaleSteps(1, h, kb);
            axpy(1.0 / 3, ah, kb);
            zero(ys[2].full);
            system.vjp(slot + 2, kb.full, 1.0, ys[2].full);
            axpy(1, ys[2], sum);
            // stage 2: k̄2 = h Ȳ3 / 2 + h A / 3
            copy(ys[2], kb);
            scaleSteps(0.5, h, kb);
            axpy(1.0 / 3, ah, kb);
            zero(ys[1].full);
            system.vjp(slot + 1, kb.full, 1.0, ys[1].full);
            axpy(1, ys[1], sum);
            // stage 1: k̄1 = h Ȳ2 / 2 + h A / 6
            copy(ys[1], kb);
            scaleSteps(0.5, h, kb);
            axpy(1.0 / 6, ah, kb);
            zero(ys[0].full);
            system.vjp(slot, kb.full, 1.0, ys[0].full);
            axpy(1, ys[0], sum);
            Stack t = a;
            a = sum;
            sum = t;
        }
        return a;
    }
}
