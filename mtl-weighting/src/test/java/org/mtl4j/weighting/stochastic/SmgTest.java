package org.mtl4j.weighting.stochastic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mtl4j.core.weighting.Aggregation;
import org.mtl4j.weighting.solver.MinNormSolver;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** SMG: the min-norm (MGDA) oracles on mini-batch gradients, pooling, and the batch-size schedule. */
class SmgTest {

    @Test
    void twoTasksMatchTheClosedForm() {
        double[][] j = {{1.0, 0.2, -0.5}, {-0.3, 1.5, 0.4}};
        Smg smg = (Smg) Smg.Config.defaults().create(2);
        INDArray d = Nd4j.create(DataType.DOUBLE, 3);
        Aggregation a = smg.aggregate(Rows.array(j), Rows.ones(2), Rows.step(1), d);
        double[] diff = {j[1][0] - j[0][0], j[1][1] - j[0][1], j[1][2] - j[0][2]};
        double l1 = Math.max(0, Math.min(1, Rows.dot(diff, j[1]) / Rows.dot(diff, diff)));
        Rows.assertClose(new double[] {l1, 1 - l1}, a.weights(), 1e-12, "λ");
        Rows.assertClose(Rows.combine(j, a.weights()), Rows.vector(d), 1e-12, "d = Jᵀλ");
    }

    @Test
    void minNormKktHoldsForManyTasks() {
        for (int m : new int[] {3, 5, 8}) {
            double[][] j = Rows.gaussian(m, 12, 100 + m);
            Smg smg = (Smg) Smg.Config.defaults().create(m);
            INDArray d = Nd4j.create(DataType.DOUBLE, 12);
            double[] lambda = smg.aggregate(Rows.array(j), Rows.ones(m), Rows.step(1), d).weights();
            Rows.assertSimplex(lambda, 1e-12, "λ");
            double[] dv = Rows.vector(d);
            double dd = Rows.dot(dv, dv);
            for (int i = 0; i < m; i++) {
                double gi = Rows.dot(j[i], dv);
                assertTrue(gi >= dd - 1e-8, "⟨g_i, d⟩ ≥ ‖d‖² for task " + i + ": " + gi + " < " + dd);
                if (lambda[i] > 1e-6) {
                    assertEquals(dd, gi, 1e-7, "equality on the support, task " + i);
                }
            }
        }
    }

    @Test
    void pooledVariantIsSmgOnTheMeanJacobian() {
        int m = 3;
        double[][] a = Rows.gaussian(m, 9, 1);
        double[][] b = Rows.gaussian(m, 9, 2);
        double[][] mean = new double[m][9];
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < 9; k++) {
                mean[i][k] = 0.5 * (a[i][k] + b[i][k]);
            }
        }
        SmgPooled pooled = (SmgPooled) Smg.Config.linear(2, 1, 5).create(m);
        INDArray d = Nd4j.create(DataType.DOUBLE, 9);
        double[] lambda = pooled.aggregate(Rows.arrays(a, b), Rows.losses(2, m), Rows.step(1), d).weights();
        double[] expected = MinNormSolver.defaults().solve(Rows.gram(mean, mean)).weights();
        Rows.assertClose(expected, lambda, 1e-9, "λ of the pooled batches");
        Rows.assertClose(Rows.combine(mean, lambda), Rows.vector(d), 1e-12, "d = J̄ᵀλ");
    }

    @Test
    void scheduleGivesTheDocumentedBatchCounts() {
        Smg.Config linear = Smg.Config.linear(2, 0.5, 4);
        int[] expectLinear = {2, 2, 3, 3, 4, 4, 4};
        for (int t = 1; t <= expectLinear.length; t++) {
            assertEquals(expectLinear[t - 1], linear.batchesAt(t), "LINEAR t=" + t);
        }
        Smg.Config geometric = new Smg.Config(Smg.BatchGrowth.GEOMETRIC, 2, 1.5, 6, MinNormSolver.Method.EXACT_QP);
        int[] expectGeometric = {2, 3, 5, 6, 6};
        for (int t = 1; t <= expectGeometric.length; t++) {
            assertEquals(expectGeometric[t - 1], geometric.batchesAt(t), "GEOMETRIC t=" + t);
        }
        assertEquals(6, geometric.batchesAt(1_000_000), "capped, no overflow");
        Smg.Config constant = new Smg.Config(Smg.BatchGrowth.CONSTANT, 3, 0, 3, MinNormSolver.Method.EXACT_QP);
        assertEquals(3, constant.batchesAt(50));
    }

    @Test
    void familyFollowsTheScheduleAndBatchesPerStepFollowsTheSteps() {
        assertInstanceOf(Smg.class, Smg.Config.defaults().create(2));
        SmgPooled s = assertInstanceOf(SmgPooled.class, Smg.Config.linear(2, 1, 4).create(2));
        assertEquals(2, s.batchesPerStep());
        INDArray d = Nd4j.create(DataType.DOUBLE, 4);
        double[][] j = Rows.gaussian(2, 4, 3);
        s.aggregate(Rows.arrays(j, j), Rows.losses(2, 2), Rows.step(1), d);
        assertEquals(3, s.batchesPerStep(), "after step 1 the trainer is asked for n_2 = 3");
        s.aggregate(Rows.arrays(j, j, j), Rows.losses(3, 2), Rows.step(2), d);
        assertEquals(4, s.batchesPerStep());
        Map<String, double[]> saved = s.saveState();
        SmgPooled fresh = (SmgPooled) Smg.Config.linear(2, 1, 4).create(2);
        fresh.loadState(saved);
        assertEquals(4, fresh.batchesPerStep());
        s.reset();
        assertEquals(2, s.batchesPerStep());
        assertThrows(IllegalArgumentException.class, () -> fresh.loadState(Map.of("nextStep", new double[] {0.5})));
        assertThrows(IllegalArgumentException.class, () -> fresh.loadState(Map.of("other", new double[] {1})));
    }

    @Test
    void invalidConfigurationsAreRejectedNamingTheValue() {
        IllegalArgumentException e1 = assertThrows(IllegalArgumentException.class,
                () -> new Smg.Config(Smg.BatchGrowth.LINEAR, 1, 1, 4, MinNormSolver.Method.EXACT_QP));
        assertTrue(e1.getMessage().contains("initialBatches") && e1.getMessage().contains("found 1"), e1.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> new Smg.Config(Smg.BatchGrowth.GEOMETRIC, 2, 1.0, 4, MinNormSolver.Method.EXACT_QP));
        assertTrue(e2.getMessage().contains("rate") && e2.getMessage().contains("1.0"), e2.getMessage());
        IllegalArgumentException e3 = assertThrows(IllegalArgumentException.class, () -> Smg.Config.linear(3, 1, 2));
        assertTrue(e3.getMessage().contains("maxBatches") && e3.getMessage().contains("found 2"), e3.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Smg.Config.linear(2, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> Smg.Config.defaults().create(0));
        Smg smg = (Smg) Smg.Config.defaults().create(2);
        assertThrows(IllegalArgumentException.class,
                () -> smg.aggregate(Rows.array(Rows.gaussian(3, 4, 1)), Rows.ones(2), Rows.step(1), Nd4j.create(DataType.DOUBLE, 4)));
        SmgPooled pooled = (SmgPooled) Smg.Config.linear(2, 1, 4).create(2);
        assertThrows(IllegalArgumentException.class, () -> pooled.aggregate(List.of(), List.of(), Rows.step(1),
                Nd4j.create(DataType.DOUBLE, 4)));
    }
}
