package org.mtl4j.models.normal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtl4j.core.data.InMemoryMtlDataset;
import org.mtl4j.core.loss.SoftmaxCrossEntropy;
import org.mtl4j.core.metric.Accuracy;
import org.mtl4j.core.model.Dl4jModule;
import org.mtl4j.core.model.HpsModel;
import org.mtl4j.core.model.SeparateHeads;
import org.mtl4j.core.optim.Adam;
import org.mtl4j.core.synthetic.SyntheticProblem;
import org.mtl4j.core.task.Task;
import org.mtl4j.core.task.TaskSet;
import org.mtl4j.core.train.Checkpoint;
import org.mtl4j.core.train.MtlTrainer;
import org.mtl4j.core.train.TrainerConfig;
import org.mtl4j.core.weighting.EqualWeighting;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;

/** NORMAL inside the core trainer (float32, as in real runs): position updates, history, checkpoints. */
class NormalTrainingTest {
    private static final SyntheticProblem PROBLEM = new SyntheticProblem(2, 8, 3, -0.3, 0.1, 3L);

    private static Dl4jModule dense(long seed, Activation act, int in, int out) {
        var conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(in).nOut(out).activation(act).build()).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return new Dl4jModule(net);
    }

    private record Setup(HpsModel model, NormalTransform block) {
    }

    private static Setup setup(NormalConfig cfg) {
        List<Task> ts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ts.add(Task.of("task" + i, SoftmaxCrossEntropy.withoutIgnoreIndex(), Accuracy.defaults()));
        }
        TaskSet tasks = TaskSet.of(ts);
        NormalTransform block = cfg.create(tasks);
        HpsModel model = new HpsModel(tasks, dense(1, Activation.RELU, 8, 6), block,
                new SeparateHeads(List.of(dense(2, Activation.IDENTITY, 6, 3), dense(3, Activation.IDENTITY, 6, 3))));
        return new Setup(model, block);
    }

    private static TrainerConfig trainer(int epochs) {
        return TrainerConfig.of(epochs, Adam.of(1e-2)).withSeed(4).withMaxStepsPerEpoch(6);
    }

    @Test
    void theTrainerMovesLearnedPositionsAndTheHistoryRecordsThem(@TempDir Path dir) {
        NormalConfig cfg = NormalConfig.defaults(2, 6).withSolver(org.mtl4j.models.ode.OdeSolverConfig.euler(3))
                .withPositionLearningRate(0.5);
        Setup s = setup(cfg);
        PositionHistory history = new PositionHistory(s.block(), 2);
        InMemoryMtlDataset train = PROBLEM.generate(96, 0, 16, true);
        new MtlTrainer(s.model(), EqualWeighting.Config.defaults(), trainer(2), null, List.of(history)).fit(train, null, null);
        List<PositionHistory.Entry> epochs = history.epochEntries();
        assertEquals(3, epochs.size(), "initial + 2 epochs");
        assertArrayEquals(new double[] {1.0, 1.0}, epochs.get(0).positions(), 0.0);
        assertEquals(12, s.block().positionUpdates(), "one update per step");
        assertNotEquals(1.0, epochs.get(2).positions()[0]);
        assertArrayEquals(s.block().positions(), epochs.get(2).positions(), 0.0);
        assertEquals(1 + 6, history.stepEntries().size(), "initial + every 2nd of 12 steps");
        history.writeJson(dir.resolve("positions.json"));
        assertTrue(Files.exists(dir.resolve("positions.json")));
        Map<String, Object> map = history.toMap();
        assertEquals(List.of("task0", "task1"), map.get("tasks"));
    }

    @Test
    void fixedPositionsStayFixedUnderTheTrainer() {
        Setup s = setup(NormalAblation.FIXED_DIFFERENT.apply(NormalConfig.defaults(2, 6)));
        PositionHistory history = PositionHistory.perEpoch(s.block());
        new MtlTrainer(s.model(), EqualWeighting.Config.defaults(), trainer(1).withClipNorm(1.0), null, List.of(history))
                .fit(PROBLEM.generate(96, 0, 16, true), null, null);
        assertArrayEquals(new double[] {1.0, 1.25}, history.epochEntries().get(1).positions(), 0.0);
    }

    @Test
    void positionsTravelInCheckpoints(@TempDir Path dir) {
        NormalConfig cfg = NormalConfig.defaults(2, 6).withSolver(org.mtl4j.models.ode.OdeSolverConfig.euler(3))
                .withPositionLearningRate(0.5);
        Setup a = setup(cfg);
        new MtlTrainer(a.model(), EqualWeighting.Config.defaults(), trainer(1).withCheckpointDir(dir), null, List.of())
                .fit(PROBLEM.generate(96, 0, 16, true), null, null);
        double[] trained = a.block().positions();
        Setup b = setup(cfg);
        assertArrayEquals(new double[] {1.0, 1.0}, b.block().positions(), 0.0);
        new MtlTrainer(b.model(), EqualWeighting.Config.defaults(), trainer(1), null, List.of())
                .resumeFrom(dir.resolve(Checkpoint.FILE_NAME));
        for (int i = 0; i < 2; i++) {
            assertEquals((float) trained[i], (float) b.block().positions()[i], 0.0f, "position of task " + i);
        }
    }
}
