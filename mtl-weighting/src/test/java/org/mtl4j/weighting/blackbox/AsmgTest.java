package org.mtl4j.weighting.blackbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** ASMG: convergence oracles of spec §21.7, unit oracles of §21.8, Σ positivity, determinism. */
class AsmgTest {

    /** Iterations until E(μ) < threshold, or -1 within maxIterations. */
    private static int iterationsToReach(SyntheticObjective problem, AsmgConfig config, double threshold,
                                         int maxIterations) {
        Asmg asmg = new Asmg(problem, config);
        for (int t = 0; t < maxIterations; t++) {
            IterationRecord r = asmg.step();
            if (problem.distanceToParetoSet(r.mean()) < threshold) {
                return t + 1;
            }
        }
        return -1;
    }

    @Test
    void shiftL1SmallReachesOneEMinus3Within500IterationsForThreeSeeds() {
        SyntheticObjective p = SyntheticProblem.SHIFT_L1_ELLIPSOID.create(10);
        for (long seed = 0; seed < 3; seed++) {
            int it = iterationsToReach(p, AsmgConfig.defaults(10).withNumSamples(20).withSeed(seed), 1e-3, 500);
            assertTrue(it > 0, "seed " + seed + " did not reach 1e-3 in 500 iterations");
        }
    }

    @Test
    void shiftL1Dimension100ReachesOneEMinus3Within1500IterationsForThreeSeeds() {
        SyntheticObjective p = SyntheticProblem.SHIFT_L1_ELLIPSOID.create(100);
        for (long seed = 0; seed < 3; seed++) {
            int it = iterationsToReach(p, AsmgConfig.defaults(100).withSeed(seed), 1e-3, 1500);
            assertTrue(it > 0, "seed " + seed + " did not reach 1e-3 in 1500 iterations");
        }
    }

    @Test
    void ellipsoidRastriginDimension100ReachesOneEMinus3Within4000Iterations() {
        SyntheticObjective p = SyntheticProblem.ELLIPSOID_RASTRIGIN.create(100);
        for (long seed = 0; seed < 3; seed++) {
            int it = iterationsToReach(p, AsmgConfig.defaults(100).withSeed(seed), 1e-3, 4000);
            assertTrue(it > 0, "seed " + seed + " did not reach 1e-3 in 4000 iterations");
        }
    }

    @Test
    void rawUpdateWithBetaOneTenthDoesNotConvergeOnShiftL1() {
        SyntheticObjective p = SyntheticProblem.SHIFT_L1_ELLIPSOID.create(100);
        Asmg asmg = new Asmg(p, AsmgConfig.defaults(100).withUpdateRule(UpdateRule.RAW));
        double best = Double.POSITIVE_INFINITY;
        for (int t = 0; t < 1500; t++) {
            best = Math.min(best, p.distanceToParetoSet(asmg.step().mean()));
        }
        assertTrue(best >= 1.0, "spec §21.6: the raw update with beta 0.1 should not get below 1, got " + best);
    }

    @Test
    void covarianceStaysPositiveDefiniteOverARun() {
        for (UpdateRule rule : UpdateRule.values()) {
            SyntheticObjective p = SyntheticProblem.SHIFT_L05_ELLIPSOID.create(20);
            // raw rule: β matched to the O(d) objective scale
            double beta = rule == UpdateRule.RAW ? 0.002 : 0.1;
            Asmg asmg = new Asmg(p, AsmgConfig.defaults(20).withUpdateRule(rule).withBeta(beta));
            for (int t = 0; t < 800; t++) {
                IterationRecord r = asmg.step();
                assertTrue(r.minSigma() > 0 && Double.isFinite(r.maxSigma()), rule + " iteration " + t);
                for (double prec : asmg.precision()) {
                    assertTrue(prec > 0 && Double.isFinite(prec), rule + ": precision " + prec + " at " + t);
                }
                double[] sigma = asmg.sigma();
                double[] precision = asmg.precision();
                for (int k = 0; k < sigma.length; k++) {
                    assertEquals(1.0, sigma[k] * sigma[k] * precision[k], 1e-12, "σ² = 1/precision");
                }
            }
        }
    }

