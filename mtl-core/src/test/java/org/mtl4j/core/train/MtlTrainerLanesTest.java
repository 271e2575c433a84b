package org.mtl4j.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtl4j.core.model.HpsModel;
import org.mtl4j.core.model.IdentityTransform;
import org.mtl4j.core.model.nd4j.ComputeLanes;
import org.mtl4j.core.model.nd4j.DenseActivation;
import org.mtl4j.core.model.nd4j.DenseStack;
import org.mtl4j.core.model.nd4j.FusedLinearHeads;
import org.mtl4j.core.optim.Adam;
import org.mtl4j.core.support.TestFixtures;
import org.mtl4j.core.weighting.EqualWeighting;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Training a native model (dense stack, fused heads, Adam on a vector long enough to split) on
 * two lanes follows the one-lane run: the same losses and parameters up to float rounding, and
 * the lanes were used (by the modules and by the optimiser step).
 */
class MtlTrainerLanesTest {

    static HpsModel nativeModel(ComputeLanes lanes) {
        DenseStack enc = new DenseStack(DenseStack.Config.mlp(DataType.FLOAT, 4, DenseActivation.tanh(), 4, 256, 128), null, lanes);
        FusedLinearHeads heads = new FusedLinearHeads(FusedLinearHeads.Config.uniform(2, 128, 2, DataType.FLOAT, 5), null, lanes);
        return new HpsModel(TestFixtures.tasks(2), enc, new IdentityTransform(2), heads);
    }

    @Test
    void twoLanesTrainLikeOne() {
        try (ComputeLanes two = ComputeLanes.two()) {
            HpsModel a = nativeModel(ComputeLanes.single());
            HpsModel b = nativeModel(two);
            assertEquals(0.0, a.params().sub(b.params()).norm2Number().doubleValue(), 0.0, "same initialisation");
            TrainerConfig tc = TrainerConfig.of(2, Adam.of(1e-2)).withSeed(3);
            RunResult ra = new MtlTrainer(a, EqualWeighting.Config.defaults(), tc, null, List.of()).fit(MtlTrainerTest.data(128, 0, true),
                    null, null);
            RunResult rb = new MtlTrainer(b, EqualWeighting.Config.defaults(), tc, null, List.of(), two).fit(MtlTrainerTest.data(128, 0, true),
                    null, null);
            for (int e = 0; e < 2; e++) {
                for (int i = 0; i < 2; i++) {
                    double la = ra.trainLossHistory().get(e)[i];
                    assertEquals(la, rb.trainLossHistory().get(e)[i], 1e-5 * Math.max(1, la), "epoch " + e + " task " + i);
                }
            }
            INDArray diff = a.params().sub(b.params());
            double rel = diff.norm2Number().doubleValue() / a.params().norm2Number().doubleValue();
            assertTrue(rel < 1e-5, "parameters after training differ by " + rel);
            // 16 steps: forward 2 hand-offs (encoder, fused heads), encoder backward 3, optimiser step 1 (the
            // squared-error heads go back per task, on one lane)
            assertTrue(two.stats().handOffs() >= 16 * 6, "hand-offs " + two.stats().handOffs());
        }
    }
}
