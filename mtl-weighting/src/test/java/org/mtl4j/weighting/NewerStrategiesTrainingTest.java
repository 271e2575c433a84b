package org.mtl4j.weighting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtl4j.core.data.InMemoryMtlDataset;
import org.mtl4j.core.data.MtlBatch;
import org.mtl4j.core.listener.StepEvent;
import org.mtl4j.core.listener.TrainingControl;
import org.mtl4j.core.listener.TrainingListener;
import org.mtl4j.core.loss.SoftmaxCrossEntropy;
import org.mtl4j.core.metric.Accuracy;
import org.mtl4j.core.model.Dl4jModule;
import org.mtl4j.core.model.HpsModel;
import org.mtl4j.core.optim.Adam;
import org.mtl4j.core.synthetic.SyntheticProblem;
import org.mtl4j.core.task.Task;
import org.mtl4j.core.task.TaskSet;
import org.mtl4j.core.train.MtlTrainer;
import org.mtl4j.core.train.TrainerConfig;
import org.mtl4j.core.weighting.MultiBatchAggregator;
import org.mtl4j.core.weighting.WeightingConfig;
import org.mtl4j.weighting.gradient.AlignedMtlConfig;
import org.mtl4j.weighting.gradient.DbMtlConfig;
import org.mtl4j.weighting.gradient.ExcessMtlConfig;
import org.mtl4j.weighting.gradient.FairGradConfig;
import org.mtl4j.weighting.gradient.UpGradConfig;
import org.mtl4j.weighting.loss.Famo;
import org.mtl4j.weighting.loss.Stch;
import org.mtl4j.weighting.stochastic.MoCo;
import org.mtl4j.weighting.stochastic.MoDo;
import org.mtl4j.weighting.stochastic.SdmGrad;
import org.mtl4j.weighting.stochastic.Smg;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A short training run per new strategy through {@link MtlTrainer} on the synthetic problem
 * (3 conflicting classification tasks): every task's loss on a held-out set falls.
 */
class NewerStrategiesTrainingTest {
    private static final SyntheticProblem PROBLEM = new SyntheticProblem(3, 16, 4, -0.3, 0.1, 11L);

    static Stream<Arguments> strategies() {
        return Stream.of(
                Arguments.of("smg", Smg.Config.defaults()),
                Arguments.of("smg-linear", Smg.Config.linear(2, 0.1, 3)),
                Arguments.of("moco", MoCo.Config.defaults()),
                Arguments.of("moco-projected", MoCo.Config.projected()),
                Arguments.of("modo", MoDo.Config.defaults()),
                Arguments.of("sdmgrad", SdmGrad.Config.defaults()),
                Arguments.of("famo", Famo.Config.defaults()),
                Arguments.of("stch", new Stch.Config(1.0, 1)),
                Arguments.of("aligned-mtl", AlignedMtlConfig.defaults()),
                Arguments.of("db-mtl", DbMtlConfig.defaults()),
                Arguments.of("upgrad", UpGradConfig.defaults()),
                Arguments.of("fairgrad", FairGradConfig.defaults()),
                Arguments.of("excess-mtl", ExcessMtlConfig.defaults()));
    }

    private static Dl4jModule dense(long seed, Activation act, int in, int out) {
        var conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(in).nOut(out).activation(act).build()).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return new Dl4jModule(net);
    }

    private static HpsModel model() {
        List<Task> tasks = new ArrayList<>();
        List<Dl4jModule> heads = new ArrayList<>();
        for (int t = 0; t < PROBLEM.numTasks(); t++) {
            tasks.add(Task.of("task" + t, SoftmaxCrossEntropy.withoutIgnoreIndex(), Accuracy.defaults()));
            heads.add(dense(20 + t, Activation.IDENTITY, 24, PROBLEM.numClasses()));
        }
        return HpsModel.of(TaskSet.of(tasks), dense(5, Activation.TANH, PROBLEM.inputDim(), 24), heads);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void shortRunLowersEveryTasksLoss(String name, WeightingConfig config) {
        InMemoryMtlDataset train = PROBLEM.generate(384, 0, 24, true);
        MtlBatch held = PROBLEM.generate(400, 2, 400, false).batch(0, 0, 0);
        HpsModel model = model();
        int[] steps = {0};
        TrainingListener count = new TrainingListener() {
            @Override
            public void onStep(StepEvent e, TrainingControl control) {
                steps[0]++;
            }
        };
        MtlTrainer trainer = new MtlTrainer(model, config, TrainerConfig.of(4, Adam.of(5e-3)).withSeed(3), null, List.of(count));
        double[] before = trainer.engine().losses(held, false);
        trainer.fit(train, null, null);
        double[] after = trainer.engine().losses(held, false);
        for (int i = 0; i < before.length; i++) {
            assertTrue(after[i] < 0.95 * before[i], name + ": held-out loss of task " + i + " " + before[i] + " -> " + after[i]
                    + " (all: " + Arrays.toString(before) + " -> " + Arrays.toString(after) + ")");
        }
        if (trainer.strategy() instanceof MultiBatchAggregator mb && config instanceof MoDo.Config) {
            assertEquals(4 * 6, steps[0], "MoDo: 16 batches per epoch in steps of 3 (the last wraps)");
            assertEquals(3, mb.batchesPerStep());
        }
        if (trainer.strategy() instanceof Famo famo) {
            assertTrue(Arrays.stream(famo.logits()).anyMatch(v -> v != 0), "the trainer called FAMO's post-step hook");
        }
        if (trainer.strategy() instanceof Stch stch) {
            assertTrue(stch.nadir() != null, "the STCH phase was reached");
        }
    }
}
