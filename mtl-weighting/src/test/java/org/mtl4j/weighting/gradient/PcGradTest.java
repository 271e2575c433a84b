package org.mtl4j.weighting.gradient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtl4j.weighting.gradient.Harness.assertClose;
import static org.mtl4j.weighting.gradient.Harness.dot;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mtl4j.core.weighting.StepInfo;
import org.nd4j.linalg.api.buffer.DataType;

class PcGradTest {

    /** Vector-form PCGrad written from the paper, drawing the permutations the same way. */
    private static double[] reference(double[][] g, StepInfo step, boolean includeSelf) {
        int m = g.length;
        double[] d = new double[g[0].length];
        int[] order = new int[m];
        for (int i = 0; i < m; i++) {
            double[] gi = g[i].clone();
            int n = 0;
            for (int j = 0; j < m; j++) {
                if (j != i || includeSelf) {
                    order[n++] = j;
                }
            }
            JacobianMath.shuffle(order, n, step.random());
            for (int o = 0; o < n; o++) {
                int j = order[o];
                double c = dot(gi, g[j]);
                if (c < 0) {
                    gi = Harness.axpy(-c / (dot(g[j], g[j]) + 1e-8), g[j], gi);
                }
            }
            d = Harness.axpy(1, gi, d);
        }
        return d;
    }

    @Test
    void noConflictGivesTheSum() {
        double[][] g = {{1, 2, 0}, {0.5, 0, 1}, {2, 1, 1}};
        Harness.Result r = Harness.run(PcGradConfig.defaults().create(3), g, Harness.ones(3), Harness.step(1, 1));
        assertClose(Harness.sum(g), r.direction(), 1e-12, "d = Σ g_i");
        assertArrayEquals(new double[] {1, 1, 1}, r.weights(), 1e-15);
    }

    @Test
    void twoConflictingTasksAreProjectedOntoEachOthersNormalPlane() {
        double[][] g = {{1, 0.5, -1}, {-2, 1, 0.5}};
        double g12 = dot(g[0], g[1]);
        assertTrue(g12 < 0);
        double[] h1 = Harness.axpy(-g12 / dot(g[1], g[1]), g[1], g[0]);
        double[] h2 = Harness.axpy(-g12 / dot(g[0], g[0]), g[0], g[1]);
        Harness.Result r = Harness.run(PcGradConfig.defaults().create(2), g, Harness.ones(2), Harness.step(3, 7));
        assertClose(Harness.axpy(1, h1, h2), r.direction(), 1e-8, "closed form ĝ_1 + ĝ_2");
        assertEquals(0, dot(h1, g[1]), 1e-12);
        assertTrue(dot(h1, h2) >= -1e-12);
        for (double[] gi : g) {
            assertTrue(dot(r.direction(), gi) >= -1e-8, "⟨d, g_i⟩ >= 0");
        }
        // the reported weights reproduce d
        assertClose(r.direction(), Harness.combine(g, r.weights()), 1e-12, "d = Jᵀw");
    }

    @Test
    void gramFormEqualsVectorFormForManyTasks() {
        for (long seed = 1; seed <= 5; seed++) {
            double[][] g = Harness.gaussian(6, 5, seed);
            for (boolean self : new boolean[] {false, true}) {
                PcGrad s = PcGradConfig.defaults().withIncludeSelf(self).create(6);
                double[] expected = reference(g, Harness.step(4, seed), self);
                Harness.Result r = Harness.run(s, g, Harness.ones(6), Harness.step(4, seed));
                assertClose(expected, r.direction(), 1e-9, "seed " + seed + " includeSelf " + self);
            }
        }
    }

    @Test
    void meanIsSumOverM() {
        double[][] g = Harness.gaussian(4, 7, 3);
        double[] sum = Harness.run(PcGradConfig.defaults().create(4), g, Harness.ones(4), Harness.step(2, 5)).direction();
        double[] mean = Harness.run(PcGradConfig.defaults().withReduction(PcGradConfig.Reduction.MEAN).create(4), g,
                Harness.ones(4), Harness.step(2, 5)).direction();
        assertClose(Harness.scale(0.25, sum), mean, 1e-12, "MEAN = SUM/m");
    }

    @Test
    void fixedSeedIsDeterministicAndSeedsMatter() {
        double[][] g = Harness.gaussian(5, 3, 11);
        PcGrad s = PcGradConfig.defaults().create(5);
        double[] a = Harness.run(s, g, Harness.ones(5), Harness.step(9, 2)).direction();
        double[] b = Harness.run(s, g, Harness.ones(5), Harness.step(9, 2)).direction();
        assertArrayEquals(a, b, 0.0);
        boolean differs = false;
        for (long seed = 3; seed < 40 && !differs; seed++) {
            differs = Harness.maxAbsDiff(a, Harness.run(s, g, Harness.ones(5), Harness.step(9, seed)).direction()) > 1e-9;
        }
        assertTrue(differs, "the order of projections depends on the RNG");
    }

    @Test
    void edgeCases() {
        // m = 1
        double[][] one = {{3, -4}};
        assertClose(one[0], Harness.run(PcGradConfig.defaults().create(1), one, Harness.ones(1), Harness.step(1, 1)).direction(),
                1e-15, "m = 1");
        // identical gradients: d = m·g
        double[][] same = {{1, -2, 3}, {1, -2, 3}, {1, -2, 3}};
        assertClose(Harness.scale(3, same[0]),
                Harness.run(PcGradConfig.defaults().create(3), same, Harness.ones(3), Harness.step(1, 1)).direction(), 1e-12, "m·g");
        // zero gradient: no projection onto it
        double[][] zero = {{1, 1}, {0, 0}, {-1, 0.5}};
        Harness.Result r = Harness.run(PcGradConfig.defaults().create(3), zero, Harness.ones(3), Harness.step(1, 1));
        assertTrue(Harness.allFinite(r.direction()));
    }

    @Test
    void floatJacobianMatchesDouble() {
        double[][] g = Harness.gaussian(4, 50, 8);
        double[] d64 = Harness.run(PcGradConfig.defaults().create(4), g, Harness.ones(4), Harness.step(1, 1)).direction();
        double[] d32 = Harness.run(PcGradConfig.defaults().create(4), g, Harness.ones(4), Harness.step(1, 1), DataType.FLOAT).direction();
        assertClose(d64, d32, 1e-5, "float vs double");
    }

    @Test
    void badInputsAreRejected() {
        PcGrad s = PcGradConfig.defaults().create(2);
        assertThrows(IllegalArgumentException.class, () -> Harness.run(s, new double[][] {{1, 2}}, Harness.ones(1), Harness.step(1, 1)));
        assertThrows(IllegalArgumentException.class, () -> Harness.run(s, new double[][] {{1, 2}, {Double.NaN, 1}},
                Harness.ones(2), Harness.step(1, 1)));
        assertThrows(IllegalArgumentException.class, () -> new PcGradConfig(null, false));
        assertThrows(IllegalArgumentException.class, () -> PcGradConfig.defaults().create(0));
        assertThrows(IllegalArgumentException.class, () -> new StepInfo(0, 0, new SplittableRandom(1), null));
    }
}
