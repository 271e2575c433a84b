package org.mtl4j.core.grad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mtl4j.core.data.MtlBatch;
import org.mtl4j.core.model.HpsModel;
import org.mtl4j.core.support.TestFixtures;
import org.mtl4j.core.weighting.Aggregation;
import org.mtl4j.core.weighting.HeadPolicy;
import org.mtl4j.core.weighting.JacobianAggregator;
import org.mtl4j.core.weighting.MultiBatchAggregator;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.WeightingConfig;
import org.mtl4j.core.weighting.WeightingStrategy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link GradientEngine#computeMultiBatch}: per-batch Jacobians equal the single-batch engine's,
 * heads get the mean over the batches (times w when WEIGHTED), losses are the batch means.
 */
class GradientEngineMultiBatchTest {
    private static DataType prevDefault;

    @BeforeAll
    static void doublePrecision() {
        prevDefault = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restore() {
        Nd4j.setDefaultDataTypes(prevDefault, prevDefault);
    }

    static StepInfo info() {
        return new StepInfo(1, 0, new SplittableRandom(1), List.of());
    }

    /** Records its inputs and returns {@code d = Σ_b (J^b)ᵀ w / k} with fixed weights w. */
    static final class RecordingMultiBatch implements MultiBatchAggregator, WeightingConfig {
        final int m;
        final int k;
        final double[] w;
        final List<INDArray> seen = new ArrayList<>();
        final List<double[]> seenLosses = new ArrayList<>();

        RecordingMultiBatch(int m, int k, double[] w) {
            this.m = m;
            this.k = k;
            this.w = w;
        }

        @Override
        public int batchesPerStep() {
            return k;
        }

        @Override
        public Aggregation aggregate(List<INDArray> jacobians, List<double[]> losses, StepInfo step, INDArray direction) {
            seen.clear();
            seenLosses.clear();
            direction.assign(0);
            INDArray wRow = Nd4j.create(w).reshape(1, m).castTo(jacobians.get(0).dataType());
            for (INDArray j : jacobians) {
                seen.add(j.dup());
                direction.addi(wRow.mmul(j).reshape(direction.shape()).div(jacobians.size()));
            }
            for (double[] l : losses) {
                seenLosses.add(l.clone());
            }
            return Aggregation.of(w);
        }

        @Override
        public WeightingStrategy create(int numTasks) {
            return this;
        }

        @Override
        public WeightingConfig config() {
            return this;
        }

        @Override
        public int numTasks() {
            return m;
        }

        @Override
        public void reset() {
        }
    }

    /** The single-batch path's Jacobian (and heads) for comparison. */
    static final class Recorder implements JacobianAggregator, WeightingConfig {
        final int m;
        INDArray seen;

        Recorder(int m) {
            this.m = m;
        }

        @Override
        public Aggregation aggregate(INDArray j, double[] losses, StepInfo step, INDArray direction) {
            seen = j.dup();
            direction.assign(j.sum(0));
            return new Aggregation(null, null);
        }

        @Override
        public WeightingStrategy create(int numTasks) {
            return this;
        }

        @Override
        public WeightingConfig config() {
            return this;
        }

        @Override
        public int numTasks() {
            return m;
        }

        @Override
        public void reset() {
        }
    }

    @Test
    void jacobiansHeadsAndLossesMatchTheSingleBatchPath() {
        int m = 3;
        int k = 3;
        HpsModel model = TestFixtures.model(m, DataType.DOUBLE, 4, 5, 2, 21);
        GradientEngine e = new GradientEngine(model);
        List<MtlBatch> batches = new ArrayList<>();
        for (int b = 0; b < k; b++) {
            batches.add(GradientEngineTest.batch(m, 5 + b, 4, 2, 100 + b));
        }
        List<INDArray> expectedJ = new ArrayList<>();
        List<double[]> expectedLosses = new ArrayList<>();
        List<INDArray[]> expectedHeads = new ArrayList<>();
        for (MtlBatch b : batches) {
            Recorder rec = new Recorder(m);
            StepOutcome out = e.compute(b, rec, info(), HeadPolicy.UNWEIGHTED, JacobianMode.AS_NEEDED);
            expectedJ.add(rec.seen);
            expectedLosses.add(out.losses());
            INDArray[] heads = new INDArray[m];
            for (int i = 0; i < m; i++) {
                heads[i] = model.headGradients(i).dup();
            }
            expectedHeads.add(heads);
        }
        double[] w = {0.2, 1.5, -0.4};
        RecordingMultiBatch mb = new RecordingMultiBatch(m, k, w);
        StepOutcome out = e.computeMultiBatch(batches, mb, info(), HeadPolicy.REFERENCE);
        for (int b = 0; b < k; b++) {
            assertTrue(mb.seen.get(b).equalsWithEps(expectedJ.get(b), 1e-12), "Jacobian of batch " + b);
            assertArrayEquals(expectedLosses.get(b), mb.seenLosses.get(b), 1e-15, "losses of batch " + b);
        }
        for (int i = 0; i < m; i++) {
            double mean = 0;
            for (int b = 0; b < k; b++) {
                mean += expectedLosses.get(b)[i] / k;
            }
            assertEquals(mean, out.losses()[i], 1e-14);
            INDArray headMean = expectedHeads.get(0)[i].add(expectedHeads.get(1)[i]).add(expectedHeads.get(2)[i]).div(k);
            assertTrue(model.headGradients(i).equalsWithEps(headMean, 1e-12), "head " + i + " gets the mean (UNWEIGHTED reference)");
        }
        // the direction written by the strategy is what the shared gradient view holds
        INDArray d = Nd4j.zeros(DataType.DOUBLE, model.numSharedParams());
        for (INDArray j : expectedJ) {
            d.addi(Nd4j.create(w).reshape(1, m).mmul(j).reshape(d.shape()).div(k));
        }
        assertTrue(model.sharedGradients().equalsWithEps(d, 1e-12));
        assertArrayEquals(w, out.weights(), 0.0);
        assertEquals(d.norm2Number().doubleValue(), out.directionNorm(), 1e-12);
        assertNull(out.gramian(), "multi-batch strategies read J only: no Gramian under AS_NEEDED");
        // ALWAYS adds the last batch's Gramian (conflict statistics) without changing the direction
        INDArray before = model.sharedGradients().dup();
        StepOutcome always = e.computeMultiBatch(batches, mb, info(), HeadPolicy.REFERENCE, JacobianMode.ALWAYS);
        assertTrue(model.sharedGradients().equalsWithEps(before, 1e-15));
        INDArray last = expectedJ.get(k - 1);
        for (int a = 0; a < m; a++) {
            for (int c = 0; c < m; c++) {
                double dot = last.getRow(a).mul(last.getRow(c)).sumNumber().doubleValue();
                assertEquals(dot, always.gramian()[a][c], 1e-12 * Math.max(1, Math.abs(dot)), "G of the last batch (" + a + "," + c + ")");
            }
        }

        e.computeMultiBatch(batches, mb, info(), HeadPolicy.WEIGHTED);
        for (int i = 0; i < m; i++) {
            INDArray headMean = expectedHeads.get(0)[i].add(expectedHeads.get(1)[i]).add(expectedHeads.get(2)[i]).div(k);
            assertTrue(model.headGradients(i).equalsWithEps(headMean.mul(w[i]), 1e-12), "WEIGHTED head " + i);
        }
    }

    @Test
    void multiInputBatchesAreSupported() {
        int m = 2;
        HpsModel model = TestFixtures.model(m, DataType.DOUBLE, 3, 4, 2, 23);
        GradientEngine e = new GradientEngine(model);
        List<MtlBatch> batches = new ArrayList<>();
        for (int b = 0; b < 2; b++) {
            Nd4j.getRandom().setSeed(300 + b);
            batches.add(MtlBatch.multiInput(List.of(Nd4j.randn(DataType.DOUBLE, 4, 3), Nd4j.randn(DataType.DOUBLE, 6, 3)),
                    List.of(Nd4j.randn(DataType.DOUBLE, 4, 2), Nd4j.randn(DataType.DOUBLE, 6, 2))));
        }
        RecordingMultiBatch mb = new RecordingMultiBatch(m, 2, new double[] {1, 1});
        e.computeMultiBatch(batches, mb, info(), HeadPolicy.REFERENCE);
        for (int b = 0; b < 2; b++) {
            Recorder rec = new Recorder(m);
            e.compute(batches.get(b), rec, info(), HeadPolicy.UNWEIGHTED, JacobianMode.AS_NEEDED);
            assertTrue(mb.seen.get(b).equalsWithEps(rec.seen, 1e-12), "multi-input Jacobian of batch " + b);
        }
    }

    @Test
    void wrongBatchCountsAndSingleBatchCallsAreRejected() {
        int m = 2;
        HpsModel model = TestFixtures.model(m, DataType.DOUBLE, 3, 4, 2, 25);
        GradientEngine e = new GradientEngine(model);
        MtlBatch b = GradientEngineTest.batch(m, 4, 3, 2, 5);
        RecordingMultiBatch mb = new RecordingMultiBatch(m, 3, new double[] {1, 1});
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> e.computeMultiBatch(List.of(b, b), mb, info(), HeadPolicy.REFERENCE));
        assertTrue(ex.getMessage().contains("3") && ex.getMessage().contains("found 2"), ex.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> e.compute(b, mb, info(), HeadPolicy.REFERENCE, JacobianMode.AS_NEEDED));
        RecordingMultiBatch wrongM = new RecordingMultiBatch(3, 2, new double[] {1, 1, 1});
        assertThrows(IllegalArgumentException.class, () -> e.computeMultiBatch(List.of(b, b), wrongM, info(), HeadPolicy.REFERENCE));
    }
}
