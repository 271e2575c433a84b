package org.mtl4j.weighting;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtl4j.core.data.InMemoryMtlDataset;
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
import org.mtl4j.core.weighting.WeightingConfig;
import org.mtl4j.core.weighting.WeightingRegistry;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Every registered strategy, with its defaults, trains the synthetic conflicting-task problem
 * through the real trainer and lowers every task's training loss (first epoch mean vs last).
 */
class AllStrategiesTrainingTest {

    static Stream<String> strategies() {
        return WeightingRegistry.load().entries().stream().map(e -> e.name());
    }

    static Dl4jModule dense(long seed, Activation act, int... sizes) {
        var list = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER).list();
        for (int i = 0; i + 1 < sizes.length; i++) {
            list.layer(new DenseLayer.Builder().nIn(sizes[i]).nOut(sizes[i + 1]).activation(act).build());
        }
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return new Dl4jModule(net);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void trainingLowersEveryTaskLoss(String name) {
        SyntheticProblem problem = new SyntheticProblem(3, 12, 3, -0.3, 0.1, 5L);
        InMemoryMtlDataset train = problem.generate(600, 0, 50, true);
        InMemoryMtlDataset val = problem.generate(200, 1, 200, false);
        List<Task> ts = new ArrayList<>();
        List<Dl4jModule> heads = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            ts.add(Task.of("task" + t, SoftmaxCrossEntropy.withoutIgnoreIndex(), Accuracy.defaults()));
            heads.add(dense(20 + t, Activation.IDENTITY, 32, 3));
        }
        HpsModel model = HpsModel.of(TaskSet.of(ts), dense(1, Activation.RELU, 12, 32, 32), heads);
        WeightingConfig config = WeightingRegistry.load().configure(name, Map.of());
        RunResult r = new MtlTrainer(model, config, TrainerConfig.of(4, Adam.of(3e-3)).withSeed(2), null, List.of())
                .fit(train, val, null);
        double[] first = r.trainLossHistory().get(0);
        double[] last = r.trainLossHistory().get(r.trainLossHistory().size() - 1);
        for (int i = 0; i < 3; i++) {
            assertTrue(last[i] < first[i], name + ": task " + i + " loss went from " + first[i] + " to " + last[i]);
        }
    }
}
