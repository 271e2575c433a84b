package org.mtl4j.models.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The solvers against closed forms, their order, and their derivatives against finite differences (double). */
class OdeSolverTest {
    private static DataType previous;

    @BeforeAll
    static void doublePrecision() {
        previous = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restore() {
        Nd4j.setDefaultDataTypes(previous, previous);
    }

    private static final double K_SPRING = 4.0;
    private static final double DAMPING = 0.3;
    private static final double[] Z0 = {1.0, -0.5};
    private static final double[] Q0 = {0.2, 0.7};

    private static INDArray[] initial() {
        return new INDArray[] {Nd4j.create(Z0, new long[] {2, 1}, 'c'), Nd4j.create(Q0, new long[] {2, 1}, 'c')};
    }

    private static double maxError(OdeMethod method, int steps, double t) {
        OdeSolver s = new OdeSolverConfig(method, steps).create();
        INDArray[] y = s.integrate(new LinearOscillator(K_SPRING, DAMPING), 0, initial(), t, false);
        double err = 0;
        for (int i = 0; i < Z0.length; i++) {
            err = Math.max(err, Math.abs(y[0].getDouble(i, 0) - LinearOscillator.exact(K_SPRING, DAMPING, Z0[i], Q0[i], t)));
        }
        return err;
    }

    @Test
    void eulerMatchesTheClosedFormForLargeK() {
        // global error of Euler ≈ C·h: 2e-3 at K = 1000 here (the K = 10 000 oracle is in NormalOraclesTest)
        assertTrue(maxError(OdeMethod.EXPLICIT_EULER, 1000, 1.5) < 5e-3);
        assertTrue(maxError(OdeMethod.EXPLICIT_EULER, 1000, -0.8) < 5e-3, "negative times integrate backwards");
        assertTrue(maxError(OdeMethod.RK4, 200, 1.5) < 1e-9);
    }

    @Test
    void errorsShrinkWithTheOrderOfTheMethod() {
        double e1 = maxError(OdeMethod.EXPLICIT_EULER, 200, 1.5);
        double e2 = maxError(OdeMethod.EXPLICIT_EULER, 400, 1.5);
        assertEquals(2.0, e1 / e2, 0.1, "explicit Euler is first order");
        double r1 = maxError(OdeMethod.RK4, 20, 1.5);
        double r2 = maxError(OdeMethod.RK4, 40, 1.5);
        assertEquals(16.0, r1 / r2, 2.0, "RK4 is fourth order");
    }

    /** L = ⟨w_z, z_K⟩ + ⟨w_q, q_K⟩ as a function of (z0, q0, k, c, t), evaluated by the solver. */
    private static double objective(OdeMethod method, int steps, double[] z0, double[] q0, double k, double c, double t) {
        OdeSolver s = new OdeSolverConfig(method, steps).create();
        INDArray[] init = {Nd4j.create(z0, new long[] {2, 1}, 'c'), Nd4j.create(q0, new long[] {2, 1}, 'c')};
        INDArray[] y = s.integrate(new LinearOscillator(k, c), 0, init, t, false);
        return 0.3 * y[0].getDouble(0, 0) - 1.1 * y[0].getDouble(1, 0) + 0.7 * y[1].getDouble(0, 0) + 0.2 * y[1].getDouble(1, 0);
    }

    @ParameterizedTest
    @EnumSource(OdeMethod.class)
    void backwardAndTimeTangentMatchFiniteDifferencesOfTheDiscreteMap(OdeMethod method) {
        int steps = 7;
        double t = 1.3;
        OdeSolver s = new OdeSolverConfig(method, steps).create();
        LinearOscillator sys = new LinearOscillator(K_SPRING, DAMPING);
        // use lane 1 so slot offsets are exercised
        s.integrate(sys, 1, initial(), t, true);
        INDArray[] adj = {Nd4j.create(new double[] {0.3, -1.1}, new long[] {2, 1}, 'c'),
            Nd4j.create(new double[] {0.7, 0.2}, new long[] {2, 1}, 'c')};
        INDArray[] a0 = s.backward(sys, 1, adj);
        double h = 1e-6;
        for (int i = 0; i < 2; i++) {
            double[] zp = Z0.clone();
            double[] zm = Z0.clone();
            zp[i] += h;
            zm[i] -= h;
            double fd = (objective(method, steps, zp, Q0, K_SPRING, DAMPING, t) - objective(method, steps, zm, Q0, K_SPRING, DAMPING, t)) / (2 * h);
            assertEquals(fd, a0[0].getDouble(i, 0), 1e-8, "∂L/∂z0[" + i + "]");
            double[] qp = Q0.clone();
            double[] qm = Q0.clone();
            qp[i] += h;
            qm[i] -= h;
            fd = (objective(method, steps, Z0, qp, K_SPRING, DAMPING, t) - objective(method, steps, Z0, qm, K_SPRING, DAMPING, t)) / (2 * h);
            assertEquals(fd, a0[1].getDouble(i, 0), 1e-8, "∂L/∂q0[" + i + "]");
        }
        double fdK = (objective(method, steps, Z0, Q0, K_SPRING + h, DAMPING, t) - objective(method, steps, Z0, Q0, K_SPRING - h, DAMPING, t)) / (2 * h);
        assertEquals(fdK, sys.gradK, 1e-8, "∂L/∂k");
        double fdC = (objective(method, steps, Z0, Q0, K_SPRING, DAMPING + h, t) - objective(method, steps, Z0, Q0, K_SPRING, DAMPING - h, t)) / (2 * h);
        assertEquals(fdC, sys.gradC, 1e-8, "∂L/∂c");
        // time tangent: dL/dt of the discrete map
        INDArray[] tan = s.timeTangent(1);
        double analytic = 0.3 * tan[0].getDouble(0, 0) - 1.1 * tan[0].getDouble(1, 0) + 0.7 * tan[1].getDouble(0, 0) + 0.2 * tan[1].getDouble(1, 0);
        double fdT = (objective(method, steps, Z0, Q0, K_SPRING, DAMPING, t + h) - objective(method, steps, Z0, Q0, K_SPRING, DAMPING, t - h)) / (2 * h);
        assertEquals(fdT, analytic, 1e-8, "dL/dt through h = t/K");
        // a second backward from the same tape gives the same result (Jacobian strategies call it m times)
        double first = a0[0].getDouble(0, 0);
        sys.gradK = 0;
        assertEquals(first, s.backward(sys, 1, adj)[0].getDouble(0, 0), 0.0);
    }

    @ParameterizedTest
    @EnumSource(OdeMethod.class)
    void stackedTimesEqualSeparateIntegrations(OdeMethod method) {
        double[] times = {1.3, -0.6, 0.0};
        OdeSolver stacked = new OdeSolverConfig(method, 5).create();
        LinearOscillator sys = new LinearOscillator(K_SPRING, DAMPING);
        INDArray[] all = stacked.integrate(sys, 0, initial(), times, true);
        INDArray[] tangents = stacked.timeTangent(0);
        INDArray[] adj = {Nd4j.linspace(-1, 1, 6, DataType.DOUBLE).reshape(6, 1), Nd4j.linspace(2, 0.5, 6, DataType.DOUBLE).reshape(6, 1)};
        INDArray[] a0 = stacked.backward(sys, 0, adj);
        double gradK = sys.gradK;
        double sumK = 0;
        INDArray[] sum = {Nd4j.zeros(DataType.DOUBLE, 2, 1), Nd4j.zeros(DataType.DOUBLE, 2, 1)};
        for (int g = 0; g < times.length; g++) {
            OdeSolver single = new OdeSolverConfig(method, 5).create();
            LinearOscillator one = new LinearOscillator(K_SPRING, DAMPING);
            INDArray[] y = single.integrate(one, 0, initial(), times[g], true);
            INDArray[] t = single.timeTangent(0);
            for (int b = 0; b < 2; b++) {
                INDArray rows = all[b].get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2 * g, 2 * g + 2),
                        org.nd4j.linalg.indexing.NDArrayIndex.all());
                assertTrue(rows.equalsWithEps(y[b], 1e-14), "state of group " + g);
                INDArray tr = tangents[b].get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2 * g, 2 * g + 2),
                        org.nd4j.linalg.indexing.NDArrayIndex.all());
                assertTrue(tr.equalsWithEps(t[b], 1e-14), "tangent of group " + g);
            }
            INDArray[] ag = {adj[0].get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2 * g, 2 * g + 2),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).dup(),
                adj[1].get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2 * g, 2 * g + 2),
                        org.nd4j.linalg.indexing.NDArrayIndex.all()).dup()};
            INDArray[] r = single.backward(one, 0, ag);
            sum[0].addi(r[0]);
            sum[1].addi(r[1]);
            sumK += one.gradK;
        }
        assertTrue(a0[0].equalsWithEps(sum[0], 1e-13) && a0[1].equalsWithEps(sum[1], 1e-13), "summed initial adjoint");
        assertEquals(sumK, gradK, 1e-12, "parameter gradient summed over groups");
    }

    @Test
    void badInputIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OdeSolverConfig.euler(1));
        assertTrue(e.getMessage().contains("must be >= 2, found 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OdeSolverConfig.rk4(0));
        assertThrows(NullPointerException.class, () -> new OdeSolverConfig(null, 3));
        OdeSolver s = OdeSolverConfig.euler(3).create();
        LinearOscillator sys = new LinearOscillator(1, 0);
        e = assertThrows(IllegalArgumentException.class, () -> s.integrate(sys, 0, initial(), Double.NaN, false));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.integrate(sys, 0, new INDArray[] {initial()[0]}, 1, false));
        assertThrows(IllegalStateException.class, () -> s.backward(sys, 0, initial()));
        s.integrate(sys, 0, initial(), 1, false);
        assertThrows(IllegalStateException.class, () -> s.timeTangent(0));
        assertThrows(IllegalArgumentException.class, () -> s.state(0, 4));
    }
}
