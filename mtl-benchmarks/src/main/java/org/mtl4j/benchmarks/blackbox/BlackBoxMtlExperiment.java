package org.mtl4j.benchmarks.blackbox;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.mtl4j.weighting.blackbox.Asmg;
import org.mtl4j.weighting.blackbox.AsmgConfig;
import org.mtl4j.weighting.blackbox.BlackBoxOptimizer;
import org.mtl4j.weighting.blackbox.CmaEs;
import org.mtl4j.weighting.blackbox.CmaEsConfig;
import org.mtl4j.weighting.blackbox.CommonBatchSchedule;
import org.mtl4j.weighting.blackbox.CovarianceModel;
import org.mtl4j.weighting.blackbox.EsConfig;
import org.mtl4j.weighting.blackbox.EvolutionStrategy;
import org.mtl4j.weighting.blackbox.InitialMean;
import org.mtl4j.weighting.blackbox.IterationListener;
import org.mtl4j.weighting.blackbox.LambdaMode;
import org.mtl4j.weighting.blackbox.ProjectedObjective;
import org.mtl4j.weighting.blackbox.RandomProjection;
import org.mtl4j.weighting.blackbox.RandomProjectionConfig;
import org.mtl4j.weighting.blackbox.RunLimits;
import org.mtl4j.weighting.blackbox.RunSummary;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Black-box multi-task learning on a frozen network (thesis Ch. 4 §4.6.2, here with an
 * additive input prompt instead of a language model's prompt tokens):
 * <pre>
 *   minimise over v ∈ R^d   F_i(v) = CE_i( frozen(x + A v) ),  i = 1..m
 * </pre>
 * with a fixed Gaussian {@link RandomProjection} {@code A : R^d → R^D} (seeded per run), the
 * frozen classifier reached only through an {@link InferenceApi}, and the task losses on
 * mini-batches shared by all evaluations of an iteration ({@link PromptObjective}).
 *
 * <p>Every method of a run gets the same budget of {@code T·(N+1)} evaluations (queries of the
 * API with one prompt and one mini-batch per task) and starts from {@code v = 0}:
 * ASMG / ASMG-EW ({@code N} samples + the mean, {@code β}, {@code Σ₀ = I}, rescaled update), ES
 * (same {@code N + 1} per iteration, fixed {@code σ}, step {@code α}), separable CMA-ES
 * (population {@code N + 1}, {@code σ₀}; Commons Math's full-covariance CMA-ES costs seconds per
 * generation at {@code d = 1024}). Zero-shot is {@code v = 0}.
 *
 * <p>Monitoring, never seen by the methods and not counted: test loss and accuracy per task of
 * the current mean every {@code evalEvery} iterations, with a separate API instance.
 * Outputs under {@link Config#outputDir()}: {@code d<d>/<method>-seed<s>.csv},
 * (columns {@code iteration, queries, loss_<task>…, acc_<task>…, mean_acc, sigma_min, sigma_max}; the
 * σ range is the method's own: ASMG's per-coordinate {@code σ}, ES' fixed {@code σ}, CMA-ES'
 * principal-axis standard deviations; empty for {@code v = 0}),
 * {@code d<d>/accuracy.png}, {@code d<d>/loss.png}, {@code summary.csv} (one row per run) and
 * {@code table.csv} (per d and method: mean and population standard deviation over seeds).
 */
public final class BlackBoxMtlExperiment {

    private static final Logger LOG = LoggerFactory.getLogger(BlackBoxMtlExperiment.class);

    /**
     * Experiment settings.
     *
     * @param dimensions      the dimensions {@code d} of the searched vector
     * @param methods         the methods
     * @param seeds           seeds (projection, optimiser, mini-batches)
     * @param iterations      {@code T ≥ 1}
     * @param samples         {@code N ≥ 2}
     * @param batchSize       images per task and mini-batch
     * @param projectionScale {@code s}: {@code A_kj ∼ N(0, s²/d)}
     * @param beta            ASMG step {@code β}
     * @param esSigma         ES search standard deviation
     * @param esLearningRate  ES step {@code α}
     * @param cmaSigma        CMA-ES {@code σ₀}
     * @param evalEvery       monitoring period in iterations ({@code ≥ 1})
     * @param outputDir       output directory
     */
    public record Config(List<Integer> dimensions, List<BlackBoxMethod> methods, List<Long> seeds, int iterations,
                         int samples, int batchSize, double projectionScale, double beta, double esSigma,
                         double esLearningRate, double cmaSigma, int evalEvery, Path outputDir) {

        /** Validates every field. */
        public Config {
            dimensions = nonEmpty("dimensions", dimensions);
            methods = nonEmpty("methods", methods);
            seeds = nonEmpty("seeds", seeds);
            for (int d : dimensions) {
                if (d < 1) {
                    throw new IllegalArgumentException("every dimension must be >= 1, found " + d);
                }
            }
            if (iterations < 1) {
                throw new IllegalArgumentException("iterations must be >= 1, found " + iterations);
            }
            if (samples < 2) {
                throw new IllegalArgumentException("samples N must be >= 2, found " + samples);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, found " + batchSize);
            }
            positive("projectionScale", projectionScale);
            positive("beta", beta);
            positive("esSigma", esSigma);
            positive("esLearningRate", esLearningRate);
            positive("cmaSigma", cmaSigma);
            if (evalEvery < 1) {
                throw new IllegalArgumentException("evalEvery must be >= 1, found " + evalEvery);
            }
            Objects.requireNonNull(outputDir, "outputDir");
        }

        private static <T> List<T> nonEmpty(String name, List<T> list) {
            if (list == null || list.isEmpty()) {
                throw new IllegalArgumentException(name + " must not be empty");
            }
            return List.copyOf(list);
        }

        private static void positive(String name, double v) {
            if (!(v > 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException(name + " must be finite and > 0, found " + v);
            }
        }
    }

    /**
     * Outcome of one run.
     *
     * @param dimension    d
     * @param method       method name
     * @param seed         seed
     * @param iterations   iterations (generations) completed
     * @param queries      evaluations used
     * @param stopReason   why it stopped
     * @param testAccuracy final test accuracy per task
     * @param testLoss     final test loss per task
     * @param meanAccuracy mean of the per-task accuracies
     * @param guardedCoordinates ASMG's positivity-guard refusals summed over the run (0 for the others)
     * @param finalLambda  the task weights λ of the last iteration ({@code 1/m} for all but ASMG; empty for zero-shot)
     * @param wallSeconds  wall time of the run
     * @param csv          trace file
     */
    public record RunOutcome(int dimension, String method, long seed, int iterations, long queries, String stopReason,
                             double[] testAccuracy, double[] testLoss, double meanAccuracy, long guardedCoordinates,
                             double[] finalLambda, double wallSeconds, String csv) {
    }

    /**
     * Mean and population standard deviation over seeds for one dimension and method.
     *
     * @param dimension       d
     * @param method          method name
     * @param accuracyMean    per task
     * @param accuracyStd     per task
     * @param meanAccuracy    mean over seeds of the task-averaged accuracy
     * @param meanAccuracyStd its standard deviation
     */
    public record TableRow(int dimension, String method, double[] accuracyMean, double[] accuracyStd,
                           double meanAccuracy, double meanAccuracyStd) {
    }

    /**
     * Everything the command reports.
     *
     * @param tasks      task names
     * @param runs       per run
     * @param table      per dimension and method
     * @param plots      PNG files
     * @param summaryCsv per-run CSV
     * @param tableCsv   per-(d, method) CSV
     */
    public record Result(List<String> tasks, List<RunOutcome> runs, List<TableRow> table, List<String> plots,
                         String summaryCsv, String tableCsv) {
    }

    private BlackBoxMtlExperiment() {
    }

    /** Runs every dimension × method × seed on a frozen classifier and its tasks. */
    public static Result run(Config config, FrozenClassifier network, List<PromptTask> tasks) throws IOException {
        Files.createDirectories(config.outputDir());
        List<String> taskNames = tasks.stream().map(PromptTask::name).toList();
        List<RunOutcome> runs = new ArrayList<>();
        List<TableRow> table = new ArrayList<>();
        List<String> plots = new ArrayList<>();
        for (int d : config.dimensions()) {
            Map<String, List<double[][]>> accuracyTraces = new LinkedHashMap<>();
            Map<String, List<double[][]>> lossTraces = new LinkedHashMap<>();
            for (BlackBoxMethod method : config.methods()) {
                List<RunOutcome> group = new ArrayList<>();
                for (long seed : config.seeds()) {
                    Trace trace = runOne(config, network, tasks, d, seed, method);
                    group.add(trace.outcome);
                    accuracyTraces.computeIfAbsent(method.cliName(), k -> new ArrayList<>())
                            .add(new double[][] {trace.queries(), trace.meanAccuracy()});
                    lossTraces.computeIfAbsent(method.cliName(), k -> new ArrayList<>())
                            .add(new double[][] {trace.queries(), trace.meanLoss()});
                    LOG.info("d={} {} seed {}: mean test accuracy {} ({} queries, {} s)", d, method.cliName(), seed,
                            String.format(Locale.ROOT, "%.4f", trace.outcome.meanAccuracy()), trace.outcome.queries(),
                            String.format(Locale.ROOT, "%.1f", trace.outcome.wallSeconds()));
                }
                runs.addAll(group);
                table.add(aggregate(d, method, group, tasks.size()));
            }
            Path dir = config.outputDir().resolve("d" + d);
            Path accuracyPng = dir.resolve("accuracy.png");
            QueryCurvePlot.write("black-box MTL, d = " + d + ": test accuracy (mean over tasks and seeds)",
                    "test accuracy", accuracyTraces, accuracyPng);
            Path lossPng = dir.resolve("loss.png");
            QueryCurvePlot.write("black-box MTL, d = " + d + ": test cross-entropy (mean over tasks and seeds)",
                    "test loss", lossTraces, lossPng);
            plots.add(accuracyPng.toString());
            plots.add(lossPng.toString());
        }
        Path summary = config.outputDir().resolve("summary.csv");
        writeSummary(runs, taskNames, summary);
        Path tableCsv = config.outputDir().resolve("table.csv");
        writeTable(table, taskNames, tableCsv);
        return new Result(taskNames, runs, table, plots, summary.toString(), tableCsv.toString());
    }

    private record Trace(RunOutcome outcome, double[] queries, double[] meanAccuracy, double[] meanLoss) {
    }

    /** Test loss and accuracy per task of a prompt, through its own API instance (uncounted). */
    private static final class Monitor {
        private final InferenceApi api;
        private final List<InferenceApi.Batch> testBatches = new ArrayList<>();
        private final RandomProjection projection;

        Monitor(FrozenClassifier network, List<PromptTask> tasks, RandomProjection projection) {
            this.api = new InferenceApi(network);
            this.projection = projection;
            for (PromptTask t : tasks) {
                testBatches.add(api.upload(t.testImages(), t.testLabels()));
            }
        }

        double[][] lossAndAccuracy(double[] v) {
            INDArray prompt = projection.project(new double[][] {v});
            int m = testBatches.size();
            double[][] out = new double[2][m];
            for (int i = 0; i < m; i++) {
                InferenceApi.Answer a = api.query(prompt, testBatches.get(i));
                out[0][i] = a.loss()[0];
                out[1][i] = a.accuracy()[0];
            }
            return out;
        }
    }

    private static Trace runOne(Config config, FrozenClassifier network, List<PromptTask> tasks, int d, long seed,
                                BlackBoxMethod method) throws IOException {
        long start = System.nanoTime();
        int inputSize = network.inputSize();
        RandomProjection projection = new RandomProjection(
                new RandomProjectionConfig(d, inputSize, config.projectionScale(), seed));
        Monitor monitor = new Monitor(network, tasks, projection);
        int n = config.samples();
        int perIteration = n + 1;
        CommonBatchSchedule schedule = method == BlackBoxMethod.CMA_ES
                ? new CommonBatchSchedule(perIteration, 1) : CommonBatchSchedule.every(perIteration);
        ProjectedObjective objective = new ProjectedObjective(
                new PromptObjective(new InferenceApi(network), tasks, config.batchSize(), seed, schedule), projection);
        List<double[]> rows = new ArrayList<>();
        double[] zero = new double[d];
        rows.add(row(0, 0, monitor.lossAndAccuracy(zero), Double.NaN, Double.NaN));
        int iterations = 0;
        long queries = 0;
        String stop = "NONE";
        long[] guarded = {0};
        double[][] lambda = {new double[0]};
        double[] sigma = {Double.NaN, Double.NaN};
        if (method != BlackBoxMethod.ZERO_SHOT) {
            BlackBoxOptimizer optimizer = optimizer(config, method, objective, d, seed);
            IterationListener listener = record -> {
                guarded[0] += record.guardedCoordinates();
                lambda[0] = record.lambda();
                sigma[0] = record.minSigma();
                sigma[1] = record.maxSigma();
                if ((record.iteration() + 1) % config.evalEvery() == 0) {
                    rows.add(row(record.iteration() + 1, record.evaluations(), monitor.lossAndAccuracy(record.mean()),
                            record.minSigma(), record.maxSigma()));
                }
                return IterationListener.Control.CONTINUE;
            };
            RunSummary summary = optimizer.run(new RunLimits(config.iterations(), (long) config.iterations() * perIteration),
                    listener);
            iterations = summary.iterations();
            queries = summary.evaluations();
            stop = summary.stopReason().name();
            if ((int) rows.get(rows.size() - 1)[0] != iterations) {
                rows.add(row(iterations, queries, monitor.lossAndAccuracy(summary.finalMean()), sigma[0], sigma[1]));
            }
        }
        int m = tasks.size();
        double[] last = rows.get(rows.size() - 1);
        double[] accuracy = new double[m];
        double[] loss = new double[m];
        for (int i = 0; i < m; i++) {
            loss[i] = last[2 + i];
            accuracy[i] = last[2 + m + i];
        }
        Path csv = config.outputDir().resolve("d" + d).resolve(method.cliName() + "-seed" + seed + ".csv");
        writeTrace(rows, tasks, csv);
        double[] q = new double[rows.size()];
        double[] acc = new double[rows.size()];
        double[] los = new double[rows.size()];
        for (int k = 0; k < rows.size(); k++) {
            double[] r = rows.get(k);
            q[k] = r[1];
            los[k] = mean(r, 2, m);
            acc[k] = mean(r, 2 + m, m);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        RunOutcome outcome = new RunOutcome(d, method.cliName(), seed, iterations, queries, stop, accuracy, loss,
                mean(accuracy, 0, m), guarded[0], lambda[0], wall, csv.toString());
        return new Trace(outcome, q, acc, los);
    }

    private static BlackBoxOptimizer optimizer(Config config, BlackBoxMethod method, ProjectedObjective objective,
                                               int d, long seed) {
        int n = config.samples();
        return switch (method) {
            case ASMG, ASMG_EW -> new Asmg(objective, AsmgConfig.blackBoxMtlDefaults(d).withNumSamples(n)
                    .withBeta(config.beta()).withSeed(seed)
                    .withLambdaMode(method == BlackBoxMethod.ASMG ? LambdaMode.ADAPTIVE : LambdaMode.EQUAL));
            case ES -> new EvolutionStrategy(objective, EsConfig.defaults(d).withNumSamples(n)
                    .withSigma(config.esSigma()).withLearningRate(config.esLearningRate())
                    .withInitialMean(InitialMean.ZERO).withSeed(seed));
            case CMA_ES -> new CmaEs(objective, CmaEsConfig.defaults(d).withPopulationSize(n + 1)
                    .withInitialSigma(config.cmaSigma()).withInitialMean(InitialMean.ZERO)
                    .withCovariance(CovarianceModel.DIAGONAL).withSeed(seed));
            case ZERO_SHOT -> throw new IllegalStateException("zero-shot has no optimiser");
        };
    }

    private static double[] row(int iteration, long queries, double[][] lossAndAccuracy, double minSigma,
                                double maxSigma) {
        int m = lossAndAccuracy[0].length;
        double[] r = new double[4 + 2 * m];
        r[2 + 2 * m] = minSigma;
        r[3 + 2 * m] = maxSigma;
        r[0] = iteration;
        r[1] = queries;
        System.arraycopy(lossAndAccuracy[0], 0, r, 2, m);
        System.arraycopy(lossAndAccuracy[1], 0, r, 2 + m, m);
        return r;
    }

    private static double mean(double[] v, int from, int count) {
        double s = 0;
        for (int k = 0; k < count; k++) {
            s += v[from + k];
        }
        return s / count;
    }

    private static TableRow aggregate(int d, BlackBoxMethod method, List<RunOutcome> group, int m) {
        double[] mean = new double[m];
        double[] std = new double[m];
        for (int i = 0; i < m; i++) {
            double[] values = new double[group.size()];
            for (int s = 0; s < group.size(); s++) {
                values[s] = group.get(s).testAccuracy()[i];
            }
            mean[i] = mean(values, 0, values.length);
            std[i] = std(values, mean[i]);
        }
        double[] averages = group.stream().mapToDouble(RunOutcome::meanAccuracy).toArray();
        double avg = mean(averages, 0, averages.length);
        return new TableRow(d, method.cliName(), mean, std, avg, std(averages, avg));
    }

    private static double std(double[] values, double mean) {
        double s = 0;
        for (double v : values) {
            s += (v - mean) * (v - mean);
        }
        return Math.sqrt(s / values.length);
    }

    private static void writeTrace(List<double[]> rows, List<PromptTask> tasks, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            StringBuilder header = new StringBuilder("iteration,queries");
            for (PromptTask t : tasks) {
                header.append(",loss_").append(t.name());
            }
            for (PromptTask t : tasks) {
                header.append(",acc_").append(t.name());
            }
            out.write(header.append(",mean_acc,sigma_min,sigma_max\n").toString());
            int m = tasks.size();
            for (double[] r : rows) {
                StringBuilder line = new StringBuilder().append((long) r[0]).append(',').append((long) r[1]);
                for (int k = 2; k < 2 + 2 * m; k++) {
                    line.append(',').append(num(r[k]));
                }
                line.append(',').append(num(mean(r, 2 + m, m)));
                line.append(',').append(Double.isNaN(r[2 + 2 * m]) ? "" : num(r[2 + 2 * m]));
                line.append(',').append(Double.isNaN(r[3 + 2 * m]) ? "" : num(r[3 + 2 * m]));
                out.write(line.append('\n').toString());
            }
        }
    }

    private static void writeSummary(List<RunOutcome> runs, List<String> tasks, Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            StringBuilder header = new StringBuilder("d,method,seed,iterations,queries,stop");
            for (String t : tasks) {
                header.append(",acc_").append(t);
            }
            header.append(",mean_acc");
            for (String t : tasks) {
                header.append(",loss_").append(t);
            }
            out.write(header.append(",guarded,lambda,wall_s\n").toString());
            for (RunOutcome o : runs) {
                StringBuilder line = new StringBuilder().append(o.dimension()).append(',').append(o.method()).append(',')
                        .append(o.seed()).append(',').append(o.iterations()).append(',').append(o.queries()).append(',')
                        .append(o.stopReason());
                for (double a : o.testAccuracy()) {
                    line.append(',').append(num(a));
                }
                line.append(',').append(num(o.meanAccuracy()));
                for (double l : o.testLoss()) {
                    line.append(',').append(num(l));
                }
                StringBuilder lam = new StringBuilder();
                for (double l : o.finalLambda()) {
                    lam.append(lam.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", l));
                }
                line.append(',').append(o.guardedCoordinates()).append(',').append(lam);
                out.write(line.append(',').append(String.format(Locale.ROOT, "%.2f", o.wallSeconds())).append('\n')
                        .toString());
            }
        }
    }

    private static void writeTable(List<TableRow> table, List<String> tasks, Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            StringBuilder header = new StringBuilder("d,method");
            for (String t : tasks) {
                header.append(",acc_").append(t).append("_mean,acc_").append(t).append("_std");
            }
            out.write(header.append(",mean_acc,mean_acc_std\n").toString());
            for (TableRow r : table) {
                StringBuilder line = new StringBuilder().append(r.dimension()).append(',').append(r.method());
                for (int i = 0; i < tasks.size(); i++) {
                    line.append(',').append(num(r.accuracyMean()[i])).append(',').append(num(r.accuracyStd()[i]));
                }
                out.write(line.append(',').append(num(r.meanAccuracy())).append(',').append(num(r.meanAccuracyStd()))
                        .append('\n').toString());
            }
        }
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
