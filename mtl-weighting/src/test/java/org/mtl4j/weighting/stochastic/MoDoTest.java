package org.mtl4j.weighting.stochastic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mtl4j.core.weighting.Aggregation;
import org.mtl4j.weighting.solver.MinNormSolver;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** MoDo: algorithms.md §14 oracles (hand-computed step, λ ∈ Δ, convergence to MGDA with one Jacobian). */
class MoDoTest {

    @Test
    void oneStepFromUniformMatchesAHandComputation() {
        double[][] j1 = {{1, 0}, {0, 2}};
        double[][] j2 = {{1, 1}, {0, 1}};
        double[][] j3 = {{3, 0}, {0, 1}};
        MoDo modo = new MoDo.Config(0.1, 0.1).create(2);
        assertEquals(3, modo.batchesPerStep());
        INDArray d = Nd4j.create(DataType.DOUBLE, 2);
        Aggregation a = modo.aggregate(Rows.arrays(j1, j2, j3), Rows.losses(3, 2), Rows.step(1), d);
        // J²ᵀλ = (0.5, 1.0); J¹(J²ᵀλ) = (0.5, 2.0); u = λ − 0.1·(that + 0.1λ) = (0.445, 0.295)
        // projection: τ = (0.74 − 1)/2 = −0.13, λ = (0.575, 0.425); d = J³ᵀλ = (1.725, 0.425)
        Rows.assertClose(new double[] {0.575, 0.425}, a.weights(), 1e-14, "λ");
        Rows.assertClose(new double[] {1.725, 0.425}, Rows.vector(d), 1e-14, "d");
    }

    @Test
    void lambdaStaysOnTheSimplexWithIndependentNoisyBatches() {
        for (int m : new int[] {1, 2, 5}) {
            MoDo modo = new MoDo.Config(0.05, 0.1).create(m);
            INDArray d = Nd4j.create(DataType.DOUBLE, 6);
            for (int t = 1; t <= 40; t++) {
                Aggregation a = modo.aggregate(Rows.arrays(Rows.gaussian(m, 6, 3L * t), Rows.gaussian(m, 6, 3L * t + 1),
                        Rows.gaussian(m, 6, 3L * t + 2)), Rows.losses(3, m), Rows.step(t), d);
                Rows.assertSimplex(a.weights(), 1e-12, "m=" + m + " t=" + t);
            }
        }
    }

    @Test
    void deterministicBatchesConvergeToTheMgdaWeights() {
        for (int m : new int[] {2, 3, 4}) {
            double[][] j = Rows.gaussian(m, 8, 500 + m);
            double[][] g = Rows.gram(j, j);
            MoDo modo = new MoDo.Config(1 / Rows.largestEigenvalue(g), 0.0).create(m);
            INDArray d = Nd4j.create(DataType.DOUBLE, 8);
            double[] lambda = null;
            for (int t = 1; t <= 1500; t++) {
                lambda = modo.aggregate(Rows.arrays(j, j, j), Rows.losses(3, m), Rows.step(t), d).weights();
            }
            Rows.assertClose(MinNormSolver.defaults().solve(g).weights(), lambda, 1e-6, "m=" + m);
            Rows.assertClose(Rows.combine(j, lambda), Rows.vector(d), 1e-12, "d = J³ᵀλ");
        }
    }

    @Test
    void singleTaskAndBadInputs() {
        MoDo modo = MoDo.Config.defaults().create(1);
        INDArray d = Nd4j.create(DataType.DOUBLE, 2);
        double[][] g3 = {{2, -1}};
        Aggregation a = modo.aggregate(Rows.arrays(new double[][] {{1, 1}}, new double[][] {{5, 5}}, g3), Rows.losses(3, 1),
                Rows.step(1), d);
        Rows.assertClose(new double[] {1}, a.weights(), 0, "λ");
        Rows.assertClose(g3[0], Rows.vector(d), 0, "d = g³");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> modo.aggregate(
                Rows.arrays(new double[][] {{1, 1}}, new double[][] {{5, 5}}), Rows.losses(2, 1), Rows.step(1), d));
        assertTrue(e.getMessage().contains("3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MoDo.Config(0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new MoDo.Config(1e-3, -1));
    }
}
