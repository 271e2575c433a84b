package org.mtl4j.weighting.gradient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mtl4j.core.weighting.HeadPolicy;

/** ExcessMTL: an independent recomputation of the first steps, normalisation, degenerate input. */
class ExcessMtlTest {

    private static double excess(double[] g, double[] sumSq) {
        double e = 0;
        for (int c = 0; c < g.length; c++) {
            e += g[c] * g[c] / Math.sqrt(sumSq[c] + 1e-7);
        }
        return e;
    }

    @Test
    void matchesAnIndependentRecomputation() {
        double eta = 0.5;
        ExcessMtl x = new ExcessMtlConfig(eta).create(2);
        assertEquals(HeadPolicy.WEIGHTED, x.referenceHeadPolicy());
        double[][] j1 = {{1, 2, 0}, {0.5, 0, -1}};
        double[][] j2 = {{0.5, 1, 1}, {2, 0, -1}};
        double[][] j3 = {{0.1, 0.2, 0}, {3, 1, 1}};
        Harness.Result r1 = Harness.run(x, j1, new double[] {1, 1}, Harness.step(1, 1));
        Harness.assertClose(new double[] {1, 1}, r1.weights(), 0, "first step: λ = 1");
        Harness.assertClose(Harness.sum(j1), r1.direction(), 1e-14, "d = Σ g");
        double[][] s = new double[2][3];
        double[] e0 = new double[2];
        double[] logw = new double[2];
        double[][][] js = {j1, j2, j3};
        double[] w = null;
        for (int t = 0; t < 3; t++) {
            double[] e = new double[2];
            for (int i = 0; i < 2; i++) {
                for (int c = 0; c < 3; c++) {
                    s[i][c] += js[t][i][c] * js[t][i][c];
                }
                e[i] = excess(js[t][i], s[i]);
            }
            if (t == 0) {
                e0 = e;
            } else {
                for (int i = 0; i < 2; i++) {
                    logw[i] += eta * e[i] / e0[i];
                }
            }
            double z = Math.exp(logw[0]) + Math.exp(logw[1]);
            w = new double[] {2 * Math.exp(logw[0]) / z, 2 * Math.exp(logw[1]) / z};
            if (t > 0) {
                Harness.Result r = Harness.run(x, js[t], new double[] {1, 1}, Harness.step(t + 1, 1));
                Harness.assertClose(w, r.weights(), 1e-10, "step " + (t + 1));
                Harness.assertClose(Harness.combine(js[t], w), r.direction(), 1e-10, "d = Σ λ_i g_i");
            }
        }
        assertTrue(w[1] > w[0], "the task with the larger excess risk gains weight");
    }

    @Test
    void zeroGradientsAndHugeRatiosStayFinite() {
        ExcessMtl x = ExcessMtlConfig.defaults().create(2);
        Harness.run(x, new double[][] {{0, 0}, {1, 1}}, new double[] {1, 1}, Harness.step(1, 1));
        for (int t = 2; t <= 50; t++) {
            Harness.Result r = Harness.run(x, new double[][] {{1e6, 1e6}, {1, 1}}, new double[] {1, 1}, Harness.step(t, 1));
            assertTrue(Harness.allFinite(r.weights()) && Harness.allFinite(r.direction()), "t=" + t);
            assertEquals(2, r.weights()[0] + r.weights()[1], 1e-12, "Σλ = m");
        }
    }
}
