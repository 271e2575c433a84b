package org.mtl4j.core.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

@ExtendWith(DoublePrecision.class)
class SoftmaxCrossEntropyTest {

    private static INDArray random(long seed, long... shape) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.DOUBLE, shape).muli(2.0);
    }

    /** Plain-Java reference: mean over non-ignored positions of −log softmax at the label. */
    private static double referenceIndexLoss(double[] logits, double[] labels, int b, int c, int positions, int ignore) {
        double sum = 0;
        int count = 0;
        for (int n = 0; n < b; n++) {
            for (int q = 0; q < positions; q++) {
                int label = (int) labels[n * positions + q];
                if (label == ignore) {
                    continue;
                }
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < c; k++) {
                    max = Math.max(max, logits[(n * c + k) * positions + q]);
                }
                double z = 0;
                for (int k = 0; k < c; k++) {
                    z += Math.exp(logits[(n * c + k) * positions + q] - max);
                }
                sum += -(logits[(n * c + label) * positions + q] - max - Math.log(z));
                count++;
            }
        }
        return sum / count;
    }

    @Test
    void imageLevelValueMatchesReferenceForFloatAndIntLabels() {
        INDArray logits = random(1, 5, 4);
        double[] lab = {0, 3, 1, 2, 3};
        double expected = referenceIndexLoss(logits.ravel().toDoubleVector(), lab, 5, 4, 1, Integer.MIN_VALUE);
        SoftmaxCrossEntropy ce = SoftmaxCrossEntropy.defaults();
        assertEquals(expected, ce.value(logits, Nd4j.createFromArray(lab), null), 1e-12);
        assertEquals(expected, ce.value(logits, Nd4j.createFromArray(new int[]{0, 3, 1, 2, 3}), null), 1e-12);
        assertEquals(expected, ce.value(logits, Nd4j.createFromArray(lab).reshape(5, 1), null), 1e-12);
    }

    @Test
    void oneHotLabelsGiveTheSameValueAndGradientAsIndices() {
        INDArray logits = random(2, 4, 3);
        INDArray idx = Nd4j.createFromArray(new double[]{2, 0, 1, 2});
        INDArray hot = Nd4j.zeros(DataType.DOUBLE, 4, 3);
        for (int i = 0; i < 4; i++) {
            hot.putScalar(i, idx.getInt(i), 1.0);
        }
        SoftmaxCrossEntropy ce = SoftmaxCrossEntropy.defaults();
        INDArray g1 = logits.ulike();
        INDArray g2 = logits.ulike();
        assertEquals(ce.compute(logits, idx, null, g1), ce.compute(logits, hot, null, g2), 1e-12);
        assertArrayEquals(g1.ravel().toDoubleVector(), g2.ravel().toDoubleVector(), 1e-12);
        // closed form (softmax − onehot) / B
        INDArray p = org.nd4j.linalg.ops.transforms.Transforms.softmax(logits, true);
        assertArrayEquals(p.sub(hot).div(4).ravel().toDoubleVector(), g1.ravel().toDoubleVector(), 1e-12);
    }

    @Test
    void gradientMatchesFiniteDifferencesImageLevel() {
        FiniteDifferences.check(SoftmaxCrossEntropy.defaults(), random(3, 4, 5),
                Nd4j.createFromArray(new double[]{4, 0, 2, 2}), null);
    }

    @Test
    void gradientMatchesFiniteDifferencesForSoftLabels() {
        INDArray soft = Nd4j.createFromArray(new double[][]{{0.2, 0.5, 0.3}, {0, 0, 1}, {0.7, 0.1, 0.2}});
        FiniteDifferences.check(SoftmaxCrossEntropy.defaults(), random(4, 3, 3), soft, null);
        INDArray logits = random(4, 3, 3);
        double expected = 0;
        double[] z = logits.ravel().toDoubleVector();
        double[] y = soft.ravel().toDoubleVector();
        for (int n = 0; n < 3; n++) {
            double lse = Math.log(Math.exp(z[3 * n]) + Math.exp(z[3 * n + 1]) + Math.exp(z[3 * n + 2]));
            for (int c = 0; c < 3; c++) {
                expected -= y[3 * n + c] * (z[3 * n + c] - lse) / 3;
            }
        }
        assertEquals(expected, SoftmaxCrossEntropy.defaults().value(logits, soft, null), 1e-12);
    }

    private static INDArray pixelLabels() {
        // [2, 3, 3] with some −1 (void) pixels
        return Nd4j.createFromArray(new double[]{
                0, 1, 2, -1, 3, 3, 1, -1, 0,
                2, 2, -1, 0, 1, 3, 3, 0, 1}).reshape(2, 3, 3);
    }

    @Test
    void pixelWiseValueExcludesIgnoredPixels() {
        INDArray logits = random(5, 2, 4, 3, 3);
        INDArray labels = pixelLabels();
        double expected = referenceIndexLoss(logits.ravel().toDoubleVector(), labels.ravel().toDoubleVector(),
                2, 4, 9, -1);
        SoftmaxCrossEntropy ce = SoftmaxCrossEntropy.withIgnoreIndex(-1);
        assertEquals(expected, ce.value(logits, labels, null), 1e-12);
        assertEquals(expected, ce.value(logits, labels.reshape(2, 1, 3, 3), null), 1e-12);
        assertEquals(expected, ce.value(logits, labels.castTo(DataType.INT), null), 1e-12);
    }

    @Test
    void pixelWiseGradientMatchesFiniteDifferencesAndIsZeroOnIgnoredPixels() {
        INDArray logits = random(6, 2, 4, 3, 3);
        INDArray labels = pixelLabels();
        SoftmaxCrossEntropy ce = SoftmaxCrossEntropy.withIgnoreIndex(-1);
        FiniteDifferences.check(ce, logits, labels, null);
        INDArray g = logits.ulike();
        ce.compute(logits, labels, null, g);
        // pixel (0, 1, 0) and (1, 0, 2) are void: zero gradient over all classes
        for (int c = 0; c < 4; c++) {
            assertEquals(0.0, g.getDouble(0, c, 1, 0), 0.0);
            assertEquals(0.0, g.getDouble(1, c, 0, 2), 0.0);
        }
        // per counted pixel the gradient sums to 0 over classes (softmax − onehot) and the total mass is 1/count
        assertEquals(0.0, g.sumNumber().doubleValue(), 1e-12);
    }

    @Test
    void changingLogitsOfIgnoredPixelsDoesNotChangeTheLoss() {
        INDArray logits = random(7, 2, 4, 3, 3);
        SoftmaxCrossEntropy ce = SoftmaxCrossEntropy.withIgnoreIndex(-1);
        double before = ce.value(logits, pixelLabels(), null);
        logits.putScalar(new long[]{0, 2, 1, 0}, 50.0);
        assertEquals(before, ce.value(logits, pixelLabels(), null), 1e-12);
        logits.putScalar(new long[]{0, 2, 0, 0}, 50.0); // a counted pixel
        assertTrue(Math.abs(before - ce.value(logits, pixelLabels(), null)) > 1e-3);
    }

    @Test
    void ignoreIndexInsideTheClassRangeAndMaskExcludePositions() {
        INDArray logits = random(8, 4, 3);
        double[] lab = {0, 1, 2, 1};
        SoftmaxCrossEntropy ignoreOne = SoftmaxCrossEntropy.withIgnoreIndex(1);
        double expected = referenceIndexLoss(logits.ravel().toDoubleVector(), lab, 4, 3, 1, 1);
        assertEquals(expected, ignoreOne.value(logits, Nd4j.createFromArray(lab), null), 1e-12);
        INDArray mask = Nd4j.createFromArray(new double[]{1, 0, 1, 0});
        assertEquals(expected, SoftmaxCrossEntropy.defaults().value(logits, Nd4j.createFromArray(lab), mask), 1e-12);
        FiniteDifferences.check(SoftmaxCrossEntropy.defaults(), logits, Nd4j.createFromArray(lab), mask);
    }

    @Test
    void everythingIgnoredGivesZeroLossAndZeroGradient() {
        INDArray logits = random(9, 2, 3, 2, 2);
        INDArray labels = Nd4j.valueArrayOf(new long[]{2, 2, 2}, -1.0);
        INDArray g = Nd4j.ones(DataType.DOUBLE, 2, 3, 2, 2);
        assertEquals(0.0, SoftmaxCrossEntropy.withIgnoreIndex(-1).compute(logits, labels, null, g), 0.0);
        assertEquals(0.0, g.amaxNumber().doubleValue(), 0.0);
    }

    @Test
    void largeLogitsStayFiniteInFloat() {
        INDArray logits = Nd4j.createFromArray(new float[][]{{1e4f, -1e4f, 0f}, {-1e4f, 1e4f, 1e4f}});
        INDArray labels = Nd4j.createFromArray(new float[]{1, 0});
        INDArray g = logits.ulike();
        double loss = SoftmaxCrossEntropy.defaults().compute(logits, labels, null, g);
        // row 0: −log p_1 = 2e4; row 1: −log p_0 = 2e4 + log 2
        assertEquals((2e4 + 2e4 + Math.log(2)) / 2, loss, 1e-2);
        assertTrue(Double.isFinite(g.sumNumber().doubleValue()) && g.amaxNumber().doubleValue() <= 0.5 + 1e-6);
        assertEquals(-0.5, g.getDouble(0, 1), 1e-6);
        assertEquals(0.25, g.getDouble(1, 1), 1e-6);
    }

    @Test
    void badLabelsAndShapesAreRejectedWithTheValues() {
        INDArray logits = random(10, 3, 4);
        SoftmaxCrossEntropy ce = SoftmaxCrossEntropy.withIgnoreIndex(-1);
        IllegalArgumentException outOfRange = assertThrows(IllegalArgumentException.class,
                () -> ce.value(logits, Nd4j.createFromArray(new double[]{0, 4, 1}), null));
        assertTrue(outOfRange.getMessage().contains("4.0") && outOfRange.getMessage().contains("[0, 4)"),
                outOfRange.getMessage());
        IllegalArgumentException fractional = assertThrows(IllegalArgumentException.class,
                () -> ce.value(logits, Nd4j.createFromArray(new double[]{0, 1.5, 1}), null));
        assertTrue(fractional.getMessage().contains("1.5"), fractional.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> ce.value(logits, Nd4j.zeros(DataType.DOUBLE, 3, 5), null));
        assertTrue(shape.getMessage().contains("[3, 5]") && shape.getMessage().contains("[3, 4]"), shape.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ce.compute(logits, Nd4j.createFromArray(new double[]{0, 1, 1}), null, Nd4j.zeros(DataType.DOUBLE, 4, 3)));
        assertThrows(IllegalArgumentException.class,
                () -> ce.value(logits, Nd4j.createFromArray(new double[]{0, 1, 1}), Nd4j.createFromArray(new double[]{1, 0.5, 1})));
        assertThrows(IllegalArgumentException.class,
                () -> ce.value(logits, Nd4j.createFromArray(new double[]{0, 1, 1}), Nd4j.ones(DataType.DOUBLE, 2)));
        assertThrows(IllegalArgumentException.class, () -> SoftmaxCrossEntropy.withIgnoreIndex(Integer.MIN_VALUE));
    }

    @Test
    void imageLevelAndPositionWisePathsAgree() {
        // [B, C] runs on bulk copies, [B, C, 1] on ND4J ops: same formulas, same numbers
        INDArray big = random(11, 9, 5);
        INDArray logits = big.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 8)); // a view: rows 2..7
        INDArray idx = Nd4j.createFromArray(new int[]{4, -1, 0, 2, 2, 1});
        INDArray soft = random(12, 6, 5);
        soft = org.nd4j.linalg.ops.transforms.Transforms.softmax(soft, false);
        INDArray mask = Nd4j.createFromArray(new double[]{1, 1, 0, 1, 1, 1});
        SoftmaxCrossEntropy ce = SoftmaxCrossEntropy.withIgnoreIndex(-1);
        for (INDArray labels : new INDArray[]{idx, soft}) {
            for (INDArray m : new INDArray[]{null, mask}) {
                INDArray g2 = logits.ulike();
                INDArray g3 = Nd4j.zeros(DataType.DOUBLE, 6, 5, 1);
                INDArray labels3 = labels.rank() == 2 ? labels.reshape(6, 5, 1) : labels.reshape(6, 1);
                double v2 = ce.compute(logits, labels, m, g2);
                double v3 = ce.compute(logits.reshape(6, 5, 1), labels3, m, g3);
                assertEquals(v3, v2, 1e-12);
                assertArrayEquals(g3.ravel().toDoubleVector(), g2.ravel().toDoubleVector(), 1e-12);
            }
        }
        FiniteDifferences.check(ce, logits.reshape(6, 5, 1).dup(), soft.reshape(6, 5, 1), null);
    }

    @Test
    void largeLogitsStayFiniteInFloatPixelWise() {
        INDArray logits = Nd4j.createFromArray(new float[][]{{1e4f, -1e4f, 0f}, {-1e4f, 1e4f, 1e4f}}).reshape(2, 3, 1, 1);
        INDArray labels = Nd4j.createFromArray(new float[]{1, 0}).reshape(2, 1, 1);
        INDArray g = logits.ulike();
        double loss = SoftmaxCrossEntropy.defaults().compute(logits, labels, null, g);
        assertEquals((2e4 + 2e4 + Math.log(2)) / 2, loss, 1e-2);
        assertEquals(-0.5, g.getDouble(0, 1, 0, 0), 1e-6);
        assertEquals(0.25, g.getDouble(1, 1, 0, 0), 1e-6);
        assertTrue(Double.isFinite(g.sumNumber().doubleValue()));
    }

    @Test
    void aColumnBlockOfAHostMatrixGivesExactlyTheLossAndGradientOfTheStandaloneOutput() {
        int b = 7;
        int stride = 9;
        int offset = 3;
        int c = 4;
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        float[] host = new float[b * stride];
        for (int k = 0; k < host.length; k++) {
            host[k] = (float) (r.nextDouble() * 40 - 20);
        }
        float[] labels = {0, 3, -1, 2, 1, -1, 3};
        INDArray block = Nd4j.create(DataType.FLOAT, b, c);
        for (int n = 0; n < b; n++) {
            for (int k = 0; k < c; k++) {
                block.putScalar(n, k, host[n * stride + offset + k]);
            }
        }
        SoftmaxCrossEntropy ce = SoftmaxCrossEntropy.withIgnoreIndex(-1);
        INDArray grad = Nd4j.create(DataType.FLOAT, b, c);
        double expected = ce.compute(block, Nd4j.createFromArray(labels), null, grad);
        float[] gradHost = new float[b * stride];
        java.util.Arrays.fill(gradHost, 99f);
        double loss = ce.computeRowBlock(host, stride, offset, c, b, labels, 1, gradHost);
        assertEquals(expected, loss, 0.0, "same double arithmetic on the same float logits");
        for (int n = 0; n < b; n++) {
            for (int k = 0; k < stride; k++) {
                float v = gradHost[n * stride + k];
                if (k < offset || k >= offset + c) {
                    assertEquals(99f, v, 0f, "columns outside the block are untouched");
                } else {
                    // the block keeps exp(x - max) as a float between its two passes: float rounding
                    assertEquals(grad.getFloat(n, k - offset), v, 2e-7f, "gradient (" + n + ", " + k + ")");
                }
            }
        }
        float[] bad = {0, 4, 0, 0, 0, 0, 0};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ce.computeRowBlock(host, stride, offset, c, b, bad, 1, gradHost));
        assertTrue(e.getMessage().contains("found 4.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ce.computeRowBlock(host, stride, 7, c, b, labels, 1, gradHost));
        IllegalArgumentException aliased = assertThrows(IllegalArgumentException.class,
                () -> ce.computeRowBlock(host, stride, offset, c, b, labels, 1, host));
        assertTrue(aliased.getMessage().contains("gradOut must be another array than logits"), aliased.getMessage());
    }
}
