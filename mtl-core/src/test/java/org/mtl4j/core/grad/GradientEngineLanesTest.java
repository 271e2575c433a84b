package org.mtl4j.core.grad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mtl4j.core.data.MtlBatch;
import org.mtl4j.core.loss.SoftmaxCrossEntropy;
import org.mtl4j.core.metric.Accuracy;
import org.mtl4j.core.model.HpsModel;
import org.mtl4j.core.model.IdentityTransform;
import org.mtl4j.core.model.nd4j.ComputeLanes;
import org.mtl4j.core.model.nd4j.DenseActivation;
import org.mtl4j.core.model.nd4j.DenseStack;
import org.mtl4j.core.model.nd4j.FusedLinearHeads;
import org.mtl4j.core.task.Task;
import org.mtl4j.core.task.TaskId;
import org.mtl4j.core.task.TaskSet;
import org.mtl4j.core.weighting.EqualWeighting;
import org.mtl4j.core.weighting.HeadPolicy;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.WeightingStrategy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The engine's own per-step work on two lanes (the fused softmax cross-entropy losses in two
 * groups of tasks, the norm of a shared gradient of 135k entries in two halves) against the same
 * engine on one lane, on one model: the same losses and gradients bit for bit, the norm to float
 * rounding, and the expected hand-offs.
 */
class GradientEngineLanesTest {

    private static HpsModel model(int m) {
        List<Task> ts = new ArrayList<>();
        for (int t = 0; t < m; t++) {
            ts.add(new Task(TaskId.of("t" + t), SoftmaxCrossEntropy.withoutIgnoreIndex(), List.of(Accuracy.defaults())));
        }
        DenseStack enc = new DenseStack(DenseStack.Config.mlp(DataType.FLOAT, 7, DenseActivation.relu(), 8, 512, 256), null,
                ComputeLanes.single());
        FusedLinearHeads heads = new FusedLinearHeads(FusedLinearHeads.Config.uniform(m, 256, 5, DataType.FLOAT, 8), null,
                ComputeLanes.single());
        return new HpsModel(TaskSet.of(ts), enc, new IdentityTransform(m), heads);
    }

    /** Task 0 gets class indices [B], the others one-hot rows [B, 5]. */
    private static MtlBatch batch(int m, int b, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<INDArray> ys = new ArrayList<>();
        for (int t = 0; t < m; t++) {
            INDArray y = t == 0 ? Nd4j.zeros(DataType.FLOAT, b) : Nd4j.zeros(DataType.FLOAT, b, 5);
            for (int i = 0; i < b; i++) {
                int c = r.nextInt(5);
                if (t == 0) {
                    y.putScalar(i, c);
                } else {
                    y.putScalar(i, c, 1f);
                }
            }
            ys.add(y);
        }
        return MtlBatch.single(Nd4j.rand(DataType.FLOAT, b, 8).subi(0.5), ys);
    }

    @Test
    void lossesAndNormOnTwoLanesMatchOneLane() {
        for (int m : new int[] {1, 2, 3}) {
            try (ComputeLanes two = ComputeLanes.two()) {
                HpsModel model = model(m);
                GradientEngine one = new GradientEngine(model, ComputeLanes.single());
                GradientEngine split = new GradientEngine(model, two);
                WeightingStrategy ew = EqualWeighting.Config.defaults().create(m);
                for (int step = 1; step <= 3; step++) {
                    MtlBatch b = batch(m, 33, step);
                    StepInfo info = new StepInfo(step, 0, new SplittableRandom(step), List.of());
                    StepOutcome a = one.compute(b, ew, info, HeadPolicy.REFERENCE, JacobianMode.AS_NEEDED);
                    INDArray ga = model.gradients().dup();
                    long before = two.stats().handOffs();
                    StepOutcome c = split.compute(b, ew, info, HeadPolicy.REFERENCE, JacobianMode.AS_NEEDED);
                    long handOffs = two.stats().handOffs() - before;
                    assertArrayEquals(a.losses(), c.losses(), 0.0, "m = " + m + ": the same losses");
                    assertEquals(ga, model.gradients(), "m = " + m + ": the same gradients");
                    assertEquals(a.directionNorm(), c.directionNorm(), 1e-6 * a.directionNorm(), "m = " + m + ": the norm to rounding");
                    assertTrue(a.directionNorm() > 0);
                    assertEquals(m >= 2 ? 2 : 1, handOffs, "m = " + m + ": the losses (m >= 2) and the norm went to the lanes");
                }
            }
        }
    }
}
