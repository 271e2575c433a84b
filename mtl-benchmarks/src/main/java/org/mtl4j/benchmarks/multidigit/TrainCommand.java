package org.mtl4j.benchmarks.multidigit;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.mtl4j.benchmarks.cli.ProgressBarListener;
import org.mtl4j.benchmarks.cli.ResultLine;
import org.mtl4j.benchmarks.data.DataDirectory;
import org.mtl4j.benchmarks.data.DatasetNotFoundException;
import org.mtl4j.benchmarks.data.mnist.CanvasLayout;
import org.mtl4j.benchmarks.data.mnist.MultiDigitSizes;
import org.mtl4j.benchmarks.data.mnist.SplitCounts;
import org.mtl4j.benchmarks.synthetic.SyntheticBenchmark;
import org.mtl4j.core.listener.LoggingListener;
import org.mtl4j.core.listener.TrainingListener;
import org.mtl4j.core.optim.Adam;
import org.mtl4j.core.optim.OptimizerConfig;
import org.mtl4j.core.optim.Sgd;
import org.mtl4j.core.train.LrSchedule;
import org.mtl4j.core.weighting.EqualWeighting;
import org.mtl4j.core.weighting.WeightingConfig;
import org.mtl4j.core.weighting.WeightingRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mtl4j train}: trains a weighting strategy (or, with {@code --stl}, the single-task
 * baselines) on a benchmark for several seeds, evaluating every epoch, and writes
 * <pre>
 * OUT/LABEL/seed-S/{run.json, epochs.csv, accuracy.png, loss.png, weights.png}   one run per seed
 * OUT/LABEL/summary.{json,csv}        test accuracy per task, mean ± std over seeds; Δp vs STL
 * OUT/stl/TASK/seed-S/...            with --stl: one run per task and seed
 * OUT/stl/summary.{json,csv}         the baselines later runs in OUT compare against
 * </pre>
 * and ends with the line {@code RESULT {json}}. A summary covers every finished run of its directory
 * on the same data and protocol, so seeds can be spread over several commands (e.g. in parallel). LABEL is the strategy name followed by its
 * {@code --param} overrides ({@code cagrad_c=0.5}) unless {@code --label} is given. Multi-task runs
 * use {@code --baseline FILE}, else {@code OUT/stl/summary.json} if it exists, for model selection
 * (validation Δp) and for the reported Δp; the baselines must come from the same data (same
 * checksums). Defaults follow ParetoMTL's LeNet protocol on the multi-item benchmarks (SGD
 * 1e-3, momentum 0.9, halved every 15 epochs, batch 256) and Adam 1e-3 on the synthetic problem.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a weighting strategy (or --stl baselines) on a benchmark over seeds; records, CSV, plots, summary.")
public final class TrainCommand implements Callable<Integer> {
    /** The system property that makes DL4J use its native (oneDNN) layer helpers. */
    public static final String HELPERS_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    @Option(names = "--benchmark", required = true,
            description = "multi-fashion, multi-mnist, multi-fashion-mnist or synthetic.")
    String benchmark;

    @Option(names = "--weighting", defaultValue = "ew", description = "Strategy name (see `mtl4j methods`). Default: ${DEFAULT-VALUE}.")
    String weighting;

    @Option(names = "--param", description = "Strategy parameter override k=v (repeatable).")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--label", description = "Directory and table label of the method (default: name and overrides).")
    String label;

    @Option(names = "--stl", description = "Train the single-task baselines instead (stored in OUT/stl).")
    boolean stl;

    @Option(names = "--baseline", description = "STL summary.json for Δp and model selection (default: OUT/stl/summary.json if present).")
    Path baseline;

    @Option(names = "--epochs", required = true, description = "Epochs per run.")
    int epochs;

    @Option(names = "--seeds", split = ",", defaultValue = "1", description = "Seeds, comma-separated. Default: ${DEFAULT-VALUE}.")
    List<Long> seeds;

    @Option(names = "--out", defaultValue = "runs/train", description = "Output directory. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--data-dir", description = "Data directory (default: $MTL4J_DATA, else ~/.mtl4j/data).")
    Path dataDir;

