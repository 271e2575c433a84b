package org.mtl4j.models.ode;

import org.nd4j.linalg.api.ndarray.INDArray;

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
 * The time tangent differentiates every stage with {@code dh/dt = 1/K}. Global error O(h⁴).
 * Create through {@link OdeSolverConfig#create()}.
 */
public final class RungeKutta4 extends TapedSolver {

    RungeKutta4(OdeSolverConfig config) {
        super(config);
    }

    @Override
    void forwardSteps(OdeSystem system, Lane l, int slotBase, boolean timeTangent) {
        int steps = config().steps();
        double h = l.step;
        double dh = 1.0 / steps;
        INDArray[][] k = l.derivatives;
        for (int s = 0; s < steps; s++) {
            int slot = slotBase + 4 * s;
            INDArray[] y = l.states[s];
            INDArray[][] in = l.stageInputs[s];
            system.evaluate(slot, y, k[0]);
            copy(y, in[0]);
            axpy(h / 2, k[0], in[0]);
            system.evaluate(slot + 1, in[0], k[1]);
            copy(y, in[1]);
            axpy(h / 2, k[1], in[1]);
            system.evaluate(slot + 2, in[1], k[2]);
            copy(y, in[2]);
            axpy(h, k[2], in[2]);
            system.evaluate(slot + 3, in[2], k[3]);
            INDArray[] next = l.states[s + 1];
            copy(y, next);
            axpy(h / 6, k[0], next);
            axpy(h / 3, k[1], next);
            axpy(h / 3, k[2], next);
            axpy(h / 6, k[3], next);
            if (timeTangent) {
                tangentStep(system, l, slot, h, dh);
            }
        }
    }

    /** Forward-mode derivative of one step with respect to the end time. */
    private static void tangentStep(OdeSystem system, Lane l, int slot, double h, double dh) {
        INDArray[][] k = l.derivatives;
        INDArray[][] kd = l.derivativeTangents;
        INDArray[] yd = l.tangent;
        INDArray[] stage = l.stageTangent;
        system.jvp(slot, yd, kd[0]);
        copy(yd, stage);
        axpy(dh / 2, k[0], stage);
        axpy(h / 2, kd[0], stage);
        system.jvp(slot + 1, stage, kd[1]);
        copy(yd, stage);
        axpy(dh / 2, k[1], stage);
        axpy(h / 2, kd[1], stage);
        system.jvp(slot + 2, stage, kd[2]);
        copy(yd, stage);
        axpy(dh, k[2], stage);
        axpy(h, kd[2], stage);
        system.jvp(slot + 3, stage, kd[3]);
        axpy(dh / 6, k[0], yd);
        axpy(dh / 3, k[1], yd);
        axpy(dh / 3, k[2], yd);
        axpy(dh / 6, k[3], yd);
        axpy(h / 6, kd[0], yd);
        axpy(h / 3, kd[1], yd);
        axpy(h / 3, kd[2], yd);
        axpy(h / 6, kd[3], yd);
    }

    @Override
    void backwardSteps(OdeSystem system, Lane l, int slotBase) {
        double h = l.step;
        INDArray[] a = l.adjoint;
        INDArray[] sum = l.adjointNext;
        INDArray[] kb = l.combined;
        INDArray[][] ys = l.stageAdjoints;
        for (int s = config().steps() - 1; s >= 0; s--) {
            int slot = slotBase + 4 * s;
            // stage 4: k̄4 = (h/6) A
            zero(ys[3]);
            system.vjp(slot + 3, a, h / 6, ys[3]);
            copy(a, sum);
            axpy(1, ys[3], sum);
            // stage 3: k̄3 = h (A/3 + Ȳ4)
            copy(ys[3], kb);
            axpy(1.0 / 3, a, kb);
            zero(ys[2]);
            system.vjp(slot + 2, kb, h, ys[2]);
            axpy(1, ys[2], sum);
            // stage 2: k̄2 = h (A/3 + Ȳ3/2)
            copy(a, kb);
            scale(kb, 1.0 / 3);
            axpy(0.5, ys[2], kb);
            zero(ys[1]);
            system.vjp(slot + 1, kb, h, ys[1]);
            axpy(1, ys[1], sum);
            // stage 1: k̄1 = h (A/6 + Ȳ2/2)
            copy(a, kb);
            scale(kb, 1.0 / 6);
            axpy(0.5, ys[1], kb);
            zero(ys[0]);
            system.vjp(slot, kb, h, ys[0]);
            axpy(1, ys[0], sum);
            copy(sum, a);
        }
    }

    private static void scale(INDArray[] a, double f) {
        for (INDArray x : a) {
            x.muli(f);
        }
    }
}
