package org.mtl4j.benchmarks.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.mtl4j.benchmarks.models.Dl4jMlp;
import org.mtl4j.core.data.MtlBatch;
import org.mtl4j.core.grad.GradientEngine;
import org.mtl4j.core.grad.JacobianMode;
import org.mtl4j.core.io.AtomicFiles;
import org.mtl4j.core.loss.SoftmaxCrossEntropy;
import org.mtl4j.core.model.HpsModel;
import org.mtl4j.core.optim.FlatOptimizer;

import org.mtl4j.core.task.Task;
import org.mtl4j.core.task.TaskSet;
import org.mtl4j.core.weighting.EqualWeighting;
import org.mtl4j.core.weighting.GradientSpace;
import org.mtl4j.core.weighting.HeadPolicy;
import org.mtl4j.core.weighting.LossWeighting;
import org.mtl4j.core.weighting.MultiBatchAggregator;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.StepWeights;
import org.mtl4j.core.weighting.WeightingConfig;
import org.mtl4j.core.weighting.WeightingRegistry;
import org.mtl4j.core.weighting.WeightingStrategy;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mtl4j bench step}: the W1 step (shared MLP 784-512-256 ReLU, m linear heads 256→10 with
 * softmax cross-entropy, batch 100, float32, SGD) in milliseconds: (a) EW through the
 * one-backward path, (b) the full Jacobian (m encoder backward passes) plus the EW combination
 * {@code d = Jᵀw} and the Gramian, (c) representation gradients (m gradients w.r.t. Z, one
 * encoder backward), (d) a plain DL4J ComputationGraph with m outputs ({@code fit}) as the
 * reference; plus any named strategies (multi-batch strategies on {@code batchesPerStep()} distinct
 * batches, so their step includes that many forward and Jacobian passes). Median, min and p90 over the measured steps, resident
 * memory before and after.
 */
@Command(name = "step", description = "Time the W1 training step (ms per step).")
public final class BenchStepCommand implements Callable<Integer> {
    @Option(names = "--tasks", split = ",", description = "Numbers of tasks m (default: 2,10).")
    int[] tasks = {2, 10};

    @Option(names = "--steps", description = "Measured steps per case (default: ${DEFAULT-VALUE}).")
    int steps = 200;

    @Option(names = "--warmup", description = "Warm-up steps per case (default: ${DEFAULT-VALUE}).")
    int warmup = 30;

    @Option(names = "--methods", split = ",", description = "Extra registered strategies to time (e.g. mgda,pcgrad).")
    List<String> methods = new ArrayList<>();

    @Option(names = "--out", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("runs", "bench-step");

    @Override
    public Integer call() throws IOException {
        if (steps < 1 || warmup < 0) {
            throw new IllegalArgumentException("--steps must be >= 1 and --warmup >= 0, found " + steps + " and " + warmup);
        }
        Files.createDirectories(out);
        List<Map<String, Object>> rows = new ArrayList<>();
        long rss0 = rssKb();
        System.out.printf("%-28s %4s %9s %9s %9s%n", "case", "m", "median", "min", "p90");
        for (int m : tasks) {
            if (m < 1) {
                throw new IllegalArgumentException("--tasks entries must be >= 1, found " + m);
            }
            rows.add(row("a-ew", m, timeEngine(m, EqualWeighting.Config.defaults(), JacobianMode.AS_NEEDED)));
            rows.add(row("b-jacobian-ew", m, timeEngine(m, EqualWeighting.Config.defaults(), JacobianMode.ALWAYS)));
            rows.add(row("c-representation-ew", m, timeEngine(m, new RepresentationEw(), JacobianMode.ALWAYS)));
            rows.add(row("d-dl4j-graph-fit", m, timeGraph(m)));
            WeightingRegistry reg = WeightingRegistry.load();
            for (String name : methods) {
                rows.add(row(name, m, timeEngine(m, reg.configure(name, Map.of()), JacobianMode.AS_NEEDED)));
            }
        }
        long rss1 = rssKb();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "W1 step");
        result.put("rows", rows);
        result.put("rssKbBefore", rss0);
        result.put("rssKbAfter", rss1);
        result.put("ompNumThreads", System.getenv("OMP_NUM_THREADS"));
        Path json = out.resolve("bench-step.json");
        AtomicFiles.writeJson(json, result);
        System.out.printf("RSS before %d MB, after %d MB%n", rss0 / 1024, rss1 / 1024);
        Map<String, Object> res = new LinkedHashMap<>(result);
        res.put("files", List.of(json.toString()));
        ResultLine.print(System.out, res);
        return 0;
    }

