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
import org.mtl4j.core.weighting.EqualWeighting;
import org.mtl4j.core.weighting.GradientSpace;
import org.mtl4j.core.weighting.GramianWeighting;
import org.mtl4j.core.weighting.HeadPolicy;
import org.mtl4j.core.weighting.JacobianAggregator;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.StepWeights;
import org.mtl4j.core.weighting.WeightingConfig;
import org.mtl4j.core.weighting.WeightingStrategy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The gradient engine against central finite differences and linearity, in double precision. */
class GradientEngineTest {
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

    static MtlBatch batch(int m, int b, int in, int out, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(DataType.DOUBLE, b, in);
        List<INDArray> ys = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            ys.add(Nd4j.randn(DataType.DOUBLE, b, out));
        }
        return MtlBatch.single(x, ys);
    }

    static StepInfo info() {
        return new StepInfo(1, 0, new SplittableRandom(1), List.of());
    }

    /** Records the Jacobian handed to an aggregator and returns the sum (EW) direction. */
    static class Recorder implements JacobianAggregator, WeightingConfig {
        INDArray seen;
        final int m;

        Recorder(int m) {
            this.m = m;
        }

        @Override
        public Aggregation aggregate(INDArray j, double[] losses, StepInfo step, INDArray direction) {
            seen = j.dup();
            direction.assign(j.sum(0));
            double[] w = new double[m];
            java.util.Arrays.fill(w, 1);
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

    private static double lossOfTask(GradientEngine e, MtlBatch b, int task) {
        return e.losses(b, false)[task];
    }

    @Test
    void perTaskGradientsMatchCentralFiniteDifferences() {
        int m = 3;
        HpsModel model = TestFixtures.model(m, DataType.DOUBLE, 4, 5, 2, 3);
        GradientEngine e = new GradientEngine(model);
        MtlBatch b = batch(m, 6, 4, 2, 11);
        Recorder rec = new Recorder(m);
        e.compute(b, rec, info(), HeadPolicy.UNWEIGHTED, JacobianMode.AS_NEEDED);
        INDArray j = rec.seen;
        INDArray theta = model.sharedParams();
        double h = 1e-6;
        for (int task = 0; task < m; task++) {
            for (long k = 0; k < theta.length(); k += 3) {
                double orig = theta.getDouble(k);
                theta.putScalar(k, orig + h);
                double lp = lossOfTask(e, b, task);
                theta.putScalar(k, orig - h);
                double lm = lossOfTask(e, b, task);
                theta.putScalar(k, orig);
                double fd = (lp - lm) / (2 * h);
                assertEquals(fd, j.getDouble(task, k), 1e-7 + 1e-5 * Math.abs(fd), "task " + task + " coordinate " + k);
            }
        }
    }

    @Test
    void sumOfJacobianRowsEqualsOneBackwardOfSummedLoss() {
        int m = 3;
        HpsModel model = TestFixtures.model(m, DataType.DOUBLE, 4, 5, 2, 5);
        GradientEngine e = new GradientEngine(model);
        MtlBatch b = batch(m, 7, 4, 2, 12);
        Recorder rec = new Recorder(m);
        e.compute(b, rec, info(), HeadPolicy.UNWEIGHTED, JacobianMode.AS_NEEDED);
        INDArray rowSum = rec.seen.sum(0);
        e.compute(b, EqualWeighting.Config.defaults().create(m), info(), HeadPolicy.REFERENCE, JacobianMode.AS_NEEDED);
        INDArray single = model.sharedGradients().dup();
        assertTrue(rowSum.equalsWithEps(single, 1e-12), "Σ rows of J must equal ∇Σ L_i");
        // and the Jacobian mode of EW gives the same direction
        e.compute(b, EqualWeighting.Config.defaults().create(m), info(), HeadPolicy.REFERENCE, JacobianMode.ALWAYS);
        assertTrue(model.sharedGradients().equalsWithEps(single, 1e-12));
    }

    @Test
    void headGradientsFollowHeadPolicyAndFiniteDifferences() {
        int m = 2;
        HpsModel model = TestFixtures.model(m, DataType.DOUBLE, 3, 4, 2, 7);
        GradientEngine e = new GradientEngine(model);
        MtlBatch b = batch(m, 5, 3, 2, 13);
        double[] w = {0.3, 2.5};
        GramianWeighting fixed = new FixedGramian(w);
        e.compute(b, fixed, info(), HeadPolicy.WEIGHTED, JacobianMode.AS_NEEDED);
        INDArray weighted = model.headGradients(1).dup();
        e.compute(b, fixed, info(), HeadPolicy.UNWEIGHTED, JacobianMode.AS_NEEDED);
        INDArray unweighted = model.headGradients(1).dup();
        assertTrue(weighted.equalsWithEps(unweighted.mul(2.5), 1e-12));
        INDArray phi = model.headParams(1);
        double h = 1e-6;
        for (long k = 0; k < phi.length(); k++) {
            double orig = phi.getDouble(k);
            phi.putScalar(k, orig + h);
            double lp = lossOfTask(e, b, 1);
            phi.putScalar(k, orig - h);
            double lm = lossOfTask(e, b, 1);
            phi.putScalar(k, orig);
            assertEquals((lp - lm) / (2 * h), unweighted.getDouble(k), 1e-7);
        }
    }

    @Test
    void representationGradientsAreLossGradientsWithRespectToZ() {
        int m = 2;
        HpsModel model = TestFixtures.model(m, DataType.DOUBLE, 3, 4, 2, 9);
        GradientEngine e = new GradientEngine(model);
        MtlBatch b = batch(m, 5, 3, 2, 14);
        double[] w = {0.7, 1.9};
        RepGramian rep = new RepGramian(w);
        StepOutcome out = e.compute(b, rep, info(), HeadPolicy.UNWEIGHTED, JacobianMode.AS_NEEDED);
        // Combined representation backward equals Σ w_i g_i computed from the parameter Jacobian
        INDArray viaRep = model.sharedGradients().dup();
        Recorder rec = new Recorder(m);
        e.compute(b, rec, info(), HeadPolicy.UNWEIGHTED, JacobianMode.AS_NEEDED);
        INDArray expect = rec.seen.getRow(0).mul(w[0]).add(rec.seen.getRow(1).mul(w[1]));
        assertTrue(viaRep.equalsWithEps(expect, 1e-12));
        // The representation Gramian has the batch × width entries of ∂L_i/∂Z
        assertEquals(2, out.gramian().length);
        assertTrue(out.gramian()[0][0] > 0);
    }

    @Test
    void gramianIsComputedInDoubleFromFloatJacobians() {
        int m = 2;
        HpsModel model = TestFixtures.model(m, DataType.FLOAT, 3, 4, 2, 9);
        GradientEngine e = new GradientEngine(model);
        MtlBatch f = batch(m, 5, 3, 2, 15);
        MtlBatch b = MtlBatch.single(f.input().castTo(DataType.FLOAT),
                List.of(f.labels(0).castTo(DataType.FLOAT), f.labels(1).castTo(DataType.FLOAT)));
        Recorder rec = new Recorder(m);
        StepOutcome out = e.compute(b, rec, info(), HeadPolicy.UNWEIGHTED, JacobianMode.ALWAYS);
        double[] g0 = rec.seen.getRow(0).castTo(DataType.DOUBLE).toDoubleVector();
        double[] g1 = rec.seen.getRow(1).castTo(DataType.DOUBLE).toDoubleVector();
        double dot = 0;
        for (int k = 0; k < g0.length; k++) {
            dot += g0[k] * g1[k];
        }
        assertEquals(dot, out.gramian()[0][1], 1e-12 * Math.max(1, Math.abs(dot)));
    }

    /** A {@link Recorder} that reads the Gramian: records the G the engine hands it. */
    static final class GramRecorder extends Recorder {
        double[][] seenGram;

        GramRecorder(int m) {
            super(m);
        }

        @Override
        public Aggregation aggregate(INDArray j, double[] losses, StepInfo step, INDArray direction) {
            throw new AssertionError("the engine must call the Gramian overload of a strategy that reads G");
        }

        @Override
        public Aggregation aggregate(INDArray j, double[][] gram, double[] losses, StepInfo step, INDArray direction) {
            seenGram = gram;
            return super.aggregate(j, losses, step, direction);
        }

        @Override
        public boolean readsGramian() {
            return true;
        }
    }

    @Test
    void theGramianIsFormedOnlyWhenTheStrategyReadsItOrModeAlwaysAsksForIt() {
        int m = 3;
        HpsModel model = TestFixtures.model(m, DataType.DOUBLE, 4, 5, 2, 13);
        GradientEngine e = new GradientEngine(model);
        MtlBatch b = batch(m, 6, 4, 2, 19);
        Recorder rec = new Recorder(m);
        assertNull(e.compute(b, rec, info(), HeadPolicy.UNWEIGHTED, JacobianMode.AS_NEEDED).gramian(),
                "an aggregator that does not read G gets none");
        INDArray j = rec.seen;
        GramRecorder gr = new GramRecorder(m);
        StepOutcome withG = e.compute(b, gr, info(), HeadPolicy.UNWEIGHTED, JacobianMode.AS_NEEDED);
        for (int a = 0; a < m; a++) {
            for (int c = 0; c < m; c++) {
                double dot = j.getRow(a).mul(j.getRow(c)).sumNumber().doubleValue();
                assertEquals(dot, gr.seenGram[a][c], 1e-12 * Math.max(1, Math.abs(dot)), "G(" + a + "," + c + ")");
                assertEquals(dot, withG.gramian()[a][c], 1e-12 * Math.max(1, Math.abs(dot)));
            }
        }
        // loss weightings through J: JACOBIAN forms J and d = Jᵀw but no G; ALWAYS adds G; same direction
        WeightingStrategy ew = EqualWeighting.Config.defaults().create(m);
        StepOutcome viaJ = e.compute(b, ew, info(), HeadPolicy.REFERENCE, JacobianMode.JACOBIAN);
        INDArray dJ = model.sharedGradients().dup();
        assertNull(viaJ.gramian());
        assertEquals(dJ.norm2Number().doubleValue(), viaJ.directionNorm(), 1e-12 * viaJ.directionNorm());
        StepOutcome always = e.compute(b, ew, info(), HeadPolicy.REFERENCE, JacobianMode.ALWAYS);
        assertTrue(model.sharedGradients().equalsWithEps(dJ, 1e-14));
        assertEquals(m, always.gramian().length);
        assertEquals(viaJ.directionNorm(), always.directionNorm(), 1e-10 * viaJ.directionNorm(), "√(wᵀGw) = ‖Jᵀw‖");
        INDArray jw = Nd4j.create(viaJ.weights()).reshape(1, m).mmul(j).reshape(dJ.shape());
        assertTrue(dJ.equalsWithEps(jw, 1e-12), "EW through J is Jᵀw");
    }

    @Test
    void aNonFiniteTaskGradientIsNamedWithoutTheGramian() {
        HpsModel model = TestFixtures.model(2, DataType.DOUBLE, 3, 4, 2, 1);
        GradientEngine e = new GradientEngine(model);
        MtlBatch nan = MtlBatch.single(Nd4j.randn(DataType.DOUBLE, 4, 3),
                List.of(Nd4j.randn(DataType.DOUBLE, 4, 2), Nd4j.valueArrayOf(new long[] {4, 2}, Double.NaN, DataType.DOUBLE)));
        for (WeightingStrategy s : List.of(new Recorder(2), EqualWeighting.Config.defaults().create(2))) {
            NonFiniteException nf = assertThrows(NonFiniteException.class, () -> e.compute(nan, s,
                    new StepInfo(5, 2, new SplittableRandom(1), List.of()), HeadPolicy.REFERENCE, JacobianMode.JACOBIAN));
            assertTrue(nf.getMessage().contains("'t1'") && nf.getMessage().contains("step 5") && nf.getMessage().contains("epoch 2"),
                    nf.getMessage());
        }
    }

    @Test
    void badInputsAreRejectedWithClearMessages() {
        HpsModel model = TestFixtures.model(2, DataType.DOUBLE, 3, 4, 2, 1);
        GradientEngine e = new GradientEngine(model);
        MtlBatch three = batch(3, 4, 3, 2, 1);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> e.compute(three,
                EqualWeighting.Config.defaults().create(2), info(), HeadPolicy.REFERENCE, JacobianMode.AS_NEEDED));
        assertTrue(ex.getMessage().contains("3 tasks"), ex.getMessage());
        MtlBatch wrongShape = MtlBatch.single(Nd4j.randn(DataType.DOUBLE, 4, 3),
                List.of(Nd4j.randn(DataType.DOUBLE, 4, 5), Nd4j.randn(DataType.DOUBLE, 4, 2)));
        IllegalArgumentException ex2 = assertThrows(IllegalArgumentException.class, () -> e.compute(wrongShape,
                EqualWeighting.Config.defaults().create(2), info(), HeadPolicy.REFERENCE, JacobianMode.AS_NEEDED));
        assertTrue(ex2.getMessage().contains("shape"), ex2.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MtlBatch.single(Nd4j.zeros(DataType.DOUBLE, 0, 3),
                List.of(Nd4j.zeros(DataType.DOUBLE, 0, 2))));
        MtlBatch nan = MtlBatch.single(Nd4j.randn(DataType.DOUBLE, 4, 3),
                List.of(Nd4j.valueArrayOf(new long[] {4, 2}, Double.NaN, DataType.DOUBLE), Nd4j.randn(DataType.DOUBLE, 4, 2)));
        NonFiniteException nf = assertThrows(NonFiniteException.class, () -> e.compute(nan,
                EqualWeighting.Config.defaults().create(2), new StepInfo(17, 3, new SplittableRandom(1), List.of()),
                HeadPolicy.REFERENCE, JacobianMode.AS_NEEDED));
        assertTrue(nf.getMessage().contains("'t0'") && nf.getMessage().contains("step 17") && nf.getMessage().contains("epoch 3"),
                nf.getMessage());
    }

    @Test
    void reportedHeadWeightsApplyUnderTheReferencePolicyOnly() {
        int m = 2;
        HpsModel model = TestFixtures.model(m, DataType.DOUBLE, 3, 4, 2, 8);
        GradientEngine e = new GradientEngine(model);
        MtlBatch b = batch(m, 5, 3, 2, 16);
        GramianWeighting withHeads = new FixedGramian(new double[] {0.5, 2.0}) {
            @Override
            public StepWeights weigh(double[][] gram, double[] losses, StepInfo step) {
                return new StepWeights(w, null, null, new double[] {3.0, -1.0});
            }
        };
        e.compute(b, withHeads, info(), HeadPolicy.UNWEIGHTED, JacobianMode.AS_NEEDED);
        INDArray plain0 = model.headGradients(0).dup();
        INDArray plain1 = model.headGradients(1).dup();
        e.compute(b, withHeads, info(), HeadPolicy.REFERENCE, JacobianMode.AS_NEEDED);
        assertTrue(model.headGradients(0).equalsWithEps(plain0.mul(3.0), 1e-12));
        assertTrue(model.headGradients(1).equalsWithEps(plain1.mul(-1.0), 1e-12));
        e.compute(b, withHeads, info(), HeadPolicy.WEIGHTED, JacobianMode.AS_NEEDED);
        assertTrue(model.headGradients(0).equalsWithEps(plain0.mul(0.5), 1e-12));
        assertTrue(model.headGradients(1).equalsWithEps(plain1.mul(2.0), 1e-12));
    }

    @Test
    void representationAwareStrategiesSeeTheFlattenedRepresentation() {
        int m = 2;
        HpsModel model = TestFixtures.model(m, DataType.DOUBLE, 3, 4, 2, 8);
        GradientEngine e = new GradientEngine(model);
        MtlBatch b = batch(m, 5, 3, 2, 17);
        INDArray[] seen = new INDArray[1];
        final class Aware extends RepGramian implements org.mtl4j.core.weighting.RepresentationAware {
            Aware() {
                super(new double[] {1, 1});
            }

            @Override
            public void setRepresentation(INDArray z) {
                seen[0] = z.dup();
            }
        }
        e.compute(b, new Aware(), info(), HeadPolicy.REFERENCE, JacobianMode.AS_NEEDED);
        INDArray z = model.encoder().forward(b.input(), false).dup();
        assertEquals(z.length(), seen[0].length());
        assertTrue(seen[0].equalsWithEps(z.reshape(z.length()), 1e-12));
    }

    /** Fixed weights from the Gramian family. */
    static class FixedGramian implements GramianWeighting, WeightingConfig {
        final double[] w;

        FixedGramian(double[] w) {
            this.w = w;
        }

        @Override
        public StepWeights weigh(double[][] gram, double[] losses, StepInfo step) {
            return StepWeights.of(w);
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
            return w.length;
        }

        @Override
        public void reset() {
        }
    }

    /** Fixed weights read in representation space. */
    static class RepGramian implements GramianWeighting, WeightingConfig {
        final double[] w;

        RepGramian(double[] w) {
            this.w = w;
        }

        @Override
        public StepWeights weigh(double[][] gram, double[] losses, StepInfo step) {
            assertArrayEquals(new int[] {w.length, w.length}, new int[] {gram.length, gram[0].length});
            return StepWeights.of(w);
        }

        @Override
        public GradientSpace gradientSpace() {
            return GradientSpace.REPRESENTATION;
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
            return w.length;
        }

        @Override
        public void reset() {
        }
    }
}
