package org.mtl4j.weighting.bilevel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtl4j.core.data.InMemoryMtlDataset;
import org.mtl4j.core.io.Json;
import org.mtl4j.core.loss.SoftmaxCrossEntropy;
import org.mtl4j.core.metric.Accuracy;
import org.mtl4j.core.model.Dl4jModule;
import org.mtl4j.core.model.HpsModel;
import org.mtl4j.core.optim.Adam;
import org.mtl4j.core.synthetic.SyntheticProblem;
import org.mtl4j.core.task.Task;
import org.mtl4j.core.task.TaskSet;
import org.mtl4j.core.train.MtlTrainer;
import org.mtl4j.core.train.RunResult;
import org.mtl4j.core.train.TrainerConfig;
import org.mtl4j.core.weighting.UpperLevelData;
import org.mtl4j.core.weighting.WeightingConfig;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;

/** A short {@code train}-style run of MOML and FORUM through the trainer on the synthetic problem. */
class BilevelTrainingTest {

    private static Dl4jModule dense(long seed, Activation act, int... sizes) {
        var list = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER).list();
        for (int i = 0; i + 1 < sizes.length; i++) {
            list.layer(new DenseLayer.Builder().nIn(sizes[i]).nOut(sizes[i + 1]).activation(act).build());
        }
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return new Dl4jModule(net);
    }

    @ParameterizedTest
    @ValueSource(strings = {"moml", "moml-t3", "forum"})
    void lowersEveryTasksLossAndRecordsTheUpperLevelData(String method, @TempDir Path dir) throws Exception {
        SyntheticProblem problem = SyntheticProblem.defaults();
        InMemoryMtlDataset train = problem.generate(256, 0, 32, true);
        InMemoryMtlDataset val = problem.generate(128, 1, 64, false);
        List<Task> ts = new ArrayList<>();
        List<Dl4jModule> heads = new ArrayList<>();
        for (int t = 0; t < problem.numTasks(); t++) {
            ts.add(Task.of("task" + t, SoftmaxCrossEntropy.withoutIgnoreIndex(), Accuracy.defaults()));
            heads.add(dense(20 + t, Activation.IDENTITY, 16, problem.numClasses()));
        }
        HpsModel model = HpsModel.of(TaskSet.of(ts), dense(3, Activation.RELU, problem.inputDim(), 16, 16), heads);
        WeightingConfig cfg = switch (method) {
            case "moml" -> MomlConfig.defaults().withOuterLr(0.05);
            case "moml-t3" -> MomlConfig.defaults().withInnerSteps(3).withOuterLr(0.05).withUpperData(UpperLevelData.VALIDATION_SPLIT);
            default -> ForumConfig.defaults().withOuterLr(0.05).withInnerSteps(3);
        };
        Path rec = dir.resolve("run.json");
        MtlTrainer trainer = new MtlTrainer(model, cfg, TrainerConfig.of(3, Adam.of(1e-2)).withSeed(1), rec, List.of());
        RunResult r = trainer.fit(train, val, null);
        double[] first = r.trainLossHistory().get(0);
        double[] last = r.trainLossHistory().get(r.trainLossHistory().size() - 1);
        for (int i = 0; i < problem.numTasks(); i++) {
            assertTrue(last[i] < 0.9 * first[i], method + ": task " + i + " loss " + first[i] + " -> " + last[i]);
        }
        double[] w = r.weightHistory().get(r.weightHistory().size() - 1);
        double sum = 0;
        for (double x : w) {
            assertTrue(x > 0);
            sum += x;
        }
        assertEquals(1.0, sum, 1e-9, "task weights stay on the simplex");
        JsonNode json = Json.mapper().readTree(rec.toFile());
        String expected = method.equals("moml-t3") ? "VALIDATION_SPLIT" : "TRAINING_BATCHES";
        assertEquals(expected, json.get("weighting").get("params").get("upperData").asText());
    }
}
