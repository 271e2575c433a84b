package org.mtl4j.core.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** MAE/MSE, depth errors and normal angle statistics on hand-made examples. */
class RegressionMetricsTest {

    private static double evaluate(Metric metric, List<INDArray[]> batches) {
        MetricAccumulator acc = metric.newAccumulator();
        for (INDArray[] b : batches) {
            acc.update(b[0], b[1], b.length > 2 ? b[2] : null);
        }
        return acc.value();
    }

    @Test
    void maeWithScaleAndMseWithMask() {
        INDArray pred = Nd4j.createFromArray(new float[][]{{1}, {2}, {4}});
        INDArray gt = Nd4j.createFromArray(new float[][]{{1.5f}, {0}, {4}});
        assertEquals(1000 * 2.5 / 3, evaluate(new MeanAbsoluteError(1000), List.<INDArray[]>of(new INDArray[]{pred, gt})), 1e-3);
        assertEquals((0.25 + 4) / 3, evaluate(MeanSquaredErrorMetric.defaults(), List.<INDArray[]>of(new INDArray[]{pred, gt})), 1e-6);
        INDArray mask = Nd4j.createFromArray(new float[]{1, 0, 1});
        assertEquals(0.25 / 2, evaluate(MeanSquaredErrorMetric.defaults(), List.<INDArray[]>of(new INDArray[]{pred, gt, mask})), 1e-7);
        assertThrows(IllegalArgumentException.class, () -> new MeanAbsoluteError(0));
        assertThrows(IllegalArgumentException.class, () -> new MeanAbsoluteError(Double.POSITIVE_INFINITY));
    }

    // depth: batch 1 gt [1, 2, 0, 4], pred [1.5, 1, 3, 4] -> |err| 0.5, 1, (missing), 0; rel 0.5, 0.5, 0
    //        batch 2 gt [2, 0],       pred [3, 9]         -> |err| 1, (missing);         rel 0.5
    private static List<INDArray[]> depthBatches() {
        return List.of(
                new INDArray[]{Nd4j.createFromArray(new float[]{1.5f, 1, 3, 4}).reshape(1, 1, 1, 4),
                    Nd4j.createFromArray(new float[]{1, 2, 0, 4}).reshape(1, 1, 1, 4)},
                new INDArray[]{Nd4j.createFromArray(new float[]{3, 9}).reshape(1, 1, 1, 2),
                    Nd4j.createFromArray(new float[]{2, 0}).reshape(1, 1, 1, 2)});
    }

    @Test
    void depthErrorsOverValidPixelsPooledOrPerBatch() {
        assertEquals(2.5 / 4, evaluate(DepthAbsoluteError.defaults(), depthBatches()), 1e-7);
        assertEquals(1.5 / 4, evaluate(DepthRelativeError.defaults(), depthBatches()), 1e-7);
        assertEquals((1.5 / 3 + 1) / 2, evaluate(new DepthAbsoluteError(Pooling.BATCH_MEAN), depthBatches()), 1e-7);
        assertEquals((1.0 / 3 + 0.5) / 2, evaluate(new DepthRelativeError(Pooling.BATCH_MEAN), depthBatches()), 1e-7);
        assertEquals(Direction.LOWER_IS_BETTER, DepthRelativeError.defaults().direction());
    }

    /**
     * Normals: ground truth (0, 0, 1); predictions at polar angle θ (degrees) and a varying length,
     * so the metric must normalise them. Batch 1: θ = 5, 10, 20 and one pixel with missing ground
     * truth; batch 2: θ = 25, 40, 80, 85.
     */
    private static INDArray[] normalBatch(double[] thetas, boolean withMissing) {
        int w = thetas.length + (withMissing ? 1 : 0);
        INDArray pred = Nd4j.create(DataType.FLOAT, 1, 3, 1, w);
        INDArray gt = Nd4j.create(DataType.FLOAT, 1, 3, 1, w);
        for (int i = 0; i < thetas.length; i++) {
            double t = Math.toRadians(thetas[i]);
            double phi = 0.7 * i;
            double len = 0.5 + i;
            pred.putScalar(new long[]{0, 0, 0, i}, len * Math.sin(t) * Math.cos(phi));
            pred.putScalar(new long[]{0, 1, 0, i}, len * Math.sin(t) * Math.sin(phi));
            pred.putScalar(new long[]{0, 2, 0, i}, len * Math.cos(t));
            gt.putScalar(new long[]{0, 2, 0, i}, 1);
        }
        if (withMissing) {
            pred.putScalar(new long[]{0, 0, 0, w - 1}, 1); // 90° from anything along z, but ground truth missing
        }
        return new INDArray[]{pred, gt};
    }

    private static List<INDArray[]> normalBatches() {
        return List.of(normalBatch(new double[]{5, 10, 20}, true), normalBatch(new double[]{25, 40, 80, 85}, false));
    }

