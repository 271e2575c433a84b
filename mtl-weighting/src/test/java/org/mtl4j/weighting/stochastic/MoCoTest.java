package org.mtl4j.weighting.stochastic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mtl4j.core.weighting.Aggregation;
import org.mtl4j.weighting.solver.MinNormSolver;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** MoCo: algorithms.md §13 oracles (λ on the simplex, Y at t = 1, convergence to MGDA), d = Yᵀλ. */
class MoCoTest {

    @Test
    void lambdaStaysOnTheSimplexForBothUpdates() {
        for (MoCo.LambdaUpdate mode : MoCo.LambdaUpdate.values()) {
            for (int m : new int[] {1, 2, 4, 7}) {
                MoCo moco = new MoCo.Config(0.5, 0.5, 0.8, 0.0, 0.1, true, mode).create(m);
                INDArray d = Nd4j.create(DataType.DOUBLE, 6);
                for (int t = 1; t <= 30; t++) {
                    double[][] j = Rows.gaussian(m, 6, 1000L * m + t);
                    double[] losses = new double[m];
                    for (int i = 0; i < m; i++) {
                        losses[i] = 0.1 + i + t % 3;
                    }
                    moco.aggregate(Rows.array(j), losses, Rows.step(t), d);
                    double[] lambda = moco.saveState().get(MoCo.LAMBDA);
                    Rows.assertSimplex(lambda, 1e-12, mode + " m=" + m + " t=" + t);
                    if (mode == MoCo.LambdaUpdate.SOFTMAX) {
                        for (double v : lambda) {
                            assertTrue(v > 0, "softmax keeps λ > 0");
                        }
                    }
                }
            }
        }
    }

    @Test
    void firstStepTracksHalfTheNormalisedLossScaledGradients() {
        double[][] j = {{3, 4, 0}, {0, 0, 2}};
        double[] losses = {2.0, 0.5};
        MoCo moco = MoCo.Config.defaults().create(2);
        INDArray d = Nd4j.create(DataType.DOUBLE, 3);
        Aggregation a = moco.aggregate(Rows.array(j), losses, Rows.step(1), d);
        assertNull(a.weights(), "d is a combination of Y, not of J: no weights reported");
        double[] y = moco.saveState().get(MoCo.TRACKING);
        double h0 = 2.0 / (5 + 1e-8);
        double h1 = 0.5 / (2 + 1e-8);
        double[] expectY = {0.5 * 3 * h0, 0.5 * 4 * h0, 0, 0, 0, 0.5 * 2 * h1};
        Rows.assertClose(expectY, y, 1e-14, "Y after t = 1");
        // λ step with the updated Y: u = λ − 0.1 (YYᵀ) λ, λ = softmax(u)
        double[][] yRows = {{expectY[0], expectY[1], expectY[2]}, {expectY[3], expectY[4], expectY[5]}};
        double[][] yy = Rows.gram(yRows, yRows);
        double u0 = 0.5 - 0.1 * (yy[0][0] * 0.5 + yy[0][1] * 0.5);
        double u1 = 0.5 - 0.1 * (yy[1][0] * 0.5 + yy[1][1] * 0.5);
        double l0 = 1 / (1 + Math.exp(u1 - u0));
        double[] lambda = moco.saveState().get(MoCo.LAMBDA);
        Rows.assertClose(new double[] {l0, 1 - l0}, lambda, 1e-14, "λ after t = 1");
        Rows.assertClose(Rows.combine(yRows, lambda), Rows.vector(d), 1e-14, "d = Yᵀλ");
    }

    @Test
    void projectedUpdateWithConstantInputsConvergesToTheMgdaWeights() {
        for (int m : new int[] {2, 3, 4}) {
            double[][] h = Rows.gaussian(m, 8, 77 + m);
            double[][] g = Rows.gram(h, h);
            MoCo moco = new MoCo.Config(1.0, 0.0, 1 / Rows.largestEigenvalue(g), 0.0, 0.0, false, MoCo.LambdaUpdate.PROJECTION)
                    .create(m);
            INDArray d = Nd4j.create(DataType.DOUBLE, 8);
            INDArray j = Rows.array(h);
            for (int t = 1; t <= 1500; t++) {
                moco.aggregate(j, Rows.ones(m), Rows.step(t), d);
            }
            double[] expected = MinNormSolver.defaults().solve(g).weights();
            Rows.assertClose(expected, moco.saveState().get(MoCo.LAMBDA), 1e-6, "m=" + m);
        }
    }

    @Test
    void singleTaskGivesTheTrackedGradient() {
        MoCo moco = MoCo.Config.defaults().create(1);
        INDArray d = Nd4j.create(DataType.DOUBLE, 2);
        moco.aggregate(Rows.array(new double[][] {{3, 4}}), new double[] {1}, Rows.step(1), d);
        assertArrayEquals(new double[] {1}, moco.saveState().get(MoCo.LAMBDA), 0);
        Rows.assertClose(new double[] {0.5 * 3 / (5 + 1e-8), 0.5 * 4 / (5 + 1e-8)}, Rows.vector(d), 1e-15, "d = Y");
    }

    @Test
    void stateRoundTripsAndBadStateIsRejected() {
        MoCo a = MoCo.Config.projected().create(3);
        INDArray d = Nd4j.create(DataType.FLOAT, 5);
        for (int t = 1; t <= 3; t++) {
            a.aggregate(Rows.array(Rows.gaussian(3, 5, t)).castTo(DataType.FLOAT), Rows.ones(3), Rows.step(t), d);
        }
        Map<String, double[]> saved = a.saveState();
        MoCo b = MoCo.Config.projected().create(3);
        b.loadState(saved);
        INDArray j = Rows.array(Rows.gaussian(3, 5, 9)).castTo(DataType.FLOAT);
        INDArray da = Nd4j.create(DataType.FLOAT, 5);
        INDArray db = Nd4j.create(DataType.FLOAT, 5);
        a.aggregate(j, Rows.ones(3), Rows.step(4), da);
        b.aggregate(j, Rows.ones(3), Rows.step(4), db);
        assertArrayEquals(Rows.vector(da), Rows.vector(db), 0.0);
        assertThrows(IllegalArgumentException.class, () -> b.loadState(Map.of("lambda", new double[] {1, 0})));
        MoCo c = MoCo.Config.projected().create(3);
        c.loadState(Map.of("tracking", new double[9]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.aggregate(j, Rows.ones(3), Rows.step(1), Nd4j.create(DataType.FLOAT, 5)));
        assertTrue(e.getMessage().contains("m·p"), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> new MoCo.Config(1.5, 0.5, 0.1, 0.5, 0, true, MoCo.LambdaUpdate.SOFTMAX));
        assertTrue(e2.getMessage().contains("beta") && e2.getMessage().contains("1.5"), e2.getMessage());
    }
}
