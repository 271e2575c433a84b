package org.mtl4j.benchmarks.normal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtl4j.benchmarks.multidigit.BenchmarkSplits;
import org.mtl4j.benchmarks.multidigit.LeNet;
import org.mtl4j.benchmarks.multidigit.LoadedMultiDigitBenchmark;
import org.mtl4j.benchmarks.multidigit.TrainCommand;
import org.mtl4j.core.data.MtlDataSource;
import org.mtl4j.core.model.Module;
import org.mtl4j.core.optim.Adam;
import org.mtl4j.core.optim.OptimizerConfig;
import org.mtl4j.core.task.TaskSet;
import org.mtl4j.models.normal.FeatureLayout;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A two-item benchmark (Multi-Fashion, Multi-MNIST, Multi-(Fashion+MNIST)) of
 * {@code org.mtl4j.benchmarks.multidigit}: tasks top-left / bottom-right, the ParetoMTL LeNet
 * encoder (output {@code [B, 50]}) and linear heads, float32, with the reduced protocol of the
 * training command on small machines (Adam 1e-3, constant rate). NORMAL's block sits on the
 * 50 LeNet features.
 */
final class MultiDigitSetup implements BenchmarkProblem {
    private final LoadedMultiDigitBenchmark bench;
    private final BenchmarkSplits splits;
    private final double learningRate;

    MultiDigitSetup(LoadedMultiDigitBenchmark bench, double learningRate) {
        // DL4J's convolution layers use libnd4j's native helpers only when asked (see TrainCommand)
        if (System.getProperty(TrainCommand.HELPERS_PROPERTY) == null) {
            System.setProperty(TrainCommand.HELPERS_PROPERTY, "false");
        }
        this.bench = bench;
        this.splits = bench.data(0, 1);
        this.learningRate = learningRate;
    }

    @Override
    public String name() {
        return bench.name();
    }

    @Override
    public TaskSet tasks() {
        return bench.tasks();
    }

    @Override
    public MtlDataSource train() {
        return splits.train();
    }

    @Override
    public MtlDataSource validation() {
        return splits.validation();
    }

    @Override
    public MtlDataSource test() {
        return splits.test();
    }

    @Override
    public Module encoder(long seed) {
        return LeNet.encoder(seed, bench.settings().layout().outputSide(), DataType.FLOAT);
    }

    @Override
    public List<? extends Module> heads(long seed) {
        return LeNet.heads(seed, DataType.FLOAT, bench.tasks().size());
    }

    @Override
    public int featureWidth() {
        return LeNet.REPRESENTATION;
    }

    @Override
    public FeatureLayout layout() {
        return FeatureLayout.VECTOR;
    }

    @Override
    public OptimizerConfig optimizer() {
        return Adam.of(learningRate);
    }

    @Override
    public String metric() {
        return "accuracy";
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>(bench.description());
        d.put("encoder", "LeNet (ParetoMTL), " + LeNet.REPRESENTATION + " features (DL4J)");
        d.put("heads", "linear " + LeNet.REPRESENTATION + "->" + LeNet.CLASSES);
        d.put("optimizer", "Adam " + learningRate);
        return d;
    }
}
