package org.mtl4j.weighting.blackbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** ES and the Commons Math CMA-ES wrapper: budget accounting, stopping, determinism, basic progress. */
class BaselinesTest {

    /** f(x) = cᵀx with m = 1. */
    private static final class Linear implements BlackBoxObjective {
        private final double[] c;

        Linear(double... c) {
            this.c = c;
        }

        @Override
        public int dimension() {
            return c.length;
        }

        @Override
        public int numObjectives() {
            return 1;
        }

        @Override
        public double[][] evaluate(double[][] points) {
            double[][] out = new double[points.length][1];
            for (int j = 0; j < points.length; j++) {
                for (int k = 0; k < c.length; k++) {
                    out[j][0] += c[k] * points[j][k];
                }
            }
            return out;
        }
    }

    @Test
    void plainEsStepIsMinusLearningRateTimesTheGradientOnALinearObjective() {
        // E ĝ = c for the unshaped estimator; with N = 200,000 the step is −α c within a few standard errors
        double[] c = {1.0, -2.0, 0.5};
        EsConfig config = new EsConfig(3, 200_000, 0.5, 0.1, FitnessShaping.NONE, InitialMean.ZERO,
                NonFinitePolicy.FAIL, 1L);
        EvolutionStrategy es = new EvolutionStrategy(new Linear(c), config);
        double[] mean = es.step().mean();
        // per-sample std of (cᵀz) z_k / σ·σ is ≈ ‖c‖·√2 ≈ 3.2 → standard error 0.007; times α = 0.1
        for (int k = 0; k < 3; k++) {
            assertEquals(-0.1 * c[k], mean[k], 0.1 * 0.04, "coordinate " + k);
        }
    }

    @Test
    void esIsDeterministicChargesNPlusOneAndMovesTowardsTheSetOnShiftL1() {
        SyntheticObjective p = SyntheticProblem.SHIFT_L1_ELLIPSOID.create(10);
        EsConfig config = EsConfig.defaults(10).withNumSamples(20).withSigma(0.01).withLearningRate(1e-3);
        EvolutionStrategy a = new EvolutionStrategy(p, config);
        EvolutionStrategy b = new EvolutionStrategy(p, config);
        double start = p.distanceToParetoSet(a.mean());
        RunSummary s = a.run(300, IterationListener.none());
        b.run(300, IterationListener.none());
        assertArrayEquals(a.mean(), b.mean(), 0.0);
        assertEquals(300L * 21, s.evaluations());
        assertTrue(p.distanceToParetoSet(a.mean()) < 0.5 * start, "ES should make progress");
    }

    @Test
    void cmaEsStopsAtTheEvaluationBudgetAndReportsCompletedGenerations() {
        SyntheticObjective p = SyntheticProblem.SHIFT_L1_ELLIPSOID.create(5);
        EvaluationCounter counter = new EvaluationCounter(p);
        CmaEs cma = new CmaEs(counter, CmaEsConfig.defaults(5).withPopulationSize(8));
        List<IterationRecord> records = new ArrayList<>();
        RunSummary s = cma.run(new RunLimits(1000, 80), r -> {
            records.add(r);
            return IterationListener.Control.CONTINUE;
        });
        assertEquals(StopReason.EVALUATION_BUDGET, s.stopReason());
        assertEquals(80, counter.evaluations());
        assertEquals(80, s.evaluations());
        // 1 initial evaluation + 9 generations of 8 = 73; the 10th generation is cut by the budget
        assertEquals(9, records.size());
        for (int g = 0; g < records.size(); g++) {
            assertEquals(g, records.get(g).iteration());
            assertEquals(1 + 8L * (g + 1), records.get(g).evaluations());
            assertEquals(0, records.get(g).valuesAtMean().length);
            assertArrayEquals(new double[] {0.5, 0.5}, records.get(g).lambda(), 0.0);
        }
        assertArrayEquals(records.get(8).mean(), s.finalMean(), 0.0);
        assertThrows(IllegalStateException.class, () -> cma.run(5, IterationListener.none()));
    }

    @Test
    void cmaEsListenerStopAndIterationLimit() {
        SyntheticObjective p = SyntheticProblem.SHIFT_L1_ELLIPSOID.create(5);
        CmaEs stopped = new CmaEs(p, CmaEsConfig.defaults(5).withPopulationSize(8));
        RunSummary s = stopped.run(100, r -> r.iteration() == 2 ? IterationListener.Control.STOP
                : IterationListener.Control.CONTINUE);
        assertEquals(StopReason.LISTENER, s.stopReason());
        assertEquals(3, s.iterations());
        assertEquals(1 + 3 * 8, s.evaluations(), "no evaluation after the listener's STOP");
        CmaEs limited = new CmaEs(p, CmaEsConfig.defaults(5).withPopulationSize(8));
        RunSummary l = limited.run(4, IterationListener.none());
        assertEquals(StopReason.MAX_ITERATIONS, l.stopReason());
        assertEquals(4, l.iterations());
    }

    @Test
    void cmaEsIsDeterministicAndConvergesOnASmallProblem() {
        SyntheticObjective p = SyntheticProblem.SHIFT_L1_ELLIPSOID.create(5);
        CmaEsConfig config = CmaEsConfig.defaults(5).withPopulationSize(10).withSeed(4);
        CmaEs a = new CmaEs(p, config);
        CmaEs b = new CmaEs(p, config);
        a.run(400, IterationListener.none());
        b.run(400, IterationListener.none());
        assertArrayEquals(a.mean(), b.mean(), 0.0);
        assertTrue(p.distanceToParetoSet(a.mean()) < 1e-3, "distance " + p.distanceToParetoSet(a.mean()));
    }

    @Test
    void diagonalCmaEsRuns() {
        SyntheticObjective p = SyntheticProblem.SHIFT_L1_ELLIPSOID.create(5);
        CmaEs a = new CmaEs(p, CmaEsConfig.defaults(5).withPopulationSize(10).withCovariance(CovarianceModel.DIAGONAL));
        a.run(400, IterationListener.none());
        assertTrue(p.distanceToParetoSet(a.mean()) < 1e-3, "distance " + p.distanceToParetoSet(a.mean()));
    }
}