    @Test
    void positivityGuardKeepsOldPrecisionWhenTheFactorIsNotPositive() {
        // a steep objective with the raw rule and a large β drives some factors 1 + (β/N)Σ a_j(z²−1) below 0
        BlackBoxObjective steep = new BlackBoxObjective() {
            @Override
            public int dimension() {
                return 5;
            }

            @Override
            public int numObjectives() {
                return 1;
            }

            @Override
            public double[][] evaluate(double[][] points) {
                double[][] out = new double[points.length][1];
                for (int j = 0; j < points.length; j++) {
                    for (double x : points[j]) {
                        out[j][0] += 1000 * x * x + 300 * x;
                    }
                }
                return out;
            }
        };
        Asmg asmg = new Asmg(steep, new AsmgConfig(5, 4, 1.0, 1.0, InitialMean.ZERO, UpdateRule.RAW,
                LambdaMode.ADAPTIVE, MomentumSchedule.RUNNING_MEAN, NonFinitePolicy.FAIL, 11L));
        int guardedTotal = 0;
        for (int t = 0; t < 5; t++) {
            double[] before = asmg.precision();
            IterationRecord r = asmg.step();
            double[] after = asmg.precision();
            int unchanged = 0;
            for (int k = 0; k < 5; k++) {
                assertTrue(after[k] > 0 && Double.isFinite(after[k]));
                if (after[k] == before[k]) {
                    unchanged++;
                }
            }
            assertTrue(unchanged >= r.guardedCoordinates(), "guarded coordinates must keep their precision");
            guardedTotal += r.guardedCoordinates();
        }
        assertTrue(guardedTotal > 0, "the construction should trigger the guard at least once");
    }

    @Test
    void singleObjectiveHasLambdaOne() {
        BlackBoxObjective sphere = new SphereObjective(3, 1);
        Asmg asmg = new Asmg(sphere, AsmgConfig.defaults(3).withNumSamples(8));
        for (int t = 0; t < 20; t++) {
            IterationRecord r = asmg.step();
            assertArrayEquals(new double[] {1.0}, r.lambda(), 0.0);
            assertArrayEquals(new double[] {1.0}, r.lambdaHat(), 0.0);
        }
    }

    @Test
    void lambdaStaysInTheSimplexAndIsTheRunningMeanOfLambdaHat() {
        SyntheticObjective p = SyntheticProblem.SHIFT_L05_ELLIPSOID.create(10);
        Asmg asmg = new Asmg(p, AsmgConfig.defaults(10).withNumSamples(10));
        double[] sum = new double[2];
        for (int t = 0; t < 200; t++) {
            IterationRecord r = asmg.step();
            double[] hat = r.lambdaHat();
            double[] lambda = r.lambda();
            for (int i = 0; i < 2; i++) {
                assertTrue(hat[i] >= 0 && lambda[i] >= 0);
                sum[i] += hat[i];
                assertEquals(sum[i] / (t + 1), lambda[i], 1e-12, "λ is the running mean of λ̂ at t = " + t);
            }
            assertEquals(1.0, hat[0] + hat[1], 1e-12);
            assertEquals(1.0, lambda[0] + lambda[1], 1e-12);
        }
    }

    @Test
    void withoutMomentumLambdaEqualsLambdaHat() {
        SyntheticObjective p = SyntheticProblem.SHIFT_L1_ELLIPSOID.create(10);
        Asmg asmg = new Asmg(p, AsmgConfig.defaults(10).withNumSamples(10).withMomentum(MomentumSchedule.NONE));
        for (int t = 0; t < 50; t++) {
            IterationRecord r = asmg.step();
            assertArrayEquals(r.lambdaHat(), r.lambda(), 0.0);
        }
    }

    @Test
    void lambdaHatFromTheQpSatisfiesKktOnAsmgGrams() {
        SyntheticObjective p = SyntheticProblem.ELLIPSOID_RASTRIGIN.create(10);
        Asmg asmg = new Asmg(p, AsmgConfig.defaults(10).withNumSamples(10));
        for (int t = 0; t < 30; t++) {
            IterationRecord r = asmg.step();
            double[][] gram = asmg.lastGram();
            assertNotNull(gram);
            SimplexQpTest.assertKkt(gram, r.lambdaHat());
        }
    }

