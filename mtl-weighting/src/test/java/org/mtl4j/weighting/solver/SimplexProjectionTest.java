package org.mtl4j.weighting.solver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class SimplexProjectionTest {

    @Test
    void resultIsOnTheSimplexAndSatisfiesTheProjectionInequality() {
        // x = proj(y) iff x ∈ Δ and <y − x, z − x> ≤ 0 for every z ∈ Δ; it suffices to check the vertices z = e_k.
        SplittableRandom rng = new SplittableRandom(42);
        for (int trial = 0; trial < 500; trial++) {
            int m = 1 + rng.nextInt(12);
            double[] y = new double[m];
            double scale = Math.pow(10, rng.nextInt(-3, 4));
            for (int i = 0; i < m; i++) {
                y[i] = scale * GramFixtures.gauss(rng);
            }
            double[] x = SimplexProjection.project(y);
            double sum = 0;
            for (double v : x) {
                assertTrue(v >= 0);
                sum += v;
            }
            assertEquals(1.0, sum, 1e-12);
            double base = 0;
            for (int i = 0; i < m; i++) {
                base += (y[i] - x[i]) * x[i];
            }
            for (int k = 0; k < m; k++) {
                double inner = (y[k] - x[k]) - base; // <y − x, e_k − x>
                assertTrue(inner <= 1e-12 * Math.max(1, scale), "vertex " + k + ": " + inner);
            }
        }
    }

    @Test
    void matchesBruteForceGridSearchInThreeDimensions() {
        SplittableRandom rng = new SplittableRandom(9);
        int n = 400;
        for (int trial = 0; trial < 20; trial++) {
            double[] y = {2 * GramFixtures.gauss(rng), 2 * GramFixtures.gauss(rng), 2 * GramFixtures.gauss(rng)};
            double best = Double.POSITIVE_INFINITY;
            for (int a = 0; a <= n; a++) {
                for (int b = 0; a + b <= n; b++) {
                    double[] z = {(double) a / n, (double) b / n, (double) (n - a - b) / n};
                    double d = sq(z[0] - y[0]) + sq(z[1] - y[1]) + sq(z[2] - y[2]);
                    best = Math.min(best, d);
                }
            }
            double[] x = SimplexProjection.project(y);
            double got = sq(x[0] - y[0]) + sq(x[1] - y[1]) + sq(x[2] - y[2]);
            assertTrue(got <= best + 1e-12, "projection worse than grid: " + got + " > " + best);
            assertTrue(got >= best - 2.0 * Math.sqrt(best + 1) / n, "grid far better than projection?");
        }
    }

    @Test
    void fixedPointsAndSimpleCases() {
        assertArrayEquals(new double[] {1}, SimplexProjection.project(new double[] {-7.5}), 0);
        assertArrayEquals(new double[] {0.2, 0.3, 0.5}, SimplexProjection.project(new double[] {0.2, 0.3, 0.5}), 1e-15);
        assertArrayEquals(new double[] {0.5, 0.5}, SimplexProjection.project(new double[] {3, 3}), 1e-15);
        assertArrayEquals(new double[] {1, 0, 0}, SimplexProjection.project(new double[] {5, 1, -2}), 1e-15);
        // shift invariance: proj(y + c·1) = proj(y)
        double[] y = {0.3, -1.2, 0.9, 0.1};
        double[] shifted = {10.3, 8.8, 10.9, 10.1};
        assertArrayEquals(SimplexProjection.project(y), SimplexProjection.project(shifted), 1e-12);
    }

    @Test
    void invalidInputThrows() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SimplexProjection.project(new double[] {1, Double.POSITIVE_INFINITY}));
        assertTrue(e.getMessage().contains("y[1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SimplexProjection.project(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> SimplexProjection.project(null));
    }

    private static double sq(double v) {
        return v * v;
    }
}
