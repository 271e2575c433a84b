package org.mtl4j.core.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** BCE with logits, MSE and L1 (masked depth). */
@ExtendWith(DoublePrecision.class)
class ElementwiseLossesTest {

    private static INDArray random(long seed, long... shape) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.DOUBLE, shape).muli(2.0);
    }

    private static INDArray uniform(long seed, long... shape) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.DOUBLE, shape);
    }

    // ---------------- binary cross-entropy ----------------

    private static double referenceBce(double[] x, double[] y, double[] w) {
        double sum = 0;
        double count = 0;
        for (int i = 0; i < x.length; i++) {
            double wi = w == null ? 1 : w[i];
            double s = 1 / (1 + Math.exp(-x[i]));
            sum += wi * -(y[i] * Math.log(s) + (1 - y[i]) * Math.log(1 - s));
            count += wi;
        }
        return sum / count;
    }

    @Test
    void bceValueMatchesTheProbabilityForm() {
        INDArray x = random(1, 4, 3);
        INDArray y = uniform(2, 4, 3);
        assertEquals(referenceBce(x.ravel().toDoubleVector(), y.ravel().toDoubleVector(), null),
                BinaryCrossEntropy.defaults().value(x, y, null), 1e-12);
        INDArray mask = Nd4j.createFromArray(new double[][]{{1, 0, 1}, {1, 1, 1}, {0, 0, 0}, {1, 0, 1}});
        assertEquals(referenceBce(x.ravel().toDoubleVector(), y.ravel().toDoubleVector(), mask.ravel().toDoubleVector()),
                BinaryCrossEntropy.defaults().value(x, y, mask), 1e-12);
    }

    @Test
    void bceGradientMatchesFiniteDifferences() {
        INDArray y = uniform(4, 3, 5).gt(0.5).castTo(DataType.DOUBLE);
        FiniteDifferences.check(BinaryCrossEntropy.defaults(), random(3, 3, 5), y, null);
        FiniteDifferences.check(BinaryCrossEntropy.defaults(), random(3, 3, 5), uniform(5, 3, 5),
                Nd4j.createFromArray(new double[]{1, 0, 1}));
    }

    @Test
    void bceIsFiniteAndExactForHugeLogits() {
        INDArray x = Nd4j.createFromArray(new float[]{1e4f, -1e4f, 1e4f, -1e4f});
        INDArray y = Nd4j.createFromArray(new float[]{1, 0, 0, 1});
        INDArray g = x.ulike();
        double loss = BinaryCrossEntropy.defaults().compute(x, y, null, g);
        assertEquals((0 + 0 + 1e4 + 1e4) / 4, loss, 1e-3);
        assertEquals(0.25, g.getDouble(2), 1e-7);
        assertEquals(-0.25, g.getDouble(3), 1e-7);
        assertEquals(0.0, g.getDouble(0), 1e-7);
    }

    @Test
    void bceRejectsLabelsOutsideTheUnitInterval() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BinaryCrossEntropy.defaults()
                .value(Nd4j.zeros(DataType.DOUBLE, 2), Nd4j.createFromArray(new double[]{0, 2}), null));
        assertTrue(e.getMessage().contains("2.0"), e.getMessage());
    }

    // ---------------- mean squared error ----------------

    @Test
    void mseValueAndGradient() {
        INDArray x = random(6, 4, 2);
        INDArray y = random(7, 4, 2);
        double[] a = x.ravel().toDoubleVector();
        double[] b = y.ravel().toDoubleVector();
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }
        assertEquals(sum / a.length, MeanSquaredError.defaults().value(x, y, null), 1e-12);
        FiniteDifferences.check(MeanSquaredError.defaults(), x, y, null);
        // per-example mask [B]: examples 1 and 3 dropped
        INDArray mask = Nd4j.createFromArray(new double[]{1, 0, 1, 0});
        double masked = 0;
        for (int i : new int[]{0, 1, 4, 5}) {
            masked += (a[i] - b[i]) * (a[i] - b[i]);
        }
        assertEquals(masked / 4, MeanSquaredError.defaults().value(x, y, mask), 1e-12);
        FiniteDifferences.check(MeanSquaredError.defaults(), x, y, mask);
        assertEquals(masked / 4, MeanSquaredError.defaults().value(x, y, mask.reshape(4, 1)), 1e-12);
    }

    @Test
    void mseRejectsMismatchedShapesNamingBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MeanSquaredError.defaults()
                .value(Nd4j.zeros(DataType.DOUBLE, 4, 1), Nd4j.zeros(DataType.DOUBLE, 4), null));
        assertTrue(e.getMessage().contains("[4, 1]") && e.getMessage().contains("[4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MeanSquaredError.defaults()
                .value(Nd4j.zeros(DataType.DOUBLE, 4, 2), Nd4j.zeros(DataType.DOUBLE, 4, 2), Nd4j.ones(DataType.DOUBLE, 3)));
    }

    // ---------------- L1 / depth ----------------

    private static INDArray depthLabels() {
        INDArray d = uniform(8, 2, 1, 3, 4).addi(0.5);
        d.putScalar(new long[]{0, 0, 0, 0}, 0);
        d.putScalar(new long[]{0, 0, 2, 3}, 0);
        d.putScalar(new long[]{1, 0, 1, 1}, 0);
        return d;
    }

    @Test
    void depthL1ExcludesZeroLabels() {
        INDArray pred = random(9, 2, 1, 3, 4);
        INDArray gt = depthLabels();
        double[] p = pred.ravel().toDoubleVector();
        double[] g = gt.ravel().toDoubleVector();
        double sum = 0;
        int count = 0;
        for (int i = 0; i < p.length; i++) {
            if (g[i] != 0) {
                sum += Math.abs(p[i] - g[i]);
                count++;
            }
        }
        assertEquals(21, count);
        assertEquals(sum / count, L1Loss.depth().value(pred, gt, null), 1e-12);
        double all = 0;
        for (int i = 0; i < p.length; i++) {
            all += Math.abs(p[i] - g[i]);
        }
        assertEquals(all / p.length, L1Loss.defaults().value(pred, gt, null), 1e-12);
        FiniteDifferences.check(L1Loss.depth(), pred, gt, null);
        INDArray grad = pred.ulike();
        L1Loss.depth().compute(pred, gt, null, grad);
        assertEquals(0.0, grad.getDouble(0, 0, 0, 0), 0.0);
        assertEquals(0.0, grad.getDouble(1, 0, 1, 1), 0.0);
        assertEquals(1.0 / 21, Math.abs(grad.getDouble(1, 0, 2, 2)), 1e-15);
    }

    @Test
    void depthL1CombinesTheExplicitMaskWithTheLabelMask() {
        INDArray pred = random(10, 2, 1, 3, 4);
        INDArray gt = depthLabels();
        INDArray perExample = Nd4j.createFromArray(new double[]{0, 1});
        double[] p = pred.ravel().toDoubleVector();
        double[] g = gt.ravel().toDoubleVector();
        double sum = 0;
        int count = 0;
        for (int i = 12; i < 24; i++) {
            if (g[i] != 0) {
                sum += Math.abs(p[i] - g[i]);
                count++;
            }
        }
        assertEquals(sum / count, L1Loss.depth().value(pred, gt, perExample), 1e-12);
        FiniteDifferences.check(L1Loss.depth(), pred, gt, perExample);
    }

    @Test
    void nothingValidGivesZero() {
        INDArray g = Nd4j.ones(DataType.DOUBLE, 1, 1, 2, 2);
        assertEquals(0.0, L1Loss.depth().compute(Nd4j.ones(DataType.DOUBLE, 1, 1, 2, 2),
                Nd4j.zeros(DataType.DOUBLE, 1, 1, 2, 2), null, g), 0.0);
        assertEquals(0.0, g.amaxNumber().doubleValue(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> new L1Loss(null));
    }
}
