package org.mtl4j.benchmarks.normal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtl4j.benchmarks.models.Dl4jMlp;
import org.mtl4j.benchmarks.synthetic.SyntheticBenchmark;
import org.mtl4j.core.data.InMemoryMtlDataset;
import org.mtl4j.core.data.MtlDataSource;
import org.mtl4j.core.model.Module;
import org.mtl4j.core.optim.Adam;
import org.mtl4j.core.optim.OptimizerConfig;
import org.mtl4j.core.task.TaskSet;
import org.mtl4j.models.normal.FeatureLayout;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The synthetic problem of {@link SyntheticBenchmark} (defaults: 3 classification tasks,
 * d = 32, 4 classes, conflict ρ = −0.3): encoder {@code d → 64 → 64} ReLU, linear heads, Adam
 * 1e-3, batch 64, float32.
 */
final class SyntheticSetup implements BenchmarkProblem {
    private final SyntheticBenchmark bench;
    private final InMemoryMtlDataset train;
    private final InMemoryMtlDataset validation;
    private final InMemoryMtlDataset test;

    SyntheticSetup(SyntheticBenchmark bench) {
        this.bench = bench;
        this.train = bench.problem().generate(bench.trainSize(), 0, bench.batchSize(), true);
        this.validation = bench.problem().generate(bench.evalSize(), 1, 500, false);
        this.test = bench.problem().generate(bench.evalSize(), 2, 500, false);
    }

    @Override
    public String name() {
        return "synthetic";
    }

    @Override
    public TaskSet tasks() {
        return bench.tasks();
    }

    @Override
    public MtlDataSource train() {
        return train;
    }

    @Override
    public MtlDataSource validation() {
        return validation;
    }

    @Override
    public MtlDataSource test() {
        return test;
    }

    @Override
    public Module encoder(long seed) {
        return Dl4jMlp.encoder(seed, DataType.FLOAT, Activation.RELU, bench.problem().inputDim(), bench.hidden(), bench.hidden());
    }

    @Override
    public List<? extends Module> heads(long seed) {
        return Dl4jMlp.linearHeads(seed, DataType.FLOAT, bench.problem().numTasks(), bench.hidden(), bench.problem().numClasses());
    }

    @Override
    public int featureWidth() {
        return bench.hidden();
    }

    @Override
    public FeatureLayout layout() {
        return FeatureLayout.VECTOR;
    }

    @Override
    public OptimizerConfig optimizer() {
        return Adam.of(bench.lr());
    }

    @Override
    public String metric() {
        return "accuracy";
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("problem", bench.problem().toString());
        d.put("trainSize", bench.trainSize());
        d.put("evalSize", bench.evalSize());
        d.put("batchSize", bench.batchSize());
        d.put("encoder", bench.problem().inputDim() + "-" + bench.hidden() + "-" + bench.hidden() + " ReLU (DL4J)");
        d.put("heads", "linear " + bench.hidden() + "->" + bench.problem().numClasses());
        d.put("optimizer", "Adam " + bench.lr());
        return d;
    }
}
