package org.mtl4j.weighting.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtl4j.core.data.InMemoryMtlDataset;
import org.mtl4j.core.data.MtlBatch;
import org.mtl4j.core.grad.GradientEngine;
import org.mtl4j.core.grad.JacobianMode;
import org.mtl4j.core.grad.StepOutcome;
import org.mtl4j.core.loss.MeanSquaredError;
import org.mtl4j.core.loss.SoftmaxCrossEntropy;
import org.mtl4j.core.metric.Accuracy;
import org.mtl4j.core.metric.MeanSquaredErrorMetric;
import org.mtl4j.core.model.Dl4jModule;
import org.mtl4j.core.model.HpsModel;
import org.mtl4j.core.model.IdentityTransform;
import org.mtl4j.core.model.nd4j.DenseActivation;
import org.mtl4j.core.model.nd4j.DenseStack;
import org.mtl4j.core.model.nd4j.FusedLinearHeads;
import org.mtl4j.core.optim.Adam;
import org.mtl4j.core.synthetic.SyntheticProblem;
import org.mtl4j.core.task.Task;
import org.mtl4j.core.task.TaskSet;
import org.mtl4j.core.train.MtlTrainer;
import org.mtl4j.core.train.RunResult;
import org.mtl4j.core.train.TrainerConfig;
import org.mtl4j.core.weighting.Aggregation;
import org.mtl4j.core.weighting.HeadPolicy;
import org.mtl4j.core.weighting.JacobianAggregator;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.WeightingConfig;
import org.mtl4j.core.weighting.WeightingStrategy;
import org.mtl4j.testkit.StepInfos;
import org.mtl4j.weighting.loss.GradNorm.InitialLoss;
import org.mtl4j.weighting.loss.GradNorm.NormScope;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** GradNorm's {@link NormScope#LAST_SHARED_LAYER} through the gradient engine and the trainer. */
class GradNormTrainingTest {

