package org.mtl4j.core.metric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Accuracy, pixel accuracy and mIoU on hand-made examples (float32, as in evaluation). */
class ClassificationMetricsTest {

    private static double evaluate(Metric metric, INDArray output, INDArray labels, INDArray mask) {
        MetricAccumulator acc = metric.newAccumulator();
        acc.update(output, labels, mask);
        return acc.value();
    }

    /** Logits [B, C, H, W] whose argmax is {@code predicted[b][h][w]}. */
    private static INDArray logitsFor(int[][][] predicted, int classes) {
        int b = predicted.length;
        int h = predicted[0].length;
        int w = predicted[0][0].length;
        INDArray out = Nd4j.rand(DataType.FLOAT, b, classes, h, w); // noise in [0, 1)
        for (int i = 0; i < b; i++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out.putScalar(new long[]{i, predicted[i][y][x], y, x}, 3.0);
                }
            }
        }
        return out;
    }

    private static INDArray labels(int[][][] l) {
        int b = l.length;
        int h = l[0].length;
        int w = l[0][0].length;
        INDArray out = Nd4j.create(DataType.FLOAT, b, h, w);
        for (int i = 0; i < b; i++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out.putScalar(new long[]{i, y, x}, l[i][y][x]);
                }
            }
        }
        return out;
    }

    @Test
    void accuracyWithIndexAndOneHotLabels() {
        INDArray logits = Nd4j.createFromArray(new float[][]{{2, 1, 0}, {0, 0, 5}, {1, 3, 2}, {4, 0, 0}});
        INDArray idx = Nd4j.createFromArray(new int[]{0, 2, 0, 1}); // correct, correct, wrong, wrong
        assertEquals(0.5, evaluate(Accuracy.defaults(), logits, idx, null), 0.0);
        INDArray hot = Nd4j.createFromArray(new float[][]{{1, 0, 0}, {0, 0, 1}, {1, 0, 0}, {0, 1, 0}});
        assertEquals(0.5, evaluate(Accuracy.defaults(), logits, hot, null), 0.0);
        assertEquals(2.0 / 3, evaluate(Accuracy.withIgnoreIndex(1), logits, idx, null), 1e-12);
        assertEquals(1.0, evaluate(Accuracy.defaults(), logits, idx, Nd4j.createFromArray(new float[]{1, 1, 0, 0})), 0.0);
    }

    @Test
    void accuracyAccumulatesCountsNotBatchMeans() {
        MetricAccumulator acc = Accuracy.defaults().newAccumulator();
        // batch 1: 1 of 1 correct; batch 2: 1 of 3 correct -> 2/4, not mean(1, 1/3)
        acc.update(Nd4j.createFromArray(new float[][]{{1, 0}}), Nd4j.createFromArray(new int[]{0}), null);
        acc.update(Nd4j.createFromArray(new float[][]{{1, 0}, {1, 0}, {0, 1}}), Nd4j.createFromArray(new int[]{1, 1, 1}), null);
        assertEquals(0.5, acc.value(), 0.0);
    }

    @Test
    void emptyAccumulatorAndBadLabelsAreReported() {
        assertThrows(IllegalStateException.class, () -> Accuracy.defaults().newAccumulator().value());
        MetricAccumulator acc = Accuracy.withIgnoreIndex(-1).newAccumulator();
        acc.update(Nd4j.createFromArray(new float[][]{{1, 0}}), Nd4j.createFromArray(new int[]{-1}), null);
        assertThrows(IllegalStateException.class, acc::value);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> acc.update(
                Nd4j.createFromArray(new float[][]{{1, 0}, {0, 1}}), Nd4j.createFromArray(new int[]{0, 7}), null));
        assertTrue(e.getMessage().contains("7") && e.getMessage().contains("[0, 2)"), e.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> acc.update(
                Nd4j.createFromArray(new float[][]{{1, 0}, {0, 1}}), Nd4j.createFromArray(new int[]{0, 1, 1}), null));
        assertTrue(shape.getMessage().contains("[3]") && shape.getMessage().contains("[2, 2]"), shape.getMessage());
    }

    // Two 2×3 images, 3 classes, one void pixel (−1) in each image.
    private static final int[][][] LABELS = {
        {{0, 0, 1}, {2, -1, 1}},
        {{0, 1, 2}, {2, 0, -1}}};
    private static final int[][][] PREDICTED = {
        {{0, 1, 1}, {2, 2, 2}},
        {{0, 1, 0}, {2, 0, 1}}};
    // counted pixels (label, prediction):
    // image 0: (0,0) (0,1) (1,1) (2,2) (1,2)          image 1: (0,0) (1,1) (2,0) (2,2) (0,0)
    // confusion N[label][pred] = [[3, 1, 0], [0, 2, 1], [1, 0, 2]]
    // IoU_0 = 3 / (4 + 4 − 3) = 0.6, IoU_1 = 2 / (3 + 3 − 2) = 0.5, IoU_2 = 2 / (3 + 3 − 2) = 0.5
    private static final double HAND_MIOU = (0.6 + 0.5 + 0.5) / 3;

    @Test
    void meanIoUFromAConfusionMatrixComputedByHand() {
        assertEquals(HAND_MIOU, MeanIoU.meanIoU(new long[][]{{3, 1, 0}, {0, 2, 1}, {1, 0, 2}}), 1e-15);
        MeanIoUAccumulator acc = (MeanIoUAccumulator) MeanIoU.defaults().newAccumulator();
        acc.update(logitsFor(PREDICTED, 3), labels(LABELS), null);
        long[][] n = acc.confusion();
        assertArrayEquals(new long[]{3, 1, 0}, n[0]);
        assertArrayEquals(new long[]{0, 2, 1}, n[1]);
        assertArrayEquals(new long[]{1, 0, 2}, n[2]);
        assertEquals(HAND_MIOU, acc.value(), 1e-12);
        assertEquals(0.7, evaluate(PixelAccuracy.defaults(), logitsFor(PREDICTED, 3), labels(LABELS), null), 1e-7);
    }

    @Test
    void meanIoUOverSeveralBatchesEqualsOneBatchAndSkipsAbsentClasses() {
        INDArray logits = logitsFor(PREDICTED, 3);
        INDArray lab = labels(LABELS);
        MetricAccumulator acc = MeanIoU.defaults().newAccumulator();
        acc.update(logits.get(interval(0, 1)), lab.get(interval(0, 1)), null);
        acc.update(logits.get(interval(1, 2)), lab.get(interval(1, 2)), null);
        assertEquals(HAND_MIOU, acc.value(), 1e-12);
        // a 4th class that never occurs in labels or predictions does not change the mean
        INDArray wide = Nd4j.concat(1, logits, Nd4j.valueArrayOf(new long[]{2, 1, 2, 3}, -10f));
        assertEquals(HAND_MIOU, evaluate(MeanIoU.defaults(), wide, lab, null), 1e-12);
    }

    @Test
    void perImageAveragingReproducesTheOldMtanFormula() {
        // image 0 counted pairs: (0,0) (0,1) (1,1) (2,2) (1,2): N = [[1,1,0],[0,1,1],[0,0,1]]
        //   IoU_0 = 1/2, IoU_1 = 1/(2+2−1) = 1/3, IoU_2 = 1/(1+2−1) = 1/2 -> 4/9
        // image 1 pairs: (0,0) (1,1) (2,0) (2,2) (0,0): N = [[2,0,0],[0,1,0],[1,0,1]]
        //   IoU_0 = 2/(2+3−2) = 2/3, IoU_1 = 1, IoU_2 = 1/2 -> 13/18
        double expected = (4.0 / 9 + 13.0 / 18) / 2;
        assertEquals(expected, evaluate(new MeanIoU(-1, IouAveraging.PER_IMAGE), logitsFor(PREDICTED, 3), labels(LABELS), null),
                1e-12);
    }

    @Test
    void pixelAccuracyMatchesTraceOverTotalWithMasksAndLabelLayouts() {
        INDArray logits = logitsFor(PREDICTED, 3);
        INDArray lab = labels(LABELS);
        assertEquals(0.7, evaluate(PixelAccuracy.defaults(), logits, lab.reshape(2, 1, 2, 3), null), 1e-7);
        // masking image 1 leaves image 0: trace 3 of 5
        INDArray mask = Nd4j.createFromArray(new float[]{1, 0});
        assertEquals(0.6, evaluate(PixelAccuracy.defaults(), logits, lab, mask), 1e-7);
        assertEquals(4.0 / 9, evaluate(MeanIoU.defaults(), logits, lab, mask), 1e-12);
        // a pixel-level mask [B, H, W] dropping the wrong pixel (0, 0, 1)
        INDArray pixelMask = Nd4j.ones(DataType.FLOAT, 2, 2, 3);
        pixelMask.putScalar(new long[]{0, 0, 1}, 0);
        assertEquals(7.0 / 9, evaluate(PixelAccuracy.defaults(), logits, lab, pixelMask), 1e-7);
    }
}
