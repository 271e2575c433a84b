package org.mtl4j.core.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

@ExtendWith(DoublePrecision.class)
class CosineNormalLossTest {

    private static final int B = 2;
    private static final int H = 3;
    private static final int W = 2;

    private static INDArray random(long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.DOUBLE, B, 3, H, W);
    }

    /** Unit ground-truth normals with two missing (all-zero) pixels. */
    private static INDArray groundTruth() {
        INDArray g = random(100);
        g.divi(g.norm2(true, 1));
        for (int c = 0; c < 3; c++) {
            g.putScalar(new long[]{0, c, 1, 1}, 0);
            g.putScalar(new long[]{1, c, 2, 0}, 0);
        }
        return g;
    }

    private static double reference(INDArray pred, INDArray gt, double[] pixelMask) {
        double sum = 0;
        int count = 0;
        int q = 0;
        for (int b = 0; b < B; b++) {
            for (int h = 0; h < H; h++) {
                for (int w = 0; w < W; w++, q++) {
                    double gs = 0;
                    double norm = 0;
                    double dot = 0;
                    for (int c = 0; c < 3; c++) {
                        double p = pred.getDouble(b, c, h, w);
                        double g = gt.getDouble(b, c, h, w);
                        gs += g;
                        norm += p * p;
                        dot += p * g;
                    }
                    if (gs == 0 || (pixelMask != null && pixelMask[q] == 0)) {
                        continue;
                    }
                    sum += dot / Math.sqrt(norm);
                    count++;
                }
            }
        }
        return 1 - sum / count;
    }

    @Test
    void valueIsOneMinusMeanCosineOverValidPixels() {
        INDArray pred = random(1);
        INDArray gt = groundTruth();
        assertEquals(reference(pred, gt, null), CosineNormalLoss.defaults().value(pred, gt, null), 1e-12);
        double[] mask = {1, 1, 0, 1, 1, 1, 1, 1, 1, 0, 1, 1};
        assertEquals(reference(pred, gt, mask),
                CosineNormalLoss.defaults().value(pred, gt, Nd4j.createFromArray(mask).reshape(B, H, W)), 1e-12);
        // a perfect prediction has loss 0, the opposite one loss 2
        assertEquals(0.0, CosineNormalLoss.defaults().value(gt.mul(3.0), gt, null), 1e-12);
        assertEquals(2.0, CosineNormalLoss.defaults().value(gt.mul(-0.5), gt, null), 1e-12);
    }

    @Test
    void gradientGoesThroughTheNormalisation() {
        INDArray pred = random(2);
        INDArray gt = groundTruth();
        FiniteDifferences.check(CosineNormalLoss.defaults(), pred, gt, null);
        FiniteDifferences.check(CosineNormalLoss.defaults(), pred, gt, Nd4j.createFromArray(new double[]{1, 0}));
        // scale invariance of the loss => the gradient is orthogonal to the prediction at every pixel
        INDArray grad = pred.ulike();
        CosineNormalLoss.defaults().compute(pred, gt, null, grad);
        INDArray radial = grad.mul(pred).sum(1);
        assertEquals(0.0, radial.amaxNumber().doubleValue(), 1e-14);
        assertTrue(grad.amaxNumber().doubleValue() > 1e-3);
        // missing pixels get no gradient
        for (int c = 0; c < 3; c++) {
            assertEquals(0.0, grad.getDouble(0, c, 1, 1), 0.0);
        }
    }

    @Test
    void rejectsBadConfigurationAndShapes() {
        assertThrows(IllegalArgumentException.class, () -> new CosineNormalLoss(0));
        assertThrows(IllegalArgumentException.class, () -> new CosineNormalLoss(Double.NaN));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CosineNormalLoss.defaults()
                .value(random(3), Nd4j.zeros(DataType.DOUBLE, B, 3, H, 3), null));
        assertTrue(e.getMessage().contains("[2, 3, 3, 2]") && e.getMessage().contains("[2, 3, 3, 3]"), e.getMessage());
    }
}
