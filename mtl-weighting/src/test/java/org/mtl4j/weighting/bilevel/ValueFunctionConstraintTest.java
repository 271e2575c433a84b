package org.mtl4j.weighting.bilevel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** ∇_z q̃ of FORUM against central finite differences in double (ω̃^T held fixed, as the method defines it). */
class ValueFunctionConstraintTest {
    private static final int T = 4;
    private static final double ETA = 0.2;

    @Test
    void gradientMatchesFiniteDifferencesOfQTilde() {
        QuadraticBilevel p = new QuadraticBilevel(3, 4, 8);
        double[] alpha = {0.4, -0.3, 0.1};
        double[] omega = {1.0, -0.5, 0.3, 2.0};
        ValueFunctionConstraint.Gradient q = ValueFunctionConstraint.compute(p.lowerLevel(), alpha,
                Nd4j.createFromArray(omega.clone()), T, ETA, 1e5);
        assertEquals(T, q.stepsTaken());
        assertFalse(q.aborted());
        double[] omegaTilde = p.unroll(alpha, omega, T, ETA);
        double e = 1e-6;
        for (int a = 0; a < 3; a++) {
            double[] ap = alpha.clone();
            ap[a] += e;
            double[] am = alpha.clone();
            am[a] -= e;
            double fd = (qTilde(p, ap, omega, omegaTilde) - qTilde(p, am, omega, omegaTilde)) / (2 * e);
            assertEquals(fd, q.alphaPart()[a], 1e-9, "∇_α q̃[" + a + "]");
        }
        double[] qo = q.omegaPart().toDoubleVector();
        for (int k = 0; k < 4; k++) {
            double[] op = omega.clone();
            op[k] += e;
            double[] om = omega.clone();
            om[k] -= e;
            double fd = (qTilde(p, alpha, op, omegaTilde) - qTilde(p, alpha, om, omegaTilde)) / (2 * e);
            assertEquals(fd, qo[k], 1e-9, "∇_ω q̃[" + k + "]");
        }
        for (int j = 0; j < 3; j++) {
            assertEquals(QuadraticBilevel.half2(omega, p.c[j]), q.valuesAtStart()[j], 1e-14);
            assertEquals(QuadraticBilevel.half2(omegaTilde, p.c[j]), q.valuesAtEnd()[j], 1e-12);
        }
        double n2 = 0;
        for (double v : q.alphaPart()) {
            n2 += v * v;
        }
        for (double v : qo) {
            n2 += v * v;
        }
        assertEquals(n2, q.normSquared(), 1e-12);
        // the lower level gets closer to its optimum: q̃ > 0
        assertTrue(qTilde(p, alpha, omega, omegaTilde) > 0);
    }

    private static double qTilde(QuadraticBilevel p, double[] alpha, double[] omega, double[] omegaTilde) {
        return p.lowerValue(alpha, omega) - p.lowerValue(alpha, omegaTilde);
    }

    @Test
    void innerLoopStopsAboveTheAbortThresholdKeepingThePointReached() {
        QuadraticBilevel p = new QuadraticBilevel(2, 3, 9);
        double[] alpha = {0.0, 0.0};
        INDArray omega = Nd4j.createFromArray(5.0, 5.0, 5.0);
        ValueFunctionConstraint.Gradient q = ValueFunctionConstraint.compute(p.lowerLevel(), alpha, omega, 10, 0.1, 1.0);
        assertTrue(q.aborted());
        assertEquals(0, q.stepsTaken());
        assertEquals(0.0, q.alphaPart()[0], 0.0);
        assertEquals(q.valuesAtStart()[1], q.valuesAtEnd()[1], 0.0);
        assertEquals(5.0, omega.getDouble(0), 0.0, "ω is not modified");
    }
}