    @Test
    void normalAngleStatisticsPooledOverTheSet() {
        // all valid angles: 5 10 20 25 40 80 85
        assertEquals(265.0 / 7, evaluate(NormalAngleMean.defaults(), normalBatches()), 1e-3);
        assertEquals(25.0, evaluate(NormalAngleMedian.defaults(), normalBatches()), 1e-3);
        assertEquals(2.0 / 7, evaluate(NormalAngleWithin.of(11.25), normalBatches()), 1e-7);
        assertEquals(3.0 / 7, evaluate(NormalAngleWithin.of(22.5), normalBatches()), 1e-7);
        assertEquals(4.0 / 7, evaluate(NormalAngleWithin.of(30), normalBatches()), 1e-7);
        // an even count: the median is the mean of the two middle values (numpy)
        List<INDArray[]> even = List.<INDArray[]>of(normalBatch(new double[]{5, 10, 20, 40}, true));
        assertEquals(15.0, evaluate(NormalAngleMedian.defaults(), even), 1e-3);
    }

    @Test
    void normalAngleStatisticsAveragedPerBatch() {
        assertEquals((10 + (40 + 80) / 2.0) / 2, evaluate(new NormalAngleMedian(Pooling.BATCH_MEAN), normalBatches()), 1e-3);
        assertEquals((35.0 / 3 + 230.0 / 4) / 2, evaluate(new NormalAngleMean(Pooling.BATCH_MEAN), normalBatches()), 1e-3);
        assertEquals((2.0 / 3 + 0) / 2, evaluate(new NormalAngleWithin(11.25, Pooling.BATCH_MEAN), normalBatches()), 1e-7);
    }

    @Test
    void normalMetricNamesDirectionsAndValidation() {
        NormalAngleWithin[] t = NormalAngleWithin.nyuThresholds(Pooling.SET);
        assertEquals("within-11.25", t[0].name());
        assertEquals("within-22.5", t[1].name());
        assertEquals("within-30", t[2].name());
        assertEquals(Direction.HIGHER_IS_BETTER, t[0].direction());
        assertEquals(Direction.LOWER_IS_BETTER, NormalAngleMedian.defaults().direction());
        assertThrows(IllegalArgumentException.class, () -> NormalAngleWithin.of(0));
        assertThrows(IllegalArgumentException.class, () -> NormalAngleWithin.of(181));
        assertThrows(IllegalArgumentException.class, () -> new NormalAngleMean(null));
        assertThrows(IllegalStateException.class, () -> NormalAngleMedian.defaults().newAccumulator().value());
    }

    @Test
    void severalBatchesGiveTheSameValueAsOneBigBatch() {
        Nd4j.getRandom().setSeed(42);
        int b = 6;
        INDArray seg = Nd4j.randn(DataType.FLOAT, b, 4, 5, 6);
        INDArray segLabels = Nd4j.rand(DataType.FLOAT, b, 5, 6).muli(5).subi(1); // [-1, 4)
        segLabels = org.nd4j.linalg.ops.transforms.Transforms.floor(segLabels, false);
        INDArray depth = Nd4j.rand(DataType.FLOAT, b, 1, 5, 6);
        INDArray depthLabels = Nd4j.rand(DataType.FLOAT, b, 1, 5, 6);
        depthLabels.muli(depthLabels.gt(0.2).castTo(DataType.FLOAT)); // about 20 % missing
        INDArray normals = Nd4j.randn(DataType.FLOAT, b, 3, 5, 6);
        INDArray normalLabels = Nd4j.randn(DataType.FLOAT, b, 3, 5, 6);
        normalLabels.divi(normalLabels.norm2(true, 1));
        normalLabels.muli(Nd4j.rand(DataType.FLOAT, b, 1, 5, 6).gt(0.1).castTo(DataType.FLOAT));
        Object[][] cases = {
            {MeanIoU.defaults(), seg, segLabels},
            {PixelAccuracy.defaults(), seg, segLabels},
            {DepthAbsoluteError.defaults(), depth, depthLabels},
            {DepthRelativeError.defaults(), depth, depthLabels},
            {MeanAbsoluteError.defaults(), depth, depthLabels},
            {MeanSquaredErrorMetric.defaults(), depth, depthLabels},
            {NormalAngleMean.defaults(), normals, normalLabels},
            {NormalAngleMedian.defaults(), normals, normalLabels},
            {NormalAngleWithin.of(22.5), normals, normalLabels},
        };
        for (Object[] c : cases) {
            Metric metric = (Metric) c[0];
            INDArray out = (INDArray) c[1];
            INDArray lab = (INDArray) c[2];
            double whole = evaluate(metric, List.<INDArray[]>of(new INDArray[]{out, lab}));
            double split = evaluate(metric, List.of(
                    new INDArray[]{out.get(interval(0, 1)), lab.get(interval(0, 1))},
                    new INDArray[]{out.get(interval(1, 3)), lab.get(interval(1, 3))},
                    new INDArray[]{out.get(interval(3, 6)), lab.get(interval(3, 6))}));
            assertEquals(whole, split, 1e-5 * Math.max(1, Math.abs(whole)), metric.name());
        }
    }
}
