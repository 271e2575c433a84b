package org.mtl4j.weighting.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


import org.junit.jupiter.api.Test;

/** Bad input gives exceptions whose messages name the value and what was expected. */
class BlackBoxBadInputTest {

    private static void assertMessage(Class<? extends Throwable> type, org.junit.jupiter.api.function.Executable call,
                                      String... fragments) {
        Throwable e = assertThrows(type, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should contain '" + f + "'");
        }
    }

    @Test
    void configRejectsBadValues() {
        AsmgConfig ok = AsmgConfig.defaults(4);
        assertMessage(IllegalArgumentException.class, () -> ok.withDimension(0), "dimension", "0", ">= 1");
        assertMessage(IllegalArgumentException.class, () -> ok.withNumSamples(0), "numSamples", "0", ">= 1");
        assertMessage(IllegalArgumentException.class, () -> ok.withNumSamples(1), "numSamples", "RESCALED");
        assertEquals(1, ok.withUpdateRule(UpdateRule.RAW).withNumSamples(1).numSamples());
        assertMessage(IllegalArgumentException.class, () -> ok.withBeta(0), "beta", "> 0");
        assertMessage(IllegalArgumentException.class, () -> ok.withBeta(Double.NaN), "beta", "NaN");
        assertMessage(IllegalArgumentException.class, () -> ok.withInitialSigma(-1), "initialSigma", "-1");
        assertMessage(IllegalArgumentException.class, () -> EsConfig.defaults(0), "dimension");
        assertMessage(IllegalArgumentException.class, () -> EsConfig.defaults(3).withSigma(0), "sigma");
        assertMessage(IllegalArgumentException.class, () -> EsConfig.defaults(3).withNumSamples(0), "numSamples");
        assertMessage(IllegalArgumentException.class, () -> CmaEsConfig.defaults(3).withPopulationSize(1),
                "populationSize", "1");
        assertMessage(IllegalArgumentException.class, () -> new RunLimits(-1, 5), "maxIterations", "-1");
        assertMessage(IllegalArgumentException.class, () -> SyntheticProblem.SHIFT_L1_ELLIPSOID.create(0),
                "dimension");
        assertMessage(IllegalArgumentException.class, () -> SyntheticProblem.fromCliName("shift-l2"), "shift-l2",
                "shift-l1, shift-l05, ellipsoid-rastrigin");
    }

    @Test
    void dimensionMismatchBetweenObjectiveAndConfig() {
        SyntheticObjective p = SyntheticProblem.SHIFT_L1_ELLIPSOID.create(5);
        assertMessage(IllegalArgumentException.class, () -> new Asmg(p, AsmgConfig.defaults(6)), "5", "6");
        assertMessage(IllegalArgumentException.class, () -> new EvolutionStrategy(p, EsConfig.defaults(6)), "5", "6");
        assertMessage(IllegalArgumentException.class, () -> new CmaEs(p, CmaEsConfig.defaults(6)), "5", "6");
        assertMessage(IllegalArgumentException.class, () -> new Asmg(p, AsmgConfig.defaults(5), new double[4]),
                "initialMean", "4");
        assertMessage(IllegalArgumentException.class, () -> new Asmg(p, AsmgConfig.defaults(5),
                new double[] {0, 0, Double.NaN, 0, 0}), "initialMean", "NaN", "coordinate 2");
    }

    /** Objective over R^2 with two objectives that misbehaves on chosen calls. */
    private static final class Faulty implements BlackBoxObjective {
        private final int badRow;
        private final boolean badMean;
        private final boolean allBad;
        private int calls;
        private final int mismatchOnCall;

        Faulty(int badRow, boolean badMean, boolean allBad, int mismatchOnCall) {
            this.badRow = badRow;
            this.badMean = badMean;
            this.allBad = allBad;
            this.mismatchOnCall = mismatchOnCall;
        }

        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public int numObjectives() {
            return 2;
        }

        @Override
        public double[][] evaluate(double[][] points) {
            calls++;
            int m = calls == mismatchOnCall ? 3 : 2;
            double[][] out = new double[points.length][m];
            for (int j = 0; j < points.length; j++) {
                double[] x = points[j];
                out[j][0] = x[0] * x[0] + x[1] * x[1];
                out[j][1] = (x[0] - 1) * (x[0] - 1) + x[1] * x[1];
                boolean isMean = j == points.length - 1;
                if ((j == badRow && !isMean) || (badMean && isMean) || (allBad && !isMean)) {
                    out[j][1] = Double.NaN;
                }
            }
            return out;
        }
    }

    @Test
    void nonFiniteSampleFailsUnderFailPolicyNamingIterationSampleAndObjective() {
        Asmg asmg = new Asmg(new Faulty(3, false, false, -1), AsmgConfig.defaults(2).withNumSamples(6));
        NonFiniteEvaluationException e = assertThrows(NonFiniteEvaluationException.class, asmg::step);
        assertEquals(0, e.iteration());
        assertEquals(3, e.sample());
        assertEquals(1, e.objective());
        assertTrue(e.getMessage().contains("iteration 0, sample 3, objective 1"), e.getMessage());
        assertTrue(e.getMessage().contains("SKIP_SAMPLE"), e.getMessage());
    }

