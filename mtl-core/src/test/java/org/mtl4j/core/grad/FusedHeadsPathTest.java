package org.mtl4j.core.grad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.mtl4j.core.data.MtlBatch;
import org.mtl4j.core.loss.SoftmaxCrossEntropy;
import org.mtl4j.core.metric.Accuracy;
import org.mtl4j.core.model.HpsModel;
import org.mtl4j.core.model.IdentityTransform;
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
 * The fused loss/head path of the gradient engine (one host copy of all logits, one backward of
 * all heads) against an independent computation of the same step: the Jacobian path
 * ({@link JacobianMode#ALWAYS}: m per-task backward passes, rows combined with the weights) with
 * per-task losses (all-ones masks force that path), and the Jacobian path fed by the fused losses.
 */
class FusedHeadsPathTest {
    private static final int B = 24;
    private static final int IN = 12;

    private static HpsModel model(List<Integer> sizes, int ignoreIndex) {
        List<Task> ts = new ArrayList<>();
        for (int t = 0; t < sizes.size(); t++) {
            SoftmaxCrossEntropy ce = ignoreIndex == SoftmaxCrossEntropy.NO_IGNORE_INDEX ? SoftmaxCrossEntropy.withoutIgnoreIndex()
                    : SoftmaxCrossEntropy.withIgnoreIndex(ignoreIndex);
            ts.add(new Task(TaskId.of("t" + t), ce, List.of(Accuracy.defaults())));
        }
        return new HpsModel(TaskSet.of(ts), new DenseStack(DenseStack.Config.mlp(DataType.FLOAT, 3, DenseActivation.relu(), IN, 16, 8)),
                new IdentityTransform(sizes.size()), new FusedLinearHeads(new FusedLinearHeads.Config(8, sizes, DataType.FLOAT, 5)));
    }

    private static MtlBatch batch(List<Integer> sizes, long seed, boolean withIgnored) {
        SplittableRandom r = new SplittableRandom(seed);
        List<INDArray> ys = new ArrayList<>();
        for (int c : sizes) {
            float[] y = new float[B];
            for (int n = 0; n < B; n++) {
                y[n] = withIgnored && n % 5 == 0 ? -1 : r.nextInt(c);
            }
            ys.add(Nd4j.createFromArray(y));
        }
        INDArray x = Nd4j.rand(DataType.FLOAT, B, IN).subi(0.5).muli(4);
        return MtlBatch.single(x, ys);
    }

    private static MtlBatch masked(MtlBatch b) {
        List<INDArray> ys = new ArrayList<>();
        List<INDArray> masks = new ArrayList<>();
        for (int i = 0; i < b.numTasks(); i++) {
            ys.add(b.labels(i));
            masks.add(Nd4j.ones(DataType.FLOAT, B));
        }
        return MtlBatch.single(b.input(), ys, masks);
    }

    private static StepInfo info() {
        return new StepInfo(1, 0, new SplittableRandom(1), List.of());
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        double scale = Math.max(1e-3, expected.norm2Number().doubleValue());
        double diff = expected.sub(actual).norm2Number().doubleValue();
        assertTrue(diff <= 2e-6 * scale, what + ": |difference| " + diff + " vs |expected| " + scale);
    }

    @ParameterizedTest(name = "sizes {0}, mean weights {1}, ignored labels {2}")
    @CsvSource({"'3,3,3', false, false", "'3,3,3', true, false", "'4,2,5', true, false", "'4,2,5', false, true", "'2', true, true"})
    void fusedStepEqualsTheJacobianCombinationOfPerTaskPasses(String sizeList, boolean mean, boolean ignored) {
        List<Integer> sizes = new ArrayList<>();
        for (String s : sizeList.split(",")) {
            sizes.add(Integer.parseInt(s.trim()));
        }
        int ignore = ignored ? -1 : SoftmaxCrossEntropy.NO_IGNORE_INDEX;
        HpsModel a = model(sizes, ignore);
        HpsModel b = model(sizes, ignore);
        HpsModel c = model(sizes, ignore);
        assertEquals(0, a.params().sub(b.params()).norm2Number().doubleValue());
        MtlBatch batch = batch(sizes, 7, ignored);
        WeightingStrategy ew = new EqualWeighting.Config(mean).create(sizes.size());
        GradientEngine fused = new GradientEngine(a);
        GradientEngine reference = new GradientEngine(b);
        StepOutcome fo = fused.compute(batch, ew, info(), HeadPolicy.REFERENCE, JacobianMode.AS_NEEDED);
        // all-ones masks force the per-task losses and head backward passes
        StepOutcome ro = reference.compute(masked(batch), ew, info(), HeadPolicy.REFERENCE, JacobianMode.ALWAYS);
        // fused losses feeding the m per-task passes of the Jacobian
        StepOutcome co = new GradientEngine(c).compute(batch, ew, info(), HeadPolicy.REFERENCE, JacobianMode.ALWAYS);
        assertArrayEquals(ro.losses(), co.losses(), 1e-12);
        // the Jacobian path reports ‖d‖ as √(wᵀGw); recompute it from the direction itself
        double norm = b.sharedGradients().norm2Number().doubleValue();
        assertEquals(norm, ro.directionNorm(), 1e-5 * norm, "direction norm from the Gramian");
        assertClose(b.gradients(), c.gradients(), "Jacobian path with fused losses");
        for (int i = 0; i < sizes.size(); i++) {
            // float32 gradients: the fused block keeps exp(x − max) as a float between its passes
            assertArrayEquals(ro.gramian()[i], co.gramian()[i], 1e-6 * Math.max(1, Math.abs(ro.gramian()[i][i])), "Gramian row " + i);
        }
        assertNotNull(((FusedLinearHeads) a.heads()).fusedOutput());
        assertNull(fo.gramian(), "the loss path forms no Jacobian");
        assertArrayEquals(ro.losses(), fo.losses(), 1e-12, "losses: same formulas on the same logits");
        assertClose(b.sharedGradients(), a.sharedGradients(), "shared gradient Σ w_i g_i");
        for (int i = 0; i < sizes.size(); i++) {
            assertClose(b.headGradients(i), a.headGradients(i), "head " + i + " gradient");
        }
        INDArray[] rf = fused.lastRepresentationGradients();
        INDArray[] rr = reference.lastRepresentationGradients();
        for (int i = 0; i < sizes.size(); i++) {
            assertClose(rr[i], rf[i], "representation gradient of task " + i);
        }
    }

    @Test
    void oneHotLabelsGiveTheSameStepAsClassIndices() {
        List<Integer> sizes = List.of(3, 5);
        HpsModel a = model(sizes, SoftmaxCrossEntropy.NO_IGNORE_INDEX);
        HpsModel b = model(sizes, SoftmaxCrossEntropy.NO_IGNORE_INDEX);
        MtlBatch indices = batch(sizes, 9, false);
        List<INDArray> oneHot = new ArrayList<>();
        for (int t = 0; t < sizes.size(); t++) {
            INDArray y = Nd4j.zeros(DataType.FLOAT, B, sizes.get(t));
            for (int n = 0; n < B; n++) {
                y.putScalar(n, indices.labels(t).getInt(n), 1f);
            }
            oneHot.add(y);
        }
        WeightingStrategy ew = new EqualWeighting.Config(true).create(2);
        StepOutcome oa = new GradientEngine(a).compute(MtlBatch.single(indices.input(), oneHot), ew, info(), HeadPolicy.REFERENCE,
                JacobianMode.AS_NEEDED);
        StepOutcome ob = new GradientEngine(b).compute(masked(indices), ew, info(), HeadPolicy.REFERENCE, JacobianMode.ALWAYS);
        assertArrayEquals(ob.losses(), oa.losses(), 1e-12);
        assertClose(b.gradients(), a.gradients(), "one-hot rows (fused path) vs indices (per-task Jacobian path)");
    }

    @Test
    void maskedBatchesTakeThePerTaskPathWithTheSameResult() {
        List<Integer> sizes = List.of(3, 4);
        HpsModel a = model(sizes, SoftmaxCrossEntropy.NO_IGNORE_INDEX);
        HpsModel b = model(sizes, SoftmaxCrossEntropy.NO_IGNORE_INDEX);
        WeightingStrategy ew = EqualWeighting.Config.defaults().create(2);
        MtlBatch plain = batch(sizes, 3, false);
        new GradientEngine(a).compute(plain, ew, info(), HeadPolicy.REFERENCE, JacobianMode.AS_NEEDED);
        new GradientEngine(b).compute(masked(plain), ew, info(), HeadPolicy.REFERENCE, JacobianMode.AS_NEEDED);
        assertClose(b.gradients(), a.gradients(), "all-ones masks (per-task path) vs no masks (fused path)");
    }

    @Test
    void badLabelsOnTheFusedPathNameTheValue() {
        List<Integer> sizes = List.of(3, 3);
        HpsModel a = model(sizes, SoftmaxCrossEntropy.NO_IGNORE_INDEX);
        MtlBatch bad = MtlBatch.single(Nd4j.rand(DataType.FLOAT, B, IN), List.of(Nd4j.zeros(DataType.FLOAT, B),
                Nd4j.zeros(DataType.FLOAT, B).putScalar(4, 3)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GradientEngine(a)
                .compute(bad, EqualWeighting.Config.defaults().create(2), info(), HeadPolicy.REFERENCE, JacobianMode.AS_NEEDED));
        assertTrue(e.getMessage().contains("found 3.0") && e.getMessage().contains("[0, 3)"), e.getMessage());
    }
}