    @Test
    void equalWeightingKeepsLambdaAtOneOverMAndStillConverges() {
        SyntheticObjective p = SyntheticProblem.SHIFT_L1_ELLIPSOID.create(10);
        Asmg asmg = new Asmg(p, AsmgConfig.defaults(10).withNumSamples(20).withLambdaMode(LambdaMode.EQUAL));
        for (int t = 0; t < 500; t++) {
            IterationRecord r = asmg.step();
            assertArrayEquals(new double[] {0.5, 0.5}, r.lambda(), 0.0);
        }
        assertTrue(p.distanceToParetoSet(asmg.mean()) < 1e-3);
    }

    @Test
    void sameSeedGivesIdenticalIteratesAndResetReplays() {
        SyntheticObjective p = SyntheticProblem.SHIFT_L05_ELLIPSOID.create(15);
        AsmgConfig config = AsmgConfig.defaults(15).withNumSamples(12).withSeed(99);
        List<IterationRecord> first = new ArrayList<>();
        Asmg a = new Asmg(p, config);
        a.run(40, r -> {
            first.add(r);
            return IterationListener.Control.CONTINUE;
        });
        List<IterationRecord> second = new ArrayList<>();
        new Asmg(p, config).run(40, r -> {
            second.add(r);
            return IterationListener.Control.CONTINUE;
        });
        assertEquals(first, second);
        a.reset();
        assertEquals(0, a.evaluations());
        for (int t = 0; t < 40; t++) {
            assertEquals(first.get(t), a.step());
        }
        Asmg other = new Asmg(p, config.withSeed(100));
        assertNotEquals(first.get(0), other.step());
    }

    @Test
    void runChargesNPlusOneEvaluationsPerIterationAndRespectsLimits() {
        SyntheticObjective p = SyntheticProblem.SHIFT_L1_ELLIPSOID.create(5);
        EvaluationCounter counter = new EvaluationCounter(p);
        Asmg asmg = new Asmg(counter, AsmgConfig.defaults(5).withNumSamples(9));
        RunSummary s = asmg.run(new RunLimits(100, 35), IterationListener.none());
        assertEquals(3, s.iterations());
        assertEquals(30, s.evaluations());
        assertEquals(30, counter.evaluations());
        assertEquals(StopReason.EVALUATION_BUDGET, s.stopReason());
        RunSummary stopped = asmg.run(100, r -> r.iteration() >= 5 ? IterationListener.Control.STOP
                : IterationListener.Control.CONTINUE);
        assertEquals(StopReason.LISTENER, stopped.stopReason());
        assertEquals(6, asmg.iterations());
        assertEquals(StopReason.MAX_ITERATIONS, asmg.run(2, IterationListener.none()).stopReason());
    }

    @Test
    void explicitInitialMeanIsUsed() {
        SyntheticObjective p = SyntheticProblem.SHIFT_L1_ELLIPSOID.create(3);
        Asmg asmg = new Asmg(p, AsmgConfig.defaults(3), new double[] {1, 2, 3});
        assertArrayEquals(new double[] {1, 2, 3}, asmg.mean(), 0.0);
        Asmg zero = new Asmg(p, AsmgConfig.defaults(3).withInitialMean(InitialMean.ZERO));
        assertArrayEquals(new double[3], zero.mean(), 0.0);
        double[] uniform = new Asmg(p, AsmgConfig.defaults(3)).mean();
        for (double v : uniform) {
            assertTrue(v >= 0 && v < 1);
        }
    }

    /** m objectives, all ‖x‖² shifted by the objective index. */
    static final class SphereObjective implements BlackBoxObjective {
        private final int d;
        private final int m;

        SphereObjective(int d, int m) {
            this.d = d;
            this.m = m;
        }

        @Override
        public int dimension() {
            return d;
        }

        @Override
        public int numObjectives() {
            return m;
        }

        @Override
        public double[][] evaluate(double[][] points) {
            double[][] out = new double[points.length][m];
            for (int j = 0; j < points.length; j++) {
                for (int i = 0; i < m; i++) {
                    for (double x : points[j]) {
                        out[j][i] += (x - i) * (x - i);
                    }
                }
            }
            return out;
        }
    }
}