    private static Dl4jModule dense(long seed, Activation act, int... sizes) {
        var list = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER).list();
        for (int i = 0; i + 1 < sizes.length; i++) {
            list.layer(new DenseLayer.Builder().nIn(sizes[i]).nOut(sizes[i + 1]).activation(act).build());
        }
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return new Dl4jModule(net);
    }

    /** Records the Jacobian J the engine computes and returns the sum direction. */
    private static final class JacobianRecorder implements JacobianAggregator, WeightingConfig {
        private final int m;
        private double[][] seen;

        JacobianRecorder(int m) {
            this.m = m;
        }

        @Override
        public Aggregation aggregate(INDArray jacobian, double[] losses, StepInfo step, INDArray direction) {
            seen = jacobian.castTo(DataType.DOUBLE).toDoubleMatrix();
            direction.assign(jacobian.sum(0));
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

    /** A 5-7-6 tanh encoder with linear heads 6→2: DL4J layers, or the native dense modules (batched Jacobian). */
    private static HpsModel regressionModel(int m, boolean nativeModules) {
        List<Task> ts = new ArrayList<>();
        List<Dl4jModule> heads = new ArrayList<>();
        for (int t = 0; t < m; t++) {
            ts.add(Task.of("task" + t, MeanSquaredError.defaults(), MeanSquaredErrorMetric.defaults()));
            heads.add(dense(40 + t, Activation.IDENTITY, 6, 2));
        }
        if (nativeModules) {
            DenseStack encoder = new DenseStack(DenseStack.Config.mlp(DataType.FLOAT, 3, DenseActivation.tanh(), 5, 7, 6));
            FusedLinearHeads fused = new FusedLinearHeads(FusedLinearHeads.Config.uniform(m, 6, 2, DataType.FLOAT, 4));
            return new HpsModel(TaskSet.of(ts), encoder, new IdentityTransform(m), fused);
        }
        return HpsModel.of(TaskSet.of(ts), dense(3, Activation.TANH, 5, 7, 6), heads);
    }

    private static MtlBatch regressionBatch(int m) {
        Nd4j.getRandom().setSeed(17);
        List<INDArray> ys = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            ys.add(Nd4j.randn(DataType.FLOAT, 8, 2).muli(1 + 2 * i));
        }
        return MtlBatch.single(Nd4j.randn(DataType.FLOAT, 8, 5), ys);
    }

    /**
     * At the first step with FIRST_STEP reference losses the ratios are 1 and the weights 1, so
     * {@code ∂L_grad/∂s_k = Σ_i sign(n_i − mean n) n_i (δ_ik − 1/m)} for the norms n of the scope.
     */
    private static double[] firstStepGradient(double[] n) {
        int m = n.length;
        double mean = Arrays.stream(n).sum() / m;
        double[] g = new double[m];
        for (int i = 0; i < m; i++) {
            double sign = Math.signum(n[i] - mean);
            for (int k = 0; k < m; k++) {
                g[k] += sign * n[i] * ((i == k ? 1.0 : 0.0) - 1.0 / m);
            }
        }
        return g;
    }

    private static double[] rowNorms(double[][] j, int from, int to) {
        double[] n = new double[j.length];
        for (int i = 0; i < j.length; i++) {
            double sq = 0;
            for (int c = from; c < to; c++) {
                sq += j[i][c] * j[i][c];
            }
            n[i] = Math.sqrt(sq);
        }
        return n;
    }

    @ParameterizedTest(name = "native modules: {0}")
    @ValueSource(booleans = {false, true})
    void engineHandsTheLastLayerGramAndTheDirectionStaysOverAllOfTheta(boolean nativeModules) {
        int m = 3;
        HpsModel model = regressionModel(m, nativeModules);
        long[] layers = model.sharedLayerSizes();
        assertEquals(2, layers.length);
        int p = (int) model.numSharedParams();
        int from = (int) (p - layers[1]);
        MtlBatch batch = regressionBatch(m);
        GradientEngine engine = new GradientEngine(model);

        JacobianRecorder rec = new JacobianRecorder(m);
        engine.compute(batch, rec, StepInfos.of(1, 1L), HeadPolicy.UNWEIGHTED, JacobianMode.AS_NEEDED);
        double[][] j = rec.seen;
        double[] sumDirection = model.sharedGradients().castTo(DataType.DOUBLE).toDoubleVector();

        GradNorm gn = new GradNorm.Config(1.5, NormScope.LAST_SHARED_LAYER, 0, InitialLoss.FIRST_STEP).create(m);
        gn.setParameterBlocks(layers, model.sharedTensorSizes());
        StepOutcome out = engine.compute(batch, gn, StepInfos.of(1, 1L), HeadPolicy.REFERENCE, JacobianMode.AS_NEEDED);

        double[] expected = firstStepGradient(rowNorms(j, from, p));
        double[] overAll = firstStepGradient(rowNorms(j, 0, p));
        double scale = Arrays.stream(expected).map(Math::abs).max().orElseThrow();
        for (int k = 0; k < m; k++) {
            assertEquals(expected[k], out.trainableGradient()[k], 1e-4 * scale, "k=" + k);
        }
        double gap = 0;
        for (int k = 0; k < m; k++) {
            gap = Math.max(gap, Math.abs(expected[k] - overAll[k]));
        }
        assertTrue(gap > 1e-2 * scale, "the last-layer and all-θ norms must give different gradients on this problem: "
                + Arrays.toString(expected) + " vs " + Arrays.toString(overAll));
        // weights 1 at the first step: d = Σ g_i over all of θ, as the sum direction of the recorder
        double[] d = model.sharedGradients().castTo(DataType.DOUBLE).toDoubleVector();
        for (int c = 0; c < p; c++) {
            assertEquals(sumDirection[c], d[c], 1e-5 * (1 + Math.abs(sumDirection[c])), "column " + c);
        }
    }

    @Test
    void engineRejectsTheScopeWithoutParameterBlocks() {
        int m = 2;
        HpsModel model = regressionModel(m, false);
        GradientEngine engine = new GradientEngine(model);
        GradNorm gn = new GradNorm.Config(1.5, NormScope.LAST_SHARED_LAYER, 0, InitialLoss.FIRST_STEP).create(m);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> engine.compute(regressionBatch(m), gn,
                StepInfos.of(1, 1L), HeadPolicy.REFERENCE, JacobianMode.AS_NEEDED));
        assertTrue(e.getMessage().contains("LAST_SHARED_LAYER"), e.getMessage());
    }

    @Test
    void trainingWithTheLastSharedLayerScopeLowersEveryTaskLoss() {
        SyntheticProblem problem = new SyntheticProblem(3, 12, 3, -0.3, 0.1, 5L);
        InMemoryMtlDataset train = problem.generate(600, 0, 50, true);
        List<Task> ts = new ArrayList<>();
        List<Dl4jModule> heads = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            ts.add(Task.of("task" + t, SoftmaxCrossEntropy.withoutIgnoreIndex(), Accuracy.defaults()));
            heads.add(dense(20 + t, Activation.IDENTITY, 32, 3));
        }
        HpsModel model = HpsModel.of(TaskSet.of(ts), dense(1, Activation.RELU, 12, 32, 32), heads);
        GradNorm.Config config = new GradNorm.Config(1.5, NormScope.LAST_SHARED_LAYER, 1, InitialLoss.EPOCH_MEAN);
        MtlTrainer trainer = new MtlTrainer(model, config, TrainerConfig.of(4, Adam.of(3e-3)).withSeed(2), null, List.of());
        RunResult r = trainer.fit(train, null, null);
        double[] first = r.trainLossHistory().get(0);
        double[] last = r.trainLossHistory().get(r.trainLossHistory().size() - 1);
        for (int i = 0; i < 3; i++) {
            assertTrue(last[i] < first[i], "task " + i + " loss went from " + first[i] + " to " + last[i]);
        }
        // the weights were trained after the warm-up: s left its initial value
        double[] s = ((GradNorm) trainer.strategy()).trainableValues();
        assertTrue(Arrays.stream(s).anyMatch(v -> Math.abs(v - 1.0) > 1e-6), Arrays.toString(s));
    }
}
