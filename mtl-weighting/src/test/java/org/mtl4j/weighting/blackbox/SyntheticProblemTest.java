package org.mtl4j.weighting.blackbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Closed-form values of the thesis problems (4.21)–(4.23) and their Pareto-set distances (§21.5). */
class SyntheticProblemTest {

    @Test
    void ellipsoidCoefficientsRunFromOneToOneHundred() {
        double[] a = SyntheticProblem.SHIFT_L1_ELLIPSOID.create(3).ellipsoidCoefficients();
        assertArrayEquals(new double[] {1, 10, 100}, a, 1e-12);
        assertArrayEquals(new double[] {1}, SyntheticProblem.SHIFT_L1_ELLIPSOID.create(1).ellipsoidCoefficients(),
                0.0);
    }

    @Test
    void shiftL1ValuesAndDistance() {
        SyntheticObjective p = SyntheticProblem.SHIFT_L1_ELLIPSOID.create(3);
        // x = (0, 0.5, −1): F1 = 1·0.01 + 10·0.49 + 100·1.01, F2 = 1·0.01 + 10·0.51 + 100·0.99
        assertArrayEquals(new double[] {0.01 + 4.9 + 101, 0.01 + 5.1 + 99}, p.values(new double[] {0, 0.5, -1}),
                1e-12);
        // distance: coordinate 2 outside by 0.49, coordinate 3 by 0.99
        assertEquals(Math.hypot(0.49, 0.99), p.distanceToParetoSet(new double[] {0, 0.5, -1}), 1e-12);
        assertEquals(0.0, p.distanceToParetoSet(new double[] {0.01, -0.01, 0.003}), 0.0);
    }

    @Test
    void shiftL05ValuesAndVertexDistance() {
        SyntheticObjective p = SyntheticProblem.SHIFT_L05_ELLIPSOID.create(2);
        assertArrayEquals(new double[] {Math.sqrt(0.1) + Math.sqrt(0.3), Math.sqrt(0.1) + Math.sqrt(0.1)},
                p.values(new double[] {0, -0.2}), 1e-12);
        assertEquals(0.0, p.distanceToParetoSet(new double[] {0.1, -0.1}), 0.0);
        assertEquals(Math.hypot(0.1, 0.1), p.distanceToParetoSet(new double[] {0, -0.2}), 1e-12);
    }

    @Test
    void ellipsoidRastriginValuesAndDistance() {
        SyntheticObjective p = SyntheticProblem.ELLIPSOID_RASTRIGIN.create(2);
        assertArrayEquals(new double[] {0, 0}, p.values(new double[] {0, 0}), 1e-12);
        // x = (1, 0.1): a = (1, 100), b = (1, 10): F1 = 1 + 100·√0.1; F2 = 20 + (1 − 10) + (1 − 10)
        assertArrayEquals(new double[] {1 + 100 * Math.sqrt(0.1), 2}, p.values(new double[] {1, 0.1}), 1e-9);
        assertEquals(Math.hypot(1, 0.1), p.distanceToParetoSet(new double[] {1, 0.1}), 1e-12);
    }

    @Test
    void cliNamesRoundTrip() {
        for (SyntheticProblem p : SyntheticProblem.values()) {
            assertEquals(p, SyntheticProblem.fromCliName(p.cliName()));
        }
    }
}