    private Map<String, Object> row(String name, int m, double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        double median = s[s.length / 2];
        double p90 = s[(int) Math.min(s.length - 1, Math.floor(0.9 * s.length))];
        System.out.printf("%-28s %4d %9.3f %9.3f %9.3f%n", name, m, median, s[0], p90);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("case", name);
        r.put("m", m);
        r.put("medianMs", median);
        r.put("minMs", s[0]);
        r.put("p90Ms", p90);
        return r;
    }

    private static MtlBatch batch(int m, SplittableRandom r) {
        INDArray x = Nd4j.rand(DataType.FLOAT, 100, 784);
        List<INDArray> ys = new ArrayList<>();
        for (int t = 0; t < m; t++) {
            INDArray y = Nd4j.zeros(DataType.FLOAT, 100, 10);
            for (int b = 0; b < 100; b++) {
                y.putScalar(b, r.nextInt(10), 1f);
            }
            ys.add(y);
        }
        return MtlBatch.single(x, ys);
    }

    private double[] timeEngine(int m, WeightingConfig wc, JacobianMode mode) {
        Nd4j.getRandom().setSeed(1);
        List<Task> ts = new ArrayList<>();
        for (int t = 0; t < m; t++) {
            ts.add(new Task(org.mtl4j.core.task.TaskId.of("t" + t), SoftmaxCrossEntropy.withoutIgnoreIndex(),
                    List.of(org.mtl4j.core.metric.Accuracy.defaults())));
        }
        TaskSet tasks = TaskSet.of(ts);
        HpsModel model = HpsModel.of(tasks, Dl4jMlp.encoder(1, DataType.FLOAT, Activation.RELU, 784, 512, 256),
                Dl4jMlp.linearHeads(1, DataType.FLOAT, m, 256, 10));
        GradientEngine engine = new GradientEngine(model);
        FlatOptimizer opt = org.mtl4j.core.optim.Sgd.of(0.01).create(model.params());
        WeightingStrategy s = wc.create(m);
        MtlBatch b = batch(m, new SplittableRandom(m));
        List<MtlBatch> extra = new ArrayList<>(List.of(b));
        double[] times = new double[steps];
        for (int i = 0; i < warmup + steps; i++) {
            long t0 = System.nanoTime();
            StepInfo info = new StepInfo(i + 1, 0, new SplittableRandom(i), List.of());
            if (s instanceof MultiBatchAggregator mb) {
                while (extra.size() < mb.batchesPerStep()) {
                    extra.add(batch(m, new SplittableRandom(1000L * m + extra.size())));
                }
                engine.computeMultiBatch(extra.subList(0, mb.batchesPerStep()), mb, info, HeadPolicy.REFERENCE);
            } else {
                engine.compute(b, s, info, HeadPolicy.REFERENCE, mode);
            }
            opt.step(model.params(), model.gradients(), 0.01);
            if (i >= warmup) {
                times[i - warmup] = (System.nanoTime() - t0) / 1e6;
            }
        }
        return times;
    }

    private double[] timeGraph(int m) {
        var gb = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER)
                .updater(new Sgd(0.01)).graphBuilder().addInputs("x")
                .addLayer("h1", new DenseLayer.Builder().nIn(784).nOut(512).activation(Activation.RELU).build(), "x")
                .addLayer("h2", new DenseLayer.Builder().nIn(512).nOut(256).activation(Activation.RELU).build(), "h1");
        String[] outs = new String[m];
        for (int t = 0; t < m; t++) {
            outs[t] = "out" + t;
            gb.addLayer(outs[t], new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(256).nOut(10)
                    .activation(Activation.SOFTMAX).build(), "h2");
        }
        ComputationGraph cg = new ComputationGraph(gb.setOutputs(outs).build());
        cg.init();
        MtlBatch b = batch(m, new SplittableRandom(m));
        INDArray[] labels = new INDArray[m];
        for (int t = 0; t < m; t++) {
            labels[t] = b.labels(t);
        }
        MultiDataSet mds = new MultiDataSet(new INDArray[] {b.input()}, labels);
        double[] times = new double[steps];
        for (int i = 0; i < warmup + steps; i++) {
            long t0 = System.nanoTime();
            cg.fit(mds);
            if (i >= warmup) {
                times[i - warmup] = (System.nanoTime() - t0) / 1e6;
            }
        }
        return times;
    }

    static long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** EW read in representation space: m gradients w.r.t. Z, then one encoder backward (case c). */
    static final class RepresentationEw implements WeightingConfig, LossWeighting {
        private int m = 1;

        @Override
        public WeightingStrategy create(int numTasks) {
            RepresentationEw r = new RepresentationEw();
            r.m = numTasks;
            return r;
        }

        @Override
        public StepWeights weigh(double[] losses, StepInfo step) {
            double[] w = new double[losses.length];
            Arrays.fill(w, 1.0);
            return StepWeights.of(w);
        }

        @Override
        public GradientSpace gradientSpace() {
            return GradientSpace.REPRESENTATION;
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
            // stateless
        }
    }
}
