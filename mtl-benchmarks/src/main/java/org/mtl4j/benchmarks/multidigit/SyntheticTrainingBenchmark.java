package org.mtl4j.benchmarks.multidigit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mtl4j.benchmarks.models.Dl4jMlp;
import org.mtl4j.benchmarks.synthetic.SyntheticBenchmark;
import org.mtl4j.core.data.InMemoryMtlDataset;
import org.mtl4j.core.model.HpsModel;
import org.mtl4j.core.synthetic.SyntheticProblem;
import org.mtl4j.core.task.TaskSet;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The synthetic conflicting-tasks problem of {@link SyntheticBenchmark} as a {@link TrainingBenchmark}
 * (dense ReLU encoder {@code d → h → h}, a linear head per task), so the train command runs on it
 * without any data files. The three splits are generated once (streams 0, 1, 2 of the problem)
 * and restricted per run to the requested tasks.
 */
public final class SyntheticTrainingBenchmark implements TrainingBenchmark {
    private static final int EVAL_BATCH_SIZE = 500;
    private final SyntheticBenchmark settings;
    private final InMemoryMtlDataset train;
    private final InMemoryMtlDataset validation;
    private final InMemoryMtlDataset test;

    /** @param settings problem, sizes, batch size and hidden width */
    public SyntheticTrainingBenchmark(SyntheticBenchmark settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        SyntheticProblem p = settings.problem();
        this.train = p.generate(settings.trainSize(), 0, settings.batchSize(), true);
        this.validation = p.generate(settings.evalSize(), 1, EVAL_BATCH_SIZE, false);
        this.test = p.generate(settings.evalSize(), 2, EVAL_BATCH_SIZE, false);
    }

    @Override
    public String name() {
        return "synthetic";
    }

    @Override
    public TaskSet tasks() {
        return settings.tasks();
    }

    @Override
    public BenchmarkSplits data(int... taskIndices) {
        subset(taskIndices);
        return new BenchmarkSplits(restrict(train, taskIndices, settings.batchSize(), true),
                restrict(validation, taskIndices, EVAL_BATCH_SIZE, false),
                restrict(test, taskIndices, EVAL_BATCH_SIZE, false));
    }

    private static InMemoryMtlDataset restrict(InMemoryMtlDataset d, int[] taskIndices, int batch, boolean shuffle) {
        List<INDArray> labels = new ArrayList<>();
        for (int t : taskIndices) {
            labels.add(d.labels(t));
        }
        return new InMemoryMtlDataset(d.inputs(), labels, batch, shuffle);
    }

    @Override
    public HpsModel model(long seed, int... taskIndices) {
        TaskSet picked = subset(taskIndices);
        SyntheticProblem p = settings.problem();
        return HpsModel.of(picked,
                Dl4jMlp.encoder(seed, DataType.FLOAT, Activation.RELU, p.inputDim(), settings.hidden(), settings.hidden()),
                Dl4jMlp.linearHeads(seed, DataType.FLOAT, picked.size(), settings.hidden(), p.numClasses()));
    }

    @Override
    public Map<String, Object> description() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("benchmark", name());
        d.put("problem", settings.problem());
        d.put("generationSeed", settings.problem().seed());
        d.put("trainSize", settings.trainSize());
        d.put("evalSize", settings.evalSize());
        d.put("batchSize", settings.batchSize());
        Map<String, String> sums = new LinkedHashMap<>();
        sums.put("train", train.checksum());
        sums.put("val", validation.checksum());
        sums.put("test", test.checksum());
        d.put("checksums", sums);
        return d;
    }
}