    @Option(names = "--data-seed", defaultValue = "1", description = "Generation seed of the composite images. Default: ${DEFAULT-VALUE}.")
    long dataSeed;

    @Option(names = "--layout", defaultValue = "pareto-36", description = "pareto-36 (36×36) or mgda-28 (28×28). Default: ${DEFAULT-VALUE}.")
    String layout;

    @Option(names = "--composites", split = ",", description = "Composite images train,val,test (default 100000,20000,20000).")
    List<Integer> composites;

    @Option(names = "--train-size", description = "Training images (overrides the first --composites value; synthetic: samples).")
    Integer trainSize;

    @Option(names = "--eval-size", description = "Validation and test images each (overrides --composites; synthetic: samples).")
    Integer evalSize;

    @Option(names = "--mnist-sources", split = ",", description = "MNIST digits reserved per split train,val,test (default 7000,1000,2000).")
    List<Integer> mnistSources;

    @Option(names = "--fashion-sources", split = ",", description = "Fashion-MNIST images per split train,val,test (default 50000,10000,10000).")
    List<Integer> fashionSources;

    @Option(names = "--batch-size", description = "Training batch size (default 256; synthetic 64).")
    Integer batchSize;

    @Option(names = "--optimizer", description = "sgd or adam (default: sgd on multi-item benchmarks, adam on synthetic).")
    String optimizer;

    @Option(names = "--lr", description = "Learning rate (default 1e-3).")
    Double lr;

    @Option(names = "--momentum", description = "SGD momentum (default 0.9).")
    Double momentum;

    @Option(names = "--weight-decay", defaultValue = "0", description = "L2 weight decay. Default: ${DEFAULT-VALUE}.")
    double weightDecay;

    @Option(names = "--lr-step", description = "Multiply the rate by --lr-gamma every N epochs; 0 = constant (default: 15 with sgd, 0 with adam).")
    Integer lrStep;

    @Option(names = "--lr-gamma", defaultValue = "0.5", description = "Decay factor of --lr-step. Default: ${DEFAULT-VALUE}.")
    double lrGamma;

    @Option(names = "--max-steps", defaultValue = "0", description = "Cap on steps per epoch (smoke runs); 0 = whole epochs.")
    int maxSteps;

    @Option(names = "--conflict-stats", description = "Form the Gram matrix of the task gradients every step, whatever the "
            + "strategy reads (one Jacobian per step for loss weightings too), and record the minimum cosine between task "
            + "gradients: epochs.csv columns min_cosine_mean and conflict_share, conflict.png.")
    boolean conflictStats;

    @Option(names = "--encoder", defaultValue = "native", description = "LeNet encoder implementation: native (ND4J "
            + "im2col + GEMM, about twice as fast) or dl4j (DL4J layers); same function and initial parameters. "
            + "Default: ${DEFAULT-VALUE}.")
    String encoder;

    @Option(names = "--no-plots", description = "Do not write PNG plots.")
    boolean noPlots;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @Option(names = "--log-every", defaultValue = "0", description = "Log a step line every N steps (0 = never).")
    int logEvery;

    private PrintStream err = System.err;

