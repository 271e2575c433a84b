package org.mtl4j.weighting.bilevel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** MOML's reverse recurrence against the closed form and central finite differences (algorithms.md §19, Oracle 4). */
class UnrolledHypergradientTest {
    private static final double ETA = 0.3;

    private static INDArray upperGradient(QuadraticBilevel p, int i, double[] omegaT) {
        double[] g = new double[p.dim];
        for (int k = 0; k < p.dim; k++) {
            g[k] = omegaT[k] - p.d[i][k];
        }
        return Nd4j.createFromArray(g);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 10})
    void matchesTheClosedFormAndFiniteDifferences(int t) {
        QuadraticBilevel p = new QuadraticBilevel(3, 5, 11);
        double[] alpha = {0.3, -0.2, 0.5};
        double[] omega0 = {0.5, -1.0, 0.25, 0.0, 2.0};
        UnrolledHypergradient u = new UnrolledHypergradient(p.lowerLevel(), t, ETA);
        INDArray omegaT = u.unroll(alpha, Nd4j.createFromArray(omega0.clone()));
        double[] expectedOmegaT = p.unroll(alpha, omega0, t, ETA);
        double[] got = omegaT.toDoubleVector();
        for (int k = 0; k < p.dim; k++) {
            assertEquals(expectedOmegaT[k], got[k], 1e-12);
        }
        assertEquals(t, u.storedIterates());
        INDArray[] b = new INDArray[p.m];
        for (int i = 0; i < p.m; i++) {
            b[i] = upperGradient(p, i, got);
        }
        double[][] h = u.hypergradients(alpha, b);
        for (int i = 0; i < p.m; i++) {
            double[] closed = p.closedFormHypergradient(i, alpha, omega0, t, ETA);
            for (int a = 0; a < p.m; a++) {
                double fd = finiteDifference(p, i, alpha, omega0, t, a);
                assertEquals(closed[a], h[i][a], 1e-10 * Math.max(1, Math.abs(closed[a])), "closed form, objective " + i);
                assertEquals(fd, h[i][a], 1e-7 * Math.max(1, Math.abs(fd)), "finite differences, objective " + i);
            }
        }
        u.release();
        assertEquals(0, u.storedIterates());
    }

    /** Central difference of α_a ↦ F_i(ω_T(α)) by explicit unrolling. */
    private static double finiteDifference(QuadraticBilevel p, int i, double[] alpha, double[] omega0, int t, int a) {
        double e = 1e-5;
        double[] ap = alpha.clone();
        ap[a] += e;
        double[] am = alpha.clone();
        am[a] -= e;
        double fp = QuadraticBilevel.half2(p.unroll(ap, omega0, t, ETA), p.d[i]);
        double fm = QuadraticBilevel.half2(p.unroll(am, omega0, t, ETA), p.d[i]);
        return (fp - fm) / (2 * e);
    }

    @Test
    void finiteDifferenceProductsAreExactOnAQuadratic() {
        QuadraticBilevel p = new QuadraticBilevel(2, 4, 3);
        WeightedSumLowerLevel ll = p.lowerLevel();
        double[] alpha = {0.1, 0.7};
        INDArray omega = Nd4j.createFromArray(1.0, -2.0, 0.5, 3.0);
        INDArray v = Nd4j.createFromArray(0.3, 0.1, -0.4, 2.0);
        INDArray hv = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 4);
        double[] mixed = ll.secondOrder(alpha, omega, v, hv);
        // H = Σ s_j I = I
        assertEquals(0, hv.sub(v).norm2Number().doubleValue(), 1e-10);
        // mixed = J_s c with c_j = <ω − c_j, v>
        double[] s = QuadraticBilevel.softmax(alpha);
        double[] c = new double[2];
        for (int j = 0; j < 2; j++) {
            for (int k = 0; k < 4; k++) {
                c[j] += (omega.getDouble(k) - p.c[j][k]) * v.getDouble(k);
            }
        }
        double sc = s[0] * c[0] + s[1] * c[1];
        for (int j = 0; j < 2; j++) {
            assertEquals(s[j] * (c[j] - sc), mixed[j], 1e-10);
        }
        double[] onlyMixed = ll.secondOrder(alpha, omega, v, null);
        assertEquals(mixed[0], onlyMixed[0], 1e-10);
        double[] zero = ll.secondOrder(alpha, omega, Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 4), hv);
        assertEquals(0, zero[0]);
        assertEquals(0, hv.norm2Number().doubleValue());
    }

    @Test
    void badInputIsRejectedWithClearMessages() {
        QuadraticBilevel p = new QuadraticBilevel(2, 3, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new UnrolledHypergradient(p.lowerLevel(), 0, 0.1));
        assertTrue(e.getMessage().contains("innerSteps T must be >= 1, found 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new UnrolledHypergradient(p.lowerLevel(), 2, -0.1));
        assertTrue(e.getMessage().contains("innerLr must be > 0, found -0.1"), e.getMessage());
        UnrolledHypergradient u = new UnrolledHypergradient(p.lowerLevel(), 2, 0.1);
        assertThrows(IllegalStateException.class, () -> u.hypergradients(new double[] {0, 0}, Nd4j.zeros(3)));
        e = assertThrows(IllegalArgumentException.class,
                () -> u.unroll(new double[] {Double.NaN, 0}, Nd4j.createFromArray(0.0, 0.0, 0.0)));
        assertTrue(e.getMessage().contains("alpha[0] must be a finite real number"), e.getMessage());
        u.unroll(new double[] {0, 0}, Nd4j.createFromArray(0.0, 0.0, 0.0));
        org.mtl4j.core.grad.NonFiniteException nf = assertThrows(org.mtl4j.core.grad.NonFiniteException.class,
                () -> u.hypergradients(new double[] {0, 0}, Nd4j.createFromArray(Double.NaN, 0.0, 0.0)));
        assertTrue(nf.getMessage().contains("not finite"), nf.getMessage());
    }
}
