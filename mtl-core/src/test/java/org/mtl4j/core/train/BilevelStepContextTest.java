package org.mtl4j.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtl4j.core.data.InMemoryMtlDataset;
import org.mtl4j.core.data.MtlBatch;
import org.mtl4j.core.grad.GradientEngine;
import org.mtl4j.core.model.HpsModel;
import org.mtl4j.core.optim.Sgd;
import org.mtl4j.core.weighting.BilevelContext;
import org.mtl4j.core.weighting.BilevelWeighting;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.StepWeights;
import org.mtl4j.core.weighting.UpperLevelData;
import org.mtl4j.core.weighting.WeightingConfig;
import org.mtl4j.core.weighting.WeightingStrategy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The trainer's bi-level context: exact snapshot/restore, gradients without side effects, the upper-level source. */
class BilevelStepContextTest {

    private static BilevelStepContext context(HpsModel model, InMemoryMtlDataset train, MtlTrainer.UpperBatches upper) {
        GradientEngine engine = new GradientEngine(model);
        return new BilevelStepContext(engine, Sgd.of(0.1).create(model.params()), 0.1, train, 0, 0, 5L, upper);
    }

    private static int[] bits(INDArray a) {
        float[] f = a.toFloatVector();
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = Float.floatToRawIntBits(f[i]);
        }
        return out;
    }

    @Test
    void snapshotAndRestoreAreBitIdenticalAndGradientsHaveNoSideEffects() {
        HpsModel model = MtlTrainerTest.model();
        InMemoryMtlDataset train = MtlTrainerTest.data(64, 0, true);
        BilevelStepContext ctx = context(model, train, new MtlTrainer.UpperBatches(train, 5L));
        int[] before = bits(model.params());
        INDArray snap = ctx.snapshot();
        MtlBatch b = ctx.nextLowerBatch();
        double[] w = {0.3, 0.7};
        INDArray g = Nd4j.createUninitialized(DataType.FLOAT, model.numParams());
        double[] lossesG = ctx.weightedGradient(b, w, g);
        assertArrayEquals(before, bits(model.params()), "weightedGradient must not move the parameters");
        double[] lossesStep = ctx.innerStep(b, w, 0.05);
        assertArrayEquals(lossesG, lossesStep, 0.0);
        assertArrayEquals(lossesG, ctx.lastLowerLosses(), 0.0);
        INDArray moved = model.params().dup();
        INDArray expected = snap.sub(g.mul(0.05f));
        assertEquals(0, moved.sub(expected).norm2Number().doubleValue(), 1e-6, "innerStep = ω − lr·weightedGradient");
        ctx.addToParams(g, 3.0);
        ctx.perTaskGradients(ctx.nextUpperBatch(), new double[2]);
        assertTrue(!java.util.Arrays.equals(before, bits(model.params())), "the parameters moved before the restore");
        ctx.restore(snap);
        assertArrayEquals(before, bits(model.params()), "restore must be bit-identical");
        double[] again = ctx.losses(b);
        assertArrayEquals(lossesG, again, 1e-6);
        assertArrayEquals(lossesG, ctx.lastLowerLosses(), 0.0, "the step's losses are those of the first evaluation");
    }

    @Test
    void badBuffersAndWeightsAreRejected() {
        HpsModel model = MtlTrainerTest.model();
        InMemoryMtlDataset train = MtlTrainerTest.data(32, 0, true);
        BilevelStepContext ctx = context(model, train, new MtlTrainer.UpperBatches(train, 5L));
        MtlBatch b = ctx.nextLowerBatch();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ctx.weightedGradient(b, new double[] {0.5, Double.NaN}, Nd4j.zeros(DataType.FLOAT, model.numParams())));
        assertTrue(e.getMessage().contains("task weight 1 is not finite: NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ctx.weightedGradient(b, new double[] {0.5, 0.5}, Nd4j.zeros(DataType.DOUBLE, model.numParams())));
        assertTrue(e.getMessage().contains("gradientOut must be a FLOAT buffer of length " + model.numParams()), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ctx.restore(Nd4j.zeros(DataType.FLOAT, 3)));
        assertTrue(e.getMessage().contains("snapshot has 3 entries"), e.getMessage());
    }

    /** A do-nothing bi-level strategy that asks for the validation split. */
    record ValidationOnly(UpperLevelData data) implements WeightingConfig, BilevelWeighting {
        @Override
        public WeightingStrategy create(int numTasks) {
            return this;
        }

        @Override
        public StepWeights step(BilevelContext context, StepInfo step) {
            MtlBatch u = context.nextUpperBatch();
            return StepWeights.of(context.losses(u));
        }

        @Override
        public UpperLevelData upperLevelData() {
            return data;
        }

        @Override
        public WeightingConfig config() {
            return this;
        }

        @Override
        public int numTasks() {
            return 2;
        }

        @Override
        public void reset() {
        }
    }

    @Test
    void theTrainerServesTheConfiguredUpperLevelDataAndRejectsAMissingValidationSplit() {
        MtlTrainer t = new MtlTrainer(MtlTrainerTest.model(), new ValidationOnly(UpperLevelData.VALIDATION_SPLIT),
                TrainerConfig.of(1, Sgd.of(0.1)), null, List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.fit(MtlTrainerTest.data(32, 0, true), null, null));
        assertTrue(e.getMessage().contains("upperData = VALIDATION_SPLIT") && e.getMessage().contains("no validation data"),
                e.getMessage());
        MtlTrainer ok = new MtlTrainer(MtlTrainerTest.model(), new ValidationOnly(UpperLevelData.TRAINING_BATCHES),
                TrainerConfig.of(1, Sgd.of(0.1)), null, List.of());
        RunResult r = ok.fit(MtlTrainerTest.data(32, 0, true), null, null);
        assertEquals(1, r.epochsCompleted());
    }
}