    /**
     * Stand-alone entry point (the {@code mtl4j} CLI registers this class as a subcommand). Bad
     * input ends with a one-line message on standard error and exit code 2.
     *
     * @param args command line
     */
    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new TrainCommand());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException
                    || ex instanceof java.io.UncheckedIOException) {
                System.err.println("train: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        System.exit(cl.execute(args));
    }

    @Override
    public Integer call() throws IOException {
        return run(System.out, System.err);
    }

    int run(PrintStream stdout, PrintStream stderr) throws IOException {
        this.err = stderr;
        validate();
        enableNativeHelpers();
        TrainingBenchmark bench = loadBenchmark();
        TrainProtocol protocol = protocol(bench);
        ExperimentRunner runner = new ExperimentRunner(bench, protocol, this::listeners, !noPlots);
        List<String> taskNames = bench.tasks().names();
        Map<String, Object> summary;
        Path dir;
        String methodLabel;
        if (stl) {
            methodLabel = "stl";
            dir = out.resolve("stl");
            List<RunOutcome> runs = new ArrayList<>();
            for (int t = 0; t < taskNames.size(); t++) {
                for (long seed : seeds) {
                    stderr.println("[stl " + taskNames.get(t) + " seed " + seed + "]");
                    runs.add(runner.run("stl " + taskNames.get(t), EqualWeighting.Config.defaults(), new int[] {t}, seed,
                            dir.resolve(taskNames.get(t)).resolve("seed-" + seed), Map.of(), Map.of()));
                }
            }
            summary = ExperimentSummary.build(bench.name(), methodLabel, Map.of(), taskNames,
                    finishedRuns(dir, bench, protocol, runs), protocol, bench.description(), null);
        } else {
            WeightingRegistry registry = WeightingRegistry.load();
            WeightingConfig config = registry.configure(weighting, params);
            methodLabel = label != null ? label : defaultLabel(weighting, params);
            dir = out.resolve(methodLabel);
            ExperimentSummary.StlBaseline base = findBaseline(bench);
            int[] all = new int[taskNames.size()];
            java.util.Arrays.setAll(all, i -> i);
            List<RunOutcome> runs = new ArrayList<>();
            for (long seed : seeds) {
                stderr.println("[" + methodLabel + " seed " + seed + "]");
                runs.add(runner.run(methodLabel, config, all, seed, dir.resolve("seed-" + seed),
                        base == null ? Map.of() : base.selectionBaselines(), base == null ? Map.of() : base.test()));
            }
            if (base == null) {
                stderr.println("note: no STL baselines found (run with --stl first, or give --baseline FILE); Δp not computed");
            }
            summary = ExperimentSummary.build(bench.name(), methodLabel, WeightingRegistry.resolvedParams(config), taskNames,
                    finishedRuns(dir, bench, protocol, runs), protocol, bench.description(), base);
        }
        Path file = ExperimentSummary.write(summary, dir);
        printTable(stdout, methodLabel, taskNames, summary);
        stdout.println("Summary: " + file.toAbsolutePath());
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("command", "train");
        res.put("benchmark", bench.name());
        res.put("method", methodLabel);
        res.put("weighting", stl ? "stl" : weighting);
        res.put("params", summary.get("params"));
        res.put("stl", stl);
        res.put("seeds", seeds);
        res.put("epochs", epochs);
        res.put("tasks", taskNames);
        res.put("testAccuracy", compact(summary.get("testAccuracy")));
        res.put("deltaP", summary.get("deltaP") instanceof MeanStd dp ? compactOne(dp) : null);
        res.put("summary", file.toString());
        res.put("dir", dir.toString());
        ResultLine.print(stdout, res);
        return 0;
    }

    /**
     * The runs the summary covers: every finished run in {@code dir} on the same data and protocol
     * (this command's and those of earlier or parallel commands, e.g. other seeds).
     */
    private List<RunOutcome> finishedRuns(Path dir, TrainingBenchmark bench, TrainProtocol protocol, List<RunOutcome> mine)
            throws IOException {
        List<RunOutcome> all = ExperimentSummary.collect(dir, (Map<?, ?>) bench.description().get("checksums"), protocol, err);
        if (all.size() > mine.size()) {
            err.println("summary of " + dir + " covers " + all.size() + " finished runs (" + mine.size() + " from this command)");
        }
        return all;
    }

    private void validate() {
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be >= 1, found " + epochs);
        }
        if (seeds == null || seeds.isEmpty()) {
            throw new IllegalArgumentException("--seeds must name at least one seed");
        }
        if (seeds.size() != seeds.stream().distinct().count()) {
            throw new IllegalArgumentException("--seeds must be distinct, found " + seeds);
        }
        if (maxSteps < 0) {
            throw new IllegalArgumentException("--max-steps must be >= 0, found " + maxSteps);
        }
        encoderPath();
        if (logEvery < 0) {
            throw new IllegalArgumentException("--log-every must be >= 0, found " + logEvery);
        }
        if (stl && (!params.isEmpty() || !"ew".equals(weighting))) {
            throw new IllegalArgumentException("--stl trains single-task baselines; it takes no --weighting or --param");
        }
        if ("stl".equals(label)) {
            throw new IllegalArgumentException("--label stl is reserved for the single-task baselines");
        }
        if (label != null && !label.matches("[A-Za-z0-9._=,+-]+")) {
            throw new IllegalArgumentException("--label must use letters, digits and . _ = , + - only, found '" + label + "'");
        }
    }

    /**
     * Lets DL4J's convolution and pooling layers use libnd4j's native (oneDNN) helpers unless the
     * user decided otherwise: they are off by default in DL4J 1.0.0-M2.1.
     */
    public static void enableNativeHelpers() {
        if (System.getProperty(HELPERS_PROPERTY) == null) {
            System.setProperty(HELPERS_PROPERTY, "false");
        }
    }

    private TrainingBenchmark loadBenchmark() throws IOException {
        if ("synthetic".equals(benchmark)) {
            SyntheticBenchmark d = SyntheticBenchmark.defaults();
            return new SyntheticTrainingBenchmark(new SyntheticBenchmark(d.problem(), trainSize != null ? trainSize : d.trainSize(),
                    evalSize != null ? evalSize : d.evalSize(), batchSize != null ? batchSize : d.batchSize(), d.hidden(), d.lr()));
        }
        MultiDigitBenchmark settings = MultiDigitBenchmark.defaults(MultiDigitBenchmark.kindOf(benchmark));
        settings = new MultiDigitBenchmark(settings.kind(), layoutOf(layout), dataSeed, sizes(), batchSize != null ? batchSize
                : settings.batchSize(), settings.evalBatchSize());
        Path data = dataDir != null ? dataDir : DataDirectory.fromEnvironment();
        try {
            return settings.load(data).withEncoder(encoderPath());
        } catch (DatasetNotFoundException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private LeNet.EncoderPath encoderPath() {
        return switch (encoder) {
            case "native" -> LeNet.EncoderPath.NATIVE;
            case "dl4j" -> LeNet.EncoderPath.DL4J;
            default -> throw new IllegalArgumentException("--encoder must be native or dl4j, found " + encoder);
        };
    }

    private MultiDigitSizes sizes() {
        MultiDigitSizes d = MultiDigitSizes.defaults();
        SplitCounts comp = composites != null ? counts("--composites", composites) : d.composites();
        if (trainSize != null || evalSize != null) {
            comp = new SplitCounts(trainSize != null ? trainSize : comp.train(), evalSize != null ? evalSize : comp.val(),
                    evalSize != null ? evalSize : comp.test());
        }
        return new MultiDigitSizes(mnistSources != null ? counts("--mnist-sources", mnistSources) : d.mnistSources(),
                fashionSources != null ? counts("--fashion-sources", fashionSources) : d.fashionSources(), comp);
    }

    private static SplitCounts counts(String option, List<Integer> values) {
        if (values.size() != 3) {
            throw new IllegalArgumentException(option + " needs three counts train,val,test, found " + values);
        }
        return new SplitCounts(values.get(0), values.get(1), values.get(2));
    }

    private static CanvasLayout layoutOf(String name) {
        return switch (name) {
            case "pareto-36" -> CanvasLayout.PARETO_36;
            case "mgda-28" -> CanvasLayout.MGDA_28;
            default -> throw new IllegalArgumentException("--layout must be pareto-36 or mgda-28, found '" + name + "'");
        };
    }

    private TrainProtocol protocol(TrainingBenchmark bench) {
        boolean synthetic = bench instanceof SyntheticTrainingBenchmark;
        String opt = optimizer != null ? optimizer.toLowerCase(Locale.ROOT) : (synthetic ? "adam" : "sgd");
        double rate = lr != null ? lr : 1e-3;
        OptimizerConfig oc = switch (opt) {
            case "sgd" -> new Sgd(rate, momentum != null ? momentum : 0.9, false, weightDecay);
            case "adam" -> {
                if (momentum != null) {
                    throw new IllegalArgumentException("--momentum applies to sgd only, found it with --optimizer adam");
                }
                Adam a = Adam.of(rate);
                yield new Adam(rate, a.beta1(), a.beta2(), a.epsilon(), weightDecay, a.decoupled());
            }
            default -> throw new IllegalArgumentException("--optimizer must be sgd or adam, found '" + optimizer + "'");
        };
        int step = lrStep != null ? lrStep : ("sgd".equals(opt) && !synthetic ? 15 : 0);
        if (step < 0) {
            throw new IllegalArgumentException("--lr-step must be >= 0 (0 = constant), found " + step);
        }
        LrSchedule schedule = step == 0 ? new LrSchedule.Constant() : new LrSchedule.StepDecay(step, lrGamma);
        return new TrainProtocol(epochs, oc, schedule, maxSteps,
                conflictStats ? org.mtl4j.core.grad.JacobianMode.ALWAYS : org.mtl4j.core.grad.JacobianMode.AS_NEEDED);
    }

    private ExperimentSummary.StlBaseline findBaseline(TrainingBenchmark bench) throws IOException {
        Path file = baseline;
        if (file == null) {
            Path candidate = out.resolve("stl").resolve("summary.json");
            if (!Files.isRegularFile(candidate)) {
                return null;
            }
            file = candidate;
        } else if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--baseline " + file + " does not exist");
        }
        ExperimentSummary.StlBaseline base = ExperimentSummary.StlBaseline.read(file);
        if (!bench.name().equals(base.benchmark())) {
            throw new IllegalArgumentException("baseline " + file + " is for benchmark '" + base.benchmark() + "', not '"
                    + bench.name() + "'");
        }
        @SuppressWarnings("unchecked")
        Map<String, String> ours = (Map<String, String>) bench.description().get("checksums");
        for (Map.Entry<String, String> e : ours.entrySet()) {
            String theirs = base.checksums().get(e.getKey());
            if (theirs != null && !theirs.equals(e.getValue())) {
                throw new IllegalArgumentException("baseline " + file + " was trained on other data: " + e.getKey()
                        + " checksum " + theirs + ", this run's is " + e.getValue()
                        + " (use the same --data-seed and sizes, or retrain with --stl)");
            }
        }
        return base;
    }

    private List<TrainingListener> listeners(String runLabel, long seed) {
        List<TrainingListener> ls = new ArrayList<>();
        if (!noProgress) {
            ls.add(new ProgressBarListener(runLabel + " s" + seed));
        }
        if (logEvery > 0) {
            ls.add(new LoggingListener(logEvery));
        }
        ls.add(new EpochLine(runLabel + " seed " + seed, epochs, err));
        return ls;
    }

    /**
     * @param name   strategy name
     * @param params overrides
     * @return {@code name} or {@code name_k=v_k2=v2} with the overrides sorted by key
     */
    static String defaultLabel(String name, Map<String, String> params) {
        StringBuilder sb = new StringBuilder(name.toLowerCase(Locale.ROOT));
        new TreeMap<>(params).forEach((k, v) -> sb.append('_').append(k).append('=').append(v));
        return sb.toString().replaceAll("[^A-Za-z0-9._=,+-]", "-");
    }

    private static void printTable(PrintStream outStream, String methodLabel, List<String> tasks, Map<String, Object> summary) {
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-22s", "method"));
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-22s", methodLabel));
        @SuppressWarnings("unchecked")
        Map<String, MeanStd> test = (Map<String, MeanStd>) summary.get("testAccuracy");
        for (String t : tasks) {
            header.append(String.format(Locale.ROOT, " %20s", t + " test acc"));
            MeanStd m = test.get(t);
            row.append(String.format(Locale.ROOT, " %20s", m == null ? "-" : pm(m, 4)));
        }
        header.append(String.format(Locale.ROOT, " %16s", "Δp (%)"));
        row.append(String.format(Locale.ROOT, " %16s", summary.get("deltaP") instanceof MeanStd dp ? pm(dp, 2) : "-"));
        outStream.println(header);
        outStream.println(row);
    }

    private static String pm(MeanStd m, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f ± %." + digits + "f", m.mean(), m.std());
    }

    private static Map<String, Object> compact(Object perTask) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (perTask instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), compactOne((MeanStd) v)));
        }
        return out;
    }

    private static Map<String, Object> compactOne(MeanStd m) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("mean", m.mean());
        o.put("std", m.std());
        return o;
    }
}
