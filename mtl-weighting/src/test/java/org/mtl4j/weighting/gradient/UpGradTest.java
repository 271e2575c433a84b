package org.mtl4j.weighting.gradient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** UPGrad: algorithms.md §18 oracles. */
class UpGradTest {

    @Test
    void withoutConflictTheResultIsTheMean() {
        // non-negative entries: every inner product ≥ 0
        double[][] j = {{1, 0.5, 0, 2}, {0.2, 1, 0.3, 0}, {0, 0, 4, 0.1}};
        Harness.Result r = Harness.run(UpGradConfig.defaults().create(3), j, Harness.ones(3), Harness.step(1, 1));
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, r.weights(), 0.0, "w = pref exactly");
        Harness.assertClose(Harness.scale(1.0 / 3, Harness.sum(j)), r.direction(), 1e-14, "d = mean");
        double[] g = {1, -2, 0.5};
        Harness.Result same = Harness.run(UpGradConfig.defaults().create(2), new double[][] {g, g}, Harness.ones(2),
                Harness.step(1, 1));
        Harness.assertClose(g, same.direction(), 1e-14, "identical gradients: d = g");
    }

    @Test
    void theDirectionNeverConflictsWithAnyTaskGradient() {
        for (int m : new int[] {2, 3, 5, 10}) {
            for (int p : new int[] {6, 15}) {
                for (long seed = 0; seed < 20; seed++) {
                    double[][] j = Harness.gaussian(m, p, 1000 * m + seed + 100 * p);
                    Harness.Result r = Harness.run(UpGradConfig.defaults().create(m), j, Harness.ones(m), Harness.step(1, 1));
                    double[] w = r.weights();
                    double trace = 0;
                    for (double[] row : j) {
                        trace += Harness.dot(row, row);
                    }
                    double nd = Harness.norm(r.direction());
                    for (int i = 0; i < m; i++) {
                        double dot = Harness.dot(j[i], r.direction());
                        String where = "m=" + m + " p=" + p + " seed=" + seed + " task " + i + ": ⟨g_i, d⟩ = " + dot;
                        // KKT of the regularised QPs: Ĝw ≥ 0, i.e. ⟨g_i, d⟩ ≥ −regEps·tr(G)·w_i (exact up to rounding)
                        assertTrue(dot >= -1e-4 * trace * w[i] - 1e-12 * trace, where);
                        if (p > m) {
                            // the dual cone has an interior: algorithms.md §18 oracle 1
                            assertTrue(dot >= -1e-6 * Harness.norm(j[i]) * nd, where);
                        }
                    }
                }
            }
        }
    }

    @Test
    void isHomogeneousAndHandlesEdgeCases() {
        double[][] j = Harness.gaussian(4, 7, 5);
        double[] d = Harness.run(UpGradConfig.defaults().create(4), j, Harness.ones(4), Harness.step(1, 1)).direction();
        double[][] scaled = new double[4][];
        for (int i = 0; i < 4; i++) {
            scaled[i] = Harness.scale(7.5, j[i]);
        }
        double[] ds = Harness.run(UpGradConfig.defaults().create(4), scaled, Harness.ones(4), Harness.step(1, 1)).direction();
        Harness.assertClose(Harness.scale(7.5, d), ds, 1e-9, "J → cJ gives d → cd");
        Harness.Result zero = Harness.run(UpGradConfig.defaults().create(3), new double[3][4], Harness.ones(3), Harness.step(1, 1));
        Harness.assertClose(new double[4], zero.direction(), 0, "all zero: d = 0");
        double[] g = {2, -1};
        Harness.Result one = Harness.run(UpGradConfig.defaults().create(1), new double[][] {g}, Harness.ones(1), Harness.step(1, 1));
        Harness.assertClose(g, one.direction(), 1e-15, "m = 1: d = g");
    }
}
