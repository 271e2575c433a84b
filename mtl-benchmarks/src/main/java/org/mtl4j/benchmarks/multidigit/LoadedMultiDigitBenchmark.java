package org.mtl4j.benchmarks.multidigit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mtl4j.benchmarks.data.mnist.ItemPosition;
import org.mtl4j.benchmarks.data.mnist.MultiDigitBenchmarkData;
import org.mtl4j.benchmarks.data.mnist.MultiDigitSizes;
import org.mtl4j.benchmarks.data.mnist.SplitCounts;
import org.mtl4j.core.loss.SoftmaxCrossEntropy;
import org.mtl4j.core.metric.Accuracy;
import org.mtl4j.core.model.HpsModel;
import org.mtl4j.core.task.Task;
import org.mtl4j.core.task.TaskSet;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A {@link MultiDigitBenchmark} with its generated splits in memory: tasks "top-left" and
 * "bottom-right" (softmax cross-entropy, accuracy), {@link MultiDigitDataSource}s over the splits
 * and freshly initialised {@link LeNet} models. Immutable apart from the data sources' permutation
 * caches; the splits are shared by every run.
 */
public final class LoadedMultiDigitBenchmark implements TrainingBenchmark {
    private final MultiDigitBenchmark settings;
    private final MultiDigitBenchmarkData data;
    private final TaskSet tasks;
    private final LeNet.EncoderPath encoderPath;

    LoadedMultiDigitBenchmark(MultiDigitBenchmark settings, MultiDigitBenchmarkData data) {
        this(settings, data, LeNet.EncoderPath.NATIVE);
    }

    private LoadedMultiDigitBenchmark(MultiDigitBenchmark settings, MultiDigitBenchmarkData data, LeNet.EncoderPath encoderPath) {
        this.encoderPath = Objects.requireNonNull(encoderPath, "encoderPath");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.data = Objects.requireNonNull(data, "data");
        if (data.kind() != settings.kind() || data.layout() != settings.layout() || data.seed() != settings.dataSeed()
                || !data.sizes().equals(settings.sizes())) {
            throw new IllegalArgumentException("data was generated for " + data.kind() + "/" + data.layout() + "/seed "
                    + data.seed() + "/" + data.sizes() + ", the settings ask for " + settings.kind() + "/"
                    + settings.layout() + "/seed " + settings.dataSeed() + "/" + settings.sizes());
        }
        List<Task> ts = new ArrayList<>();
        for (ItemPosition p : ItemPosition.values()) {
            ts.add(Task.of(taskName(p), SoftmaxCrossEntropy.withoutIgnoreIndex(), Accuracy.defaults()));
        }
        this.tasks = TaskSet.of(ts);
    }

    /**
     * @param position an item position
     * @return the name of its task: {@code top-left} or {@code bottom-right}
     */
    public static String taskName(ItemPosition position) {
        return position == ItemPosition.TOP_LEFT ? "top-left" : "bottom-right";
    }

    /**
     * @param path the encoder implementation for the models this benchmark builds
     * @return this benchmark with that encoder (same data, tasks and initial parameters)
     */
    public LoadedMultiDigitBenchmark withEncoder(LeNet.EncoderPath path) {
        return new LoadedMultiDigitBenchmark(settings, data, path);
    }

    /** @return the encoder implementation of the models (NATIVE unless changed) */
    public LeNet.EncoderPath encoderPath() {
        return encoderPath;
    }

    /** @return the settings */
    public MultiDigitBenchmark settings() {
        return settings;
    }

    /** @return the generated splits */
    public MultiDigitBenchmarkData generated() {
        return data;
    }

    @Override
    public String name() {
        return MultiDigitBenchmark.cliName(settings.kind());
    }

    @Override
    public TaskSet tasks() {
        return tasks;
    }

    @Override
    public BenchmarkSplits data(int... taskIndices) {
        subset(taskIndices);
        List<ItemPosition> positions = new ArrayList<>();
        for (int t : taskIndices) {
            positions.add(ItemPosition.values()[t]);
        }
        return new BenchmarkSplits(
                new MultiDigitDataSource(data.train(), positions, settings.batchSize(), true),
                new MultiDigitDataSource(data.val(), positions, settings.evalBatchSize(), false),
                new MultiDigitDataSource(data.test(), positions, settings.evalBatchSize(), false));
    }

    @Override
    public HpsModel model(long seed, int... taskIndices) {
        TaskSet picked = subset(taskIndices);
        return LeNet.model(picked, seed, settings.layout().outputSide(), DataType.FLOAT, encoderPath);
    }

    @Override
    public Map<String, Object> description() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("benchmark", name());
        d.put("layout", settings.layout().name());
        d.put("imageSide", settings.layout().outputSide());
        d.put("generationSeed", settings.dataSeed());
        MultiDigitSizes s = settings.sizes();
        Map<String, Object> sizes = new LinkedHashMap<>();
        sizes.put("mnistSources", counts(s.mnistSources()));
        sizes.put("fashionSources", counts(s.fashionSources()));
        sizes.put("composites", counts(s.composites()));
        d.put("sizes", sizes);
        d.put("batchSize", settings.batchSize());
        d.put("encoder", encoderPath.name().toLowerCase(java.util.Locale.ROOT));
        d.put("checksums", data.checksums());
        return d;
    }

    private static List<Integer> counts(SplitCounts c) {
        return List.of(c.train(), c.val(), c.test());
    }
}