    @Test
    void nonFiniteSampleIsSkippedAndCountedUnderSkipPolicy() {
        Asmg asmg = new Asmg(new Faulty(3, false, false, -1),
                AsmgConfig.defaults(2).withNumSamples(6).withNonFinitePolicy(NonFinitePolicy.SKIP_SAMPLE));
        for (int t = 0; t < 20; t++) {
            IterationRecord r = asmg.step();
            assertEquals(1, r.skippedSamples());
            assertEquals(5, r.validSamples());
            for (double v : r.mean()) {
                assertTrue(Double.isFinite(v));
            }
            assertEquals(7L * (t + 1), r.evaluations(), "skipped samples still count as evaluations");
        }
        EvolutionStrategy es = new EvolutionStrategy(new Faulty(3, false, false, -1),
                EsConfig.defaults(2).withNumSamples(6).withNonFinitePolicy(NonFinitePolicy.SKIP_SAMPLE));
        assertEquals(1, es.step().skippedSamples());
    }

    @Test
    void nonFiniteMeanAlwaysFails() {
        Asmg asmg = new Asmg(new Faulty(-1, true, false, -1),
                AsmgConfig.defaults(2).withNumSamples(6).withNonFinitePolicy(NonFinitePolicy.SKIP_SAMPLE));
        NonFiniteEvaluationException e = assertThrows(NonFiniteEvaluationException.class, asmg::step);
        assertEquals(NonFiniteEvaluationException.AT_MEAN, e.sample());
        assertTrue(e.getMessage().contains("the mean"), e.getMessage());
    }

    @Test
    void allSamplesSkippedFails() {
        Asmg asmg = new Asmg(new Faulty(-1, false, true, -1),
                AsmgConfig.defaults(2).withNumSamples(6).withNonFinitePolicy(NonFinitePolicy.SKIP_SAMPLE));
        NonFiniteEvaluationException e = assertThrows(NonFiniteEvaluationException.class, asmg::step);
        assertTrue(e.getMessage().contains("all 6 samples"), e.getMessage());
    }

    @Test
    void objectiveCountMismatchBetweenEvaluationsIsAnError() {
        Asmg asmg = new Asmg(new Faulty(-1, false, false, 2), AsmgConfig.defaults(2).withNumSamples(4));
        asmg.step();
        assertMessage(IllegalStateException.class, asmg::step, "3 values", "m = 2");
    }

    @Test
    void counterChecksPointLengthsAndRowCounts() {
        EvaluationCounter counter = new EvaluationCounter(SyntheticProblem.SHIFT_L1_ELLIPSOID.create(3));
        assertMessage(IllegalArgumentException.class, () -> counter.evaluate(new double[][] {{1, 2}}),
                "point 0", "d = 3", "found 2");
        BlackBoxObjective dropsRows = new BlackBoxObjective() {
            @Override
            public int dimension() {
                return 1;
            }

            @Override
            public int numObjectives() {
                return 1;
            }

            @Override
            public double[][] evaluate(double[][] points) {
                return new double[][] {{0.0}};
            }
        };
        assertMessage(IllegalStateException.class,
                () -> new EvaluationCounter(dropsRows).evaluate(new double[][] {{1}, {2}}), "1 rows", "2 points");
        assertEquals(0, counter.evaluations());
        counter.evaluate(new double[][] {{1, 2, 3}, {0, 0, 0}});
        assertEquals(2, counter.evaluations());
        assertEquals(1, counter.batches());
    }

    @Test
    void cmaEsFailsOnNonFiniteSamplesUnderFailPolicyAndRanksThemLastUnderSkip() {
        CmaEs cma = new CmaEs(new NaNAfterFirstCall(), CmaEsConfig.defaults(2).withPopulationSize(6));
        NonFiniteEvaluationException e = assertThrows(NonFiniteEvaluationException.class,
                () -> cma.run(10, IterationListener.none()));
        assertEquals(0, e.iteration());
        assertEquals(0, e.sample());
        CmaEs skipping = new CmaEs(new NaNAfterFirstCall(),
                CmaEsConfig.defaults(2).withPopulationSize(6).withNonFinitePolicy(NonFinitePolicy.SKIP_SAMPLE));
        int[] skipped = new int[1];
        skipping.run(3, r -> {
            skipped[0] += r.skippedSamples();
            return IterationListener.Control.CONTINUE;
        });
        assertTrue(skipped[0] >= 6, "every offspring of the reported generations was non-finite");
    }

    /** Finite at the first evaluated point (CMA-ES' initial mean), NaN afterwards. */
    private static final class NaNAfterFirstCall implements BlackBoxObjective {
        private int calls;

        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public int numObjectives() {
            return 2;
        }

        @Override
        public double[][] evaluate(double[][] points) {
            double value = calls++ == 0 ? 1.0 : Double.NaN;
            double[][] out = new double[points.length][2];
            for (double[] row : out) {
                java.util.Arrays.fill(row, value);
            }
            return out;
        }
    }
}
