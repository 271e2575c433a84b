package org.mtl4j.weighting.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mtl4j.testkit.StepInfos;

/** GLS: its weights are the gradient of the geometric mean of the losses. */
class GeometricLossStrategyTest {
    // toy losses L_i(θ) = a_i (θ − b_i)² + c_i of a scalar θ
    private static final double[] A = {0.5, 2.0, 1.3, 0.1};
    private static final double[] B = {-1.0, 0.4, 2.0, 5.0};
    private static final double[] C = {0.1, 0.01, 1.0, 0.3};

    private static double[] losses(double theta) {
        double[] l = new double[A.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = A[i] * (theta - B[i]) * (theta - B[i]) + C[i];
        }
        return l;
    }

    private static double geometricMean(double theta) {
        double p = 1;
        for (double l : losses(theta)) {
            p *= l;
        }
        return Math.pow(p, 1.0 / A.length);
    }

    @Test
    void weightsGiveTheGradientOfTheGeometricMean() {
        GeometricLossStrategy gls = new GeometricLossStrategy.Config(0).create(A.length);
        for (double theta : new double[] {-2, 0.3, 1.1, 4}) {
            double[] w = gls.weigh(losses(theta), StepInfos.of(1, 1L)).weights();
            double combined = 0;
            for (int i = 0; i < A.length; i++) {
                combined += w[i] * 2 * A[i] * (theta - B[i]);
            }
            double h = 1e-5;
            double fd = (geometricMean(theta + h) - geometricMean(theta - h)) / (2 * h);
            assertEquals(fd, combined, 1e-8 * Math.max(1, Math.abs(fd)), "theta " + theta);
            assertEquals(geometricMean(theta), gls.objective(losses(theta)), 1e-12 * geometricMean(theta));
        }
    }

    @Test
    void weightsAreScaleFreeAndEqualForEqualLosses() {
        GeometricLossStrategy gls = new GeometricLossStrategy.Config(0).create(3);
        double[] w = gls.weigh(new double[] {0.2, 3, 40}, StepInfos.of(1, 1L)).weights();
        double[] scaled = gls.weigh(new double[] {2, 30, 400}, StepInfos.of(1, 1L)).weights();
        assertArrayEquals(w, scaled, 1e-13);
        double gm = Math.cbrt(0.2 * 3 * 40);
        assertArrayEquals(new double[] {gm / (3 * 0.2), gm / (3 * 3), gm / (3 * 40)}, w, 1e-13);
        // the default guard ε = 1e-8 changes them by a relative O(ε / min L)
        assertArrayEquals(w, GeometricLossStrategy.Config.defaults().create(3)
                .weigh(new double[] {0.2, 3, 40}, StepInfos.of(1, 1L)).weights(), 1e-6);
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3},
                gls.weigh(new double[] {5, 5, 5}, StepInfos.of(1, 1L)).weights(), 1e-15);
        assertArrayEquals(new double[] {1.0}, GeometricLossStrategy.Config.defaults().create(1)
                .weigh(new double[] {123}, StepInfos.of(1, 1L)).weights(), 1e-15);
    }

    @Test
    void zeroAndNegativeLosses() {
        double[] w = GeometricLossStrategy.Config.defaults().create(2).weigh(new double[] {0, 1}, StepInfos.of(1, 1L)).weights();
        assertTrue(Double.isFinite(w[0]) && w[0] > w[1]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GeometricLossStrategy.Config(0).create(2).weigh(new double[] {0, 1}, StepInfos.of(1, 1L)));
        assertEquals("GLS needs losses >= 0 and > 0 with eps = 0 for the geometric mean, found loss 0.0 for task 0",
                e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> GeometricLossStrategy.Config.defaults().create(2).weigh(new double[] {-0.1, 1}, StepInfos.of(1, 1L)));
        assertThrows(IllegalArgumentException.class, () -> new GeometricLossStrategy.Config(-1e-9));
    }
}
