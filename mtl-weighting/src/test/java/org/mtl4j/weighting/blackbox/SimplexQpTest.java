package org.mtl4j.weighting.blackbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** KKT oracle (spec §0.6 K2) for the default min-norm QP over the simplex that gives ASMG's λ̂. */
class SimplexQpTest {

    private final SimplexQp qp = SimplexQp.defaultSolver();

    /** (Mλ)_i ≥ λᵀMλ for all i, equality where λ_i > 0; λ ∈ Δ. Tolerance 1e-6·max(1, max|M|). */
    static void assertKkt(double[][] gram, double[] lambda) {
        int m = gram.length;
        double scale = 1;
        for (double[] row : gram) {
            for (double v : row) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        double tol = 1e-6 * scale;
        double sum = 0;
        for (double v : lambda) {
            assertTrue(v >= -1e-12, "λ must be non-negative, found " + v);
            sum += v;
        }
        assertEquals(1.0, sum, 1e-9, "λ must sum to 1");
        double[] ml = new double[m];
        double value = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                ml[i] += gram[i][j] * lambda[j];
            }
            value += lambda[i] * ml[i];
        }
        for (int i = 0; i < m; i++) {
            assertTrue(ml[i] >= value - tol, "KKT: (Mλ)_" + i + " = " + ml[i] + " < λᵀMλ = " + value);
            if (lambda[i] > 1e-9) {
                assertEquals(value, ml[i], tol, "KKT equality on the support at " + i);
            }
        }
    }

    private static double[][] randomGram(SplittableRandom random, int m, int rank) {
        double[][] v = new double[m][rank];
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < rank; k++) {
                v[i][k] = random.nextGaussian() + (k == 0 ? 1.0 : 0.0);
            }
        }
        double[][] g = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                for (int k = 0; k < rank; k++) {
                    g[i][j] += v[i][k] * v[j][k];
                }
            }
        }
        return g;
    }

    @Test
    void kktHoldsOnRandomFullRankAndRankDeficientGrams() {
        SplittableRandom random = new SplittableRandom(3);
        for (int m = 2; m <= 6; m++) {
            for (int rank : new int[] {1, 2, m, m + 3}) {
                for (int rep = 0; rep < 20; rep++) {
                    double[][] g = randomGram(random, m, rank);
                    assertKkt(g, qp.minimise(g));
                }
            }
        }
    }

    @Test
    void kktHoldsForManyObjectives() {
        SplittableRandom random = new SplittableRandom(5);
        for (int m : new int[] {14, 18}) {
            double[][] g = randomGram(random, m, 30);
            assertKkt(g, qp.minimise(g));
        }
    }

    @Test
    void failedSolvesAreRejectedByAsmg() {
        SyntheticObjective p = SyntheticProblem.SHIFT_L1_ELLIPSOID.create(3);
        Asmg outside = new Asmg(p, AsmgConfig.defaults(3).withNumSamples(4), gram -> new double[] {1.5, -0.5}, null);
        IllegalStateException e = assertThrows(IllegalStateException.class, outside::step);
        assertTrue(e.getMessage().contains("outside the simplex"), e.getMessage());
        Asmg wrongLength = new Asmg(p, AsmgConfig.defaults(3).withNumSamples(4), gram -> new double[] {1.0}, null);
        e = assertThrows(IllegalStateException.class, wrongLength::step);
        assertTrue(e.getMessage().contains("expected m = 2"), e.getMessage());
    }

    @Test
    void twoObjectiveClosedForm() {
        // vectors (1,0) and (0,2): γ = (4 − 0)/(1 + 4) = 0.8 on the first
        assertArrayEquals(new double[] {0.8, 0.2}, qp.minimise(new double[][] {{1, 0}, {0, 4}}), 1e-15);
        // M12 ≥ M11: vector 1 is the min-norm point → γ = 1 exactly
        assertArrayEquals(new double[] {1, 0}, qp.minimise(new double[][] {{1, 2}, {2, 5}}), 0.0);
        // identical vectors (denominator 0) → exact end point
        assertArrayEquals(new double[] {1, 0}, qp.minimise(new double[][] {{2, 2}, {2, 2}}), 0.0);
        assertArrayEquals(new double[] {1.0}, qp.minimise(new double[][] {{3}}), 0.0);
    }

    @Test
    void identicalRowsInLargerProblems() {
        double[][] g = {{1, 1, 0}, {1, 1, 0}, {0, 0, 1}};
        double[] lambda = qp.minimise(g);
        assertKkt(g, lambda);
        assertEquals(0.5, lambda[2], 1e-12);
    }

    @Test
    void rejectsBadGrams() {
        assertThrows(IllegalArgumentException.class, () -> qp.minimise(new double[][] {{1, 0}}));
        assertThrows(IllegalArgumentException.class, () -> qp.minimise(new double[][] {{1, Double.NaN}, {0, 1}}));
    }
}
