package org.mtl4j.benchmarks.synthetic;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mtl4j.benchmarks.models.NativeMlp;
import org.mtl4j.core.data.InMemoryMtlDataset;
import org.mtl4j.core.listener.TrainingListener;
import org.mtl4j.core.loss.SoftmaxCrossEntropy;
import org.mtl4j.core.metric.Accuracy;
import org.mtl4j.core.model.HpsModel;
import org.mtl4j.core.model.nd4j.ComputeLanes;
import org.mtl4j.core.optim.Adam;
import org.mtl4j.core.synthetic.SyntheticProblem;
import org.mtl4j.core.task.Task;
import org.mtl4j.core.task.TaskSet;
import org.mtl4j.core.train.MtlTrainer;
import org.mtl4j.core.train.RunResult;
import org.mtl4j.core.train.TrainerConfig;
import org.mtl4j.core.weighting.WeightingConfig;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The synthetic multi-task benchmark: {@link SyntheticProblem} data, a native dense encoder
 * {@code d → 64 → 64} (ReLU) and fused linear heads with softmax cross-entropy, Adam.
 *
 * @param problem   the data generator
 * @param trainSize training examples
 * @param evalSize  validation and test examples each
 * @param batchSize batch size
 * @param hidden    hidden width of the encoder
 * @param lr        Adam learning rate
 */
public record SyntheticBenchmark(SyntheticProblem problem, int trainSize, int evalSize, int batchSize, int hidden, double lr) {

    /** @return the demo setting */
    public static SyntheticBenchmark defaults() {
        return new SyntheticBenchmark(SyntheticProblem.defaults(), 4000, 1000, 64, 64, 1e-3);
    }

    /** @return the tasks (task i is "task{i}") */
    public TaskSet tasks() {
        List<Task> ts = new ArrayList<>();
        for (int t = 0; t < problem.numTasks(); t++) {
            ts.add(Task.of("task" + t, SoftmaxCrossEntropy.withoutIgnoreIndex(), Accuracy.defaults()));
        }
        return TaskSet.of(ts);
    }

    /**
     * Trains on all tasks, or on one task alone ({@code onlyTask ≥ 0}, a single-task baseline).
     *
     * @return the run's result
     */
    public RunResult run(WeightingConfig weighting, int onlyTask, int epochs, long seed, Path runRecord,
                         List<? extends TrainingListener> listeners, java.util.Map<String, java.util.Map<String, Double>> baselines) {
        InMemoryMtlDataset train = problem.generate(trainSize, 0, batchSize, true);
        InMemoryMtlDataset val = problem.generate(evalSize, 1, 500, false);
        InMemoryMtlDataset test = problem.generate(evalSize, 2, 500, false);
        TaskSet tasks = tasks();
        if (onlyTask >= 0) {
            tasks = tasks.single(onlyTask);
            train = only(train, onlyTask, batchSize, true);
            val = only(val, onlyTask, 500, false);
            test = only(test, onlyTask, 500, false);
        }
        ComputeLanes lanes = ComputeLanes.auto();
        HpsModel model = NativeMlp.model(tasks, NativeMlp.encoder(lanes, seed, DataType.FLOAT, Activation.RELU, problem.inputDim(), hidden,
                hidden), NativeMlp.linearHeads(lanes, seed, DataType.FLOAT, tasks.size(), hidden, problem.numClasses()));
        TrainerConfig tc = TrainerConfig.of(epochs, Adam.of(lr)).withSeed(seed).withBaselines(baselines);
        MtlTrainer trainer = new MtlTrainer(model, weighting, tc, runRecord, listeners, lanes);
        return trainer.fit(train, val, test);
    }

    private static InMemoryMtlDataset only(InMemoryMtlDataset d, int task, int batch, boolean shuffle) {
        INDArray y = d.labels(task);
        return new InMemoryMtlDataset(d.inputs(), List.of(y), batch, shuffle);
    }
}
