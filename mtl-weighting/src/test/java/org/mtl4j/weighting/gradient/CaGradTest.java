package org.mtl4j.weighting.gradient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtl4j.weighting.gradient.Harness.assertClose;
import static org.mtl4j.weighting.gradient.Harness.dot;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mtl4j.core.weighting.Diagnostics;
import org.mtl4j.weighting.solver.MinNormSolver;

class CaGradTest {
    private static final CaGradConfig RAW = CaGradConfig.defaults().withRescale(CaGradConfig.Rescale.NONE);

    private static double[] mean(double[][] g) {
        return Harness.scale(1.0 / g.length, Harness.sum(g));
    }

    private static double[] direction(CaGradConfig c, double[][] g) {
        return Harness.run(c.create(g.length), g, Harness.ones(g.length), Harness.step(1, 1)).direction();
    }

    private static double[] dualGradientCoefficients(double[][] gram) {
        int m = gram.length;
        double[] a = new double[m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                a[i] += gram[i][j] / m;
            }
        }
        return a;
    }

    @Test
    void zeroRadiusGivesTheMeanGradient() {
        double[][] g = Harness.gaussian(4, 6, 1);
        assertClose(mean(g), direction(RAW.withC(0), g), 1e-7, "c = 0: d = g₀");
        assertClose(Harness.sum(g), direction(RAW.withC(0).withScaleToSum(true), g), 1e-7, "c = 0, ×m: d = Σ g_i");
    }

    @Test
    void directionLiesOnTheBallAndHelpsTheWorstTask() {
        for (long seed = 1; seed <= 6; seed++) {
            int m = 2 + (int) (seed % 4);
            double[][] g = Harness.gaussian(m, 7, seed);
            for (double c : new double[] {0.1, 0.5, 2.0}) {
                double[] d0 = direction(RAW.withC(c), g);
                double[] g0 = mean(g);
                double g0Norm = Math.sqrt(dot(g0, g0) + 1e-8);
                assertEquals(c * g0Norm, Harness.norm(Harness.axpy(-1, g0, d0)), 1e-7 * Math.max(1, g0Norm),
                        "‖d₀ − g₀‖ = c‖g₀‖ (seed " + seed + ", c " + c + ")");
                double worstD = Double.POSITIVE_INFINITY;
                double worstMean = Double.POSITIVE_INFINITY;
                for (double[] gi : g) {
                    worstD = Math.min(worstD, dot(gi, d0));
                    worstMean = Math.min(worstMean, dot(gi, g0));
                }
                assertTrue(worstD >= worstMean - 1e-9, "min_i ⟨g_i, d₀⟩ ≥ min_i ⟨g_i, g₀⟩");
            }
        }
    }

    @Test
    void dualSolutionBeatsVerticesUniformAndRandomPointsAndMeetsKkt() {
        CaGradDual dual = new CaGradDual(MinNormSolver.defaults());
        SplittableRandom rnd = new SplittableRandom(5);
        for (long seed = 1; seed <= 8; seed++) {
            int m = 2 + (int) (seed % 6);
            double[][] gram = Harness.gram(Harness.gaussian(m, 3 + (int) seed, seed + 40));
            double[] a = dualGradientCoefficients(gram);
            double k = 0.7 * Math.sqrt(dot(a, Harness.ones(m)) / m);
            CaGradDual.Result r = dual.solve(gram, k);
            double best = CaGradDual.objective(gram, a, k, r.weights());
            double tol = 1e-10 * (Math.abs(best) + 1);
            double[] uniform = Harness.scale(1.0 / m, Harness.ones(m));
            assertTrue(best <= CaGradDual.objective(gram, a, k, uniform) + tol, "≤ F(1/m)");
            for (int i = 0; i < m; i++) {
                double[] e = new double[m];
                e[i] = 1;
                assertTrue(best <= CaGradDual.objective(gram, a, k, e) + tol, "≤ F(e_" + i + ")");
            }
            for (int trial = 0; trial < 300; trial++) {
                double[] w = new double[m];
                double s = 0;
                for (int i = 0; i < m; i++) {
                    w[i] = -Math.log(1 - rnd.nextDouble()) * (rnd.nextInt(3) == 0 ? 0 : 1);
                    s += w[i];
                }
                if (s == 0) {
                    continue;
                }
                assertTrue(best <= CaGradDual.objective(gram, a, k, Harness.scale(1 / s, w)) + tol, "≤ F(random point)");
            }
            assertTrue(CaGradDual.kktResidual(gram, a, k, r.weights()) <= 1e-9, "KKT residual " + r.kktResidual());
            assertEquals(org.mtl4j.weighting.solver.SolverStatus.OPTIMAL, r.status());
        }
    }

    @Test
    void hardCasesAreSolvedExactlyInFewMinNormSolves() {
        CaGradDual dual = new CaGradDual(MinNormSolver.defaults());
        double[][] spread = Harness.gaussian(5, 8, 11);
        double[] scales = {1e-3, 1e-1, 1, 10, 1e3};
        for (int i = 0; i < 5; i++) {
            spread[i] = Harness.scale(scales[i], spread[i]);
        }
        double[][] stationary = {{1, 0, 0}, {-1, 0.5, 0}, {0, -1, 0}, {0.2, 0.3, 0}};     // 0 inside the hull
        double[][] duplicates = {{1, 2, 0}, {1, 2, 0}, {-0.5, 1, 1}, {-0.5, 1, 1}};
        double[][] wide = Harness.gaussian(8, 3, 12);                                        // m > p
        for (double[][] g : new double[][][] {spread, stationary, duplicates, wide}) {
            double[][] gram = Harness.gram(g);
            double[] a = dualGradientCoefficients(gram);
            double mean = 0;
            for (double v : a) {
                mean += v / a.length;
            }
            double k = 0.5 * Math.sqrt(Math.max(mean, 0) + 1e-8) + 1e-8;
            CaGradDual.Result r = dual.solve(gram, k);
            assertEquals(org.mtl4j.weighting.solver.SolverStatus.OPTIMAL, r.status(), "KKT residual " + r.kktResidual());
            assertTrue(r.evaluations() <= 8, "min-norm solves: " + r.evaluations());
        }
    }

    @Test
    void rescalingOptionsAndEdgeCases() {
        double[][] g = Harness.gaussian(3, 5, 2);
        double c = 0.5;
        double[] raw = direction(RAW, g);
        assertClose(Harness.scale(1 / (1 + c * c), raw), direction(CaGradConfig.defaults(), g), 1e-12, "÷(1+c²)");
        assertClose(Harness.scale(1 / (1 + c), raw), direction(RAW.withRescale(CaGradConfig.Rescale.ONE_PLUS_C), g), 1e-12, "÷(1+c)");
        assertClose(Harness.scale(3 / (1 + c * c), raw), direction(CaGradConfig.defaults().withScaleToSum(true), g), 1e-12, "×m");
        // m = 1: d = (1+c)/(1+c²) g
        double[][] one = {{2, -1, 0.5}};
        assertClose(Harness.scale((1 + c) / (1 + c * c), one[0]), direction(CaGradConfig.defaults(), one), 1e-7, "m = 1");
        // identical gradients: d₀ = (1+c) g
        double[][] same = {{1, 2}, {1, 2}, {1, 2}};
        assertClose(Harness.scale(1 + c, same[0]), direction(RAW, same), 1e-7, "identical");
        // all zero: d = 0
        assertClose(new double[2], direction(CaGradConfig.defaults(), new double[][] {{0, 0}, {0, 0}}), 0, "zero");
        // opposite gradients (0 in the hull) stay finite
        assertTrue(Harness.allFinite(direction(CaGradConfig.defaults(), new double[][] {{1, 1}, {-1, -1}})));
    }

    @Test
    void weightsAndDiagnosticsAreReported() {
        double[][] g = Harness.gaussian(4, 9, 3);
        Harness.Result r = Harness.run(CaGradConfig.defaults().create(4), g, Harness.ones(4), Harness.step(1, 1));
        assertClose(r.direction(), Harness.combine(g, r.weights()), 1e-12, "d = Jᵀw");
        assertEquals(Diagnostics.Outcome.OK, r.aggregation().diagnostics().outcome());
        assertTrue(r.aggregation().diagnostics().iterations() > 0);
    }

    @Test
    void configValidation() {
        assertThrows(IllegalArgumentException.class, () -> CaGradConfig.defaults().withC(-0.1));
        assertThrows(IllegalArgumentException.class, () -> CaGradConfig.defaults().withC(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> CaGradConfig.defaults().withRescale(null));
        assertThrows(IllegalArgumentException.class, () -> CaGradConfig.defaults().create(0));
    }
}
