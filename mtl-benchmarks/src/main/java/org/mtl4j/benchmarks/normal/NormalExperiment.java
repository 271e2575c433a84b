package org.mtl4j.benchmarks.normal;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.mtl4j.core.data.MtlBatch;
import org.mtl4j.core.grad.GradientEngine;
import org.mtl4j.core.grad.JacobianMode;
import org.mtl4j.core.io.AtomicFiles;
import org.mtl4j.core.listener.StepEvent;
import org.mtl4j.core.listener.TrainingControl;
import org.mtl4j.core.listener.TrainingListener;
import org.mtl4j.core.model.HpsModel;
import org.mtl4j.core.model.SeparateHeads;
import org.mtl4j.core.optim.FlatOptimizer;
import org.mtl4j.core.task.TaskSet;
import org.mtl4j.core.train.MtlTrainer;
import org.mtl4j.core.train.RunResult;
import org.mtl4j.core.train.TrainerConfig;
import org.mtl4j.core.weighting.EqualWeighting;
import org.mtl4j.core.weighting.HeadPolicy;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.WeightingStrategy;
import org.mtl4j.models.normal.NormalAblation;
import org.mtl4j.models.normal.NormalConfig;
import org.mtl4j.models.normal.NormalTransform;
import org.mtl4j.models.normal.PositionGradient;
import org.mtl4j.models.normal.PositionHistory;
import org.mtl4j.models.ode.OdeMethod;
import org.mtl4j.models.ode.OdeSolverConfig;

/**
 * NORMAL against HPS-EW on one problem: training runs over seeds and step counts K (per-task
 * test metric at the epoch selected on validation, final positions, position trajectories),
 * then the step time of each variant measured in interleaved rounds on the same batches, as a
 * ratio to HPS-EW. Files: {@code results.csv} (one row per run and task), {@code summary.csv},
 * {@code positions.csv}, {@code timing.csv}, {@code positions-K<k>.png}, a run record and a
 * position record per run, and {@code result.json}.
 */
final class NormalExperiment {

    /**
     * @param epochs               training epochs per run
     * @param seeds                seeds (model init, data order)
     * @param steps                Euler step counts K of the NORMAL training runs
     * @param method               integration method
     * @param positionGradient     thesis or autodiff position gradient
     * @param positionLearningRate η_p
     * @param ablation             Table 5.4 ablation applied to every NORMAL run
     * @param maxStepsPerEpoch     cap on steps per epoch (0 = all; smoke runs)
     * @param timingWarmup         warm-up steps per variant before timing
     * @param timingSteps          timed steps per variant and round
     * @param timingRounds         interleaved rounds
     * @param timingK              step counts K whose step time is measured (against HPS-EW)
     * @param outputDir            output directory
     */
    record Config(int epochs, List<Long> seeds, List<Integer> steps, OdeMethod method, PositionGradient positionGradient,
                  double positionLearningRate, NormalAblation ablation, int maxStepsPerEpoch, int timingWarmup,
                  int timingSteps, int timingRounds, List<Integer> timingK, Path outputDir) {
        Config {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, found " + epochs);
            }
            seeds = List.copyOf(seeds);
            steps = List.copyOf(steps);
            if (seeds.isEmpty()) {
                throw new IllegalArgumentException("at least one seed is needed");
            }
            if (steps.isEmpty()) {
                throw new IllegalArgumentException("at least one K is needed");
            }
            timingK = List.copyOf(timingK);
            for (int k : steps) {
                OdeSolverConfig.euler(k); // validates K >= 2 with the library's message
            }
            for (int k : timingK) {
                OdeSolverConfig.euler(k);
            }
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(positionGradient, "positionGradient");
            Objects.requireNonNull(ablation, "ablation");
            if (!(positionLearningRate >= 0)) {
                throw new IllegalArgumentException("position learning rate must be >= 0, found " + positionLearningRate);
            }
            if (maxStepsPerEpoch < 0 || timingWarmup < 0 || timingSteps < 0 || timingRounds < 0) {
                throw new IllegalArgumentException("step counts must be >= 0, found maxStepsPerEpoch " + maxStepsPerEpoch
                        + ", timing warmup " + timingWarmup + ", steps " + timingSteps + ", rounds " + timingRounds);
            }
            Objects.requireNonNull(outputDir, "outputDir");
        }
    }

    /** One training run. */
    record Run(String method, int k, long seed, Map<String, Double> bestTest, Map<String, Double> finalTest,
               double[] positions, int bestEpoch, double stepMedianMs, double seconds) {
    }

    /**
     * Step time of one variant: wall clock, and CPU time of the stepping thread (ND4J and BLAS run
     * in that thread with one OpenMP thread), which is far less sensitive to other processes on a
     * shared machine.
     */
    record Timing(String method, int k, double medianMs, double minMs, double p90Ms, double ratio, double[] roundRatios,
                  double medianCpuMs, double cpuRatio, double[] cpuRoundRatios) {
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Config config;
    private final PrintStream out;

    NormalExperiment(Config config, PrintStream out) {
        this.config = config;
        this.out = out;
    }

    /** Runs everything on {@code problem} and returns the result map (also written as result.json). */
    Map<String, Object> run(BenchmarkProblem problem) throws IOException {
        Path dir = config.outputDir().resolve(problem.name());
        Files.createDirectories(dir.resolve("runs"));
        String loadBefore = loadAverage();
        long t0 = System.nanoTime();
        List<Run> runs = new ArrayList<>();
        Map<Integer, List<PositionHistory>> histories = new LinkedHashMap<>();
        TaskSet tasks = problem.tasks();
        out.printf(Locale.ROOT, "%-12s %4s %5s %8s %10s  %s%n", "method", "K", "seed", "mean", "step ms", "test " + problem.metric()
                + " per task / positions");
        for (long seed : config.seeds()) {
            runs.add(train(problem, dir, 0, seed, null));
            for (int k : config.steps()) {
                PositionHistory[] h = new PositionHistory[1];
                runs.add(train(problem, dir, k, seed, h));
                histories.computeIfAbsent(k, x -> new ArrayList<>()).add(h[0]);
            }
        }
        List<Path> files = new ArrayList<>();
        for (Map.Entry<Integer, List<PositionHistory>> e : histories.entrySet()) {
            Path png = dir.resolve("positions-K" + e.getKey() + ".png");
            PositionPlot.write("NORMAL task positions, " + problem.name() + ", K = " + e.getKey() + " ("
                    + config.method() + ", " + config.ablation() + ")", tasks.names(), config.seeds(), e.getValue(), png);
            files.add(png);
        }
        List<Timing> timings = config.timingRounds() > 0 && config.timingSteps() > 0 ? time(problem) : List.of();
        String loadAfter = loadAverage();
        files.add(writeResults(dir.resolve("results.csv"), tasks, problem.metric(), runs));
        files.add(writePositions(dir.resolve("positions.csv"), tasks, histories));
        List<Map<String, Object>> summary = summary(tasks, runs, timings);
        files.add(writeSummary(dir.resolve("summary.csv"), tasks, problem.metric(), summary));
        if (!timings.isEmpty()) {
            files.add(writeTiming(dir.resolve("timing.csv"), timings));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", problem.name());
        result.put("problem", problem.describe());
        result.put("epochs", config.epochs());
        result.put("seeds", config.seeds());
        result.put("k", config.steps());
        result.put("timingK", config.timingK());
        result.put("method", config.method().name());
        result.put("positionGradient", config.positionGradient().name());
        result.put("positionLearningRate", config.positionLearningRate());
        result.put("ablation", config.ablation().name());
        result.put("tasks", tasks.names());
        result.put("metric", problem.metric());
        result.put("summary", summary);
        result.put("timing", timingMaps(timings));
        result.put("loadAverageBefore", loadBefore);
        result.put("loadAverageAfter", loadAfter);
        result.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        result.put("ompNumThreads", System.getenv("OMP_NUM_THREADS"));
        result.put("seconds", (System.nanoTime() - t0) / 1e9);
        Path json = dir.resolve("result.json");
        files.add(json);
        List<String> names = new ArrayList<>();
        for (Path f : files) {
            names.add(f.toString());
        }
        result.put("files", names);
        AtomicFiles.writeJson(json, result);
        return result;
    }

    private HpsModel model(BenchmarkProblem problem, int k, long seed, NormalTransform[] block) {
        TaskSet tasks = problem.tasks();
        if (k == 0) {
            return HpsModel.of(tasks, problem.encoder(seed), problem.heads(seed));
        }
        NormalConfig cfg = config.ablation().apply(NormalConfig.defaults(tasks.size(), problem.featureWidth())
                .withLayout(problem.layout()).withSolver(new OdeSolverConfig(config.method(), k))
                .withPositionGradient(config.positionGradient()).withPositionLearningRate(config.positionLearningRate())
                .withSeed(seed));
        block[0] = cfg.create(tasks);
        return new HpsModel(tasks, problem.encoder(seed), block[0], new SeparateHeads(problem.heads(seed)));
    }

    private static String label(int k) {
        return k == 0 ? "HPS-EW" : "NORMAL";
    }

    private Run train(BenchmarkProblem problem, Path dir, int k, long seed, PositionHistory[] history) {
        NormalTransform[] block = new NormalTransform[1];
        HpsModel model = model(problem, k, seed, block);
        StepTimes times = new StepTimes();
        List<TrainingListener> listeners = new ArrayList<>();
        listeners.add(times);
        PositionHistory positions = null;
        if (block[0] != null) {
            positions = PositionHistory.perEpoch(block[0]);
            listeners.add(positions);
            history[0] = positions;
        }
        String name = (k == 0 ? "hps-ew" : "normal-k" + k) + "-seed" + seed;
        TrainerConfig tc = TrainerConfig.of(config.epochs(), problem.optimizer()).withSeed(seed)
                .withMaxStepsPerEpoch(config.maxStepsPerEpoch());
        MtlTrainer trainer = new MtlTrainer(model, EqualWeighting.Config.defaults(), tc, dir.resolve("runs").resolve(name + ".json"),
                listeners);
        RunResult r = trainer.fit(problem.train(), problem.validation(), problem.test());
        if (positions != null) {
            positions.writeJson(dir.resolve("runs").resolve(name + "-positions.json"));
        }
        Map<String, Double> best = metric(r.bestTest(), problem.metric());
        Map<String, Double> last = metric(r.finalTest(), problem.metric());
        double[] p = block[0] == null ? new double[0] : block[0].positions();
        Run run = new Run(label(k), k, seed, best, last, p, r.bestEpoch(), times.median(), r.seconds());
        double mean = best.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        out.printf(Locale.ROOT, "%-12s %4s %5d %8.4f %10.3f  %s%s%n", run.method(), k == 0 ? "-" : String.valueOf(k), seed,
                mean, run.stepMedianMs(), fmt(best.values()), p.length == 0 ? "" : "  p = " + fmt(p));
        return run;
    }

    private static Map<String, Double> metric(Map<String, Map<String, Double>> byTask, String metric) {
        Map<String, Double> out = new LinkedHashMap<>();
        byTask.forEach((task, ms) -> out.put(task, ms.get(metric)));
        return out;
    }

    /** Median training-step time of a run (the trainer's own per-step measurement). */
    private static final class StepTimes implements TrainingListener {
        private final List<Double> ms = new ArrayList<>();

        @Override
        public void onStep(StepEvent event, TrainingControl control) {
            ms.add(event.millis());
        }

        double median() {
            if (ms.isEmpty()) {
                return Double.NaN;
            }
            double[] a = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return a[a.length / 2];
        }
    }

    /** One variant prepared for timing: model, engine, optimiser. */
    private final class Timed {
        final int k;
        final HpsModel model;
        final GradientEngine engine;
        final FlatOptimizer optimizer;
        final WeightingStrategy strategy;
        final List<Double> all = new ArrayList<>();
        final List<double[]> rounds = new ArrayList<>();
        final List<Double> allCpu = new ArrayList<>();
        final List<double[]> roundsCpu = new ArrayList<>();
        double lastCpuMs;
        long step;

        Timed(BenchmarkProblem problem, int k, long seed) {
            this.k = k;
            this.model = model(problem, k, seed, new NormalTransform[1]);
            this.engine = new GradientEngine(model);
            this.optimizer = problem.optimizer().create(model.params());
            this.strategy = EqualWeighting.Config.defaults().create(model.numTasks());
        }

        double step(MtlBatch batch, double lr) {
            long c0 = THREADS.getCurrentThreadCpuTime();
            long s0 = System.nanoTime();
            step++;
            StepInfo info = new StepInfo(step, 0, new SplittableRandom(step), List.of());
            engine.compute(batch, strategy, info, HeadPolicy.REFERENCE, JacobianMode.AS_NEEDED);
            optimizer.step(model.params(), model.gradients(), lr);
            model.transform().afterStep(engine.lastRepresentationGradients());
            double ms = (System.nanoTime() - s0) / 1e6;
            lastCpuMs = (THREADS.getCurrentThreadCpuTime() - c0) / 1e6;
            return ms;
        }
    }

    /**
     * Interleaved timing: warm-up, then {@code rounds} rounds in which every variant runs
     * {@code timingSteps} steps on the same batches (the trainer's step without listeners).
     */
    private List<Timing> time(BenchmarkProblem problem) {
        long seed = config.seeds().get(0);
        List<Timed> variants = new ArrayList<>();
        variants.add(new Timed(problem, 0, seed));
        for (int k : config.timingK()) {
            variants.add(new Timed(problem, k, seed));
        }
        int n = Math.min(problem.train().numBatches(), Math.max(1, config.timingSteps()));
        List<MtlBatch> batches = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            batches.add(problem.train().batch(0, b, seed));
        }
        double lr = problem.optimizer().learningRate();
        for (Timed v : variants) {
            for (int s = 0; s < config.timingWarmup(); s++) {
                v.step(batches.get(s % n), lr);
            }
        }
        for (int r = 0; r < config.timingRounds(); r++) {
            for (Timed v : variants) {
                double[] ms = new double[config.timingSteps()];
                double[] cpu = new double[config.timingSteps()];
                for (int s = 0; s < ms.length; s++) {
                    ms[s] = v.step(batches.get(s % n), lr);
                    cpu[s] = v.lastCpuMs;
                    v.all.add(ms[s]);
                    v.allCpu.add(cpu[s]);
                }
                v.rounds.add(ms);
                v.roundsCpu.add(cpu);
            }
        }
        double[] base = stats(variants.get(0).all);
        double[] baseCpu = stats(variants.get(0).allCpu);
        List<Timing> out = new ArrayList<>();
        this.out.printf(Locale.ROOT, "%nstep time in ms (%d rounds x %d steps, interleaved; wall clock and thread CPU time)%n"
                + "%-8s %3s %8s %8s %8s %6s %8s %6s  %s%n", config.timingRounds(), config.timingSteps(), "method", "K", "median",
                "min", "p90", "ratio", "cpu med", "ratio", "cpu ratio per round");
        for (Timed v : variants) {
            double[] s = stats(v.all);
            double[] c = stats(v.allCpu);
            double[] perRound = new double[v.rounds.size()];
            double[] perRoundCpu = new double[v.rounds.size()];
            for (int r = 0; r < perRound.length; r++) {
                perRound[r] = median(v.rounds.get(r)) / median(variants.get(0).rounds.get(r));
                perRoundCpu[r] = median(v.roundsCpu.get(r)) / median(variants.get(0).roundsCpu.get(r));
            }
            Timing t = new Timing(label(v.k), v.k, s[0], s[1], s[2], s[0] / base[0], perRound, c[0], c[0] / baseCpu[0],
                    perRoundCpu);
            out.add(t);
            this.out.printf(Locale.ROOT, "%-8s %3s %8.3f %8.3f %8.3f %6.2f %8.3f %6.2f  %s%n", t.method(),
                    v.k == 0 ? "-" : String.valueOf(v.k), t.medianMs(), t.minMs(), t.p90Ms(), t.ratio(), t.medianCpuMs(),
                    t.cpuRatio(), fmt(perRoundCpu));
        }
        return out;
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** @return median, min, p90 */
    private static double[] stats(List<Double> ms) {
        double[] a = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new double[] {a[a.length / 2], a[0], a[(int) Math.min(a.length - 1, Math.floor(0.9 * a.length))]};
    }

    private List<Map<String, Object>> summary(TaskSet tasks, List<Run> runs, List<Timing> timings) {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Integer> ks = new ArrayList<>();
        ks.add(0);
        ks.addAll(config.steps());
        for (int k : config.timingK()) {
            if (!ks.contains(k)) {
                ks.add(k);
            }
        }
        for (int k : ks) {
            List<Run> rs = runs.stream().filter(r -> r.k() == k).toList();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("method", label(k));
            row.put("k", k == 0 ? null : k);
            row.put("trainingRuns", rs.size());
            if (!rs.isEmpty()) {
                double[] means = rs.stream().mapToDouble(r -> r.bestTest().values().stream().mapToDouble(Double::doubleValue)
                        .average().orElse(Double.NaN)).toArray();
                row.put("meanTest", mean(means));
                row.put("stdTest", std(means));
                Map<String, Object> perTask = new LinkedHashMap<>();
                Map<String, Object> positions = new LinkedHashMap<>();
                for (int t = 0; t < tasks.size(); t++) {
                    String name = tasks.names().get(t);
                    perTask.put(name, mean(rs.stream().mapToDouble(r -> r.bestTest().get(name)).toArray()));
                    final int ti = t;
                    positions.put(name, rs.stream().mapToDouble(r -> r.positions().length == 0 ? Double.NaN : r.positions()[ti])
                            .toArray());
                }
                row.put("testPerTask", perTask);
                if (k != 0) {
                    row.put("finalPositionsPerSeed", positions);
                }
                row.put("trainStepMedianMs", mean(rs.stream().mapToDouble(Run::stepMedianMs).toArray()));
            }
            for (Timing t : timings) {
                if (t.k() == k) {
                    row.put("stepTimeRatioToHpsEw", t.ratio());
                    row.put("stepCpuTimeRatioToHpsEw", t.cpuRatio());
                }
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<Map<String, Object>> timingMaps(List<Timing> timings) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Timing t : timings) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", t.method());
            m.put("k", t.k() == 0 ? null : t.k());
            m.put("medianMs", t.medianMs());
            m.put("minMs", t.minMs());
            m.put("p90Ms", t.p90Ms());
            m.put("ratioToHpsEw", t.ratio());
            m.put("ratioPerRound", t.roundRatios());
            m.put("medianCpuMs", t.medianCpuMs());
            m.put("cpuRatioToHpsEw", t.cpuRatio());
            m.put("cpuRatioPerRound", t.cpuRoundRatios());
            out.add(m);
        }
        return out;
    }

    private Path writeResults(Path file, TaskSet tasks, String metric, List<Run> runs) {
        StringBuilder sb = new StringBuilder("method,k,seed,task,best_epoch,test_" + metric + "_best,test_" + metric
                + "_final,final_position,train_step_median_ms,seconds\n");
        for (Run r : runs) {
            for (int t = 0; t < tasks.size(); t++) {
                String name = tasks.names().get(t);
                sb.append(String.format(Locale.ROOT, "%s,%s,%d,%s,%d,%.6f,%.6f,%s,%.4f,%.2f%n", r.method(), r.k() == 0 ? "" : r.k(),
                        r.seed(), name, r.bestEpoch(), r.bestTest().get(name), r.finalTest().get(name),
                        r.positions().length == 0 ? "" : String.format(Locale.ROOT, "%.6f", r.positions()[t]), r.stepMedianMs(),
                        r.seconds()));
            }
        }
        return write(file, sb.toString());
    }

    private Path writePositions(Path file, TaskSet tasks, Map<Integer, List<PositionHistory>> histories) {
        StringBuilder sb = new StringBuilder("k,seed,epoch,task,position\n");
        histories.forEach((k, list) -> {
            for (int s = 0; s < list.size(); s++) {
                for (PositionHistory.Entry e : list.get(s).epochEntries()) {
                    double[] p = e.positions();
                    for (int t = 0; t < p.length; t++) {
                        sb.append(String.format(Locale.ROOT, "%d,%d,%d,%s,%.6f%n", k, config.seeds().get(s), e.epoch(),
                                tasks.names().get(t), p[t]));
                    }
                }
            }
        });
        return write(file, sb.toString());
    }

    @SuppressWarnings("unchecked")
    private Path writeSummary(Path file, TaskSet tasks, String metric, List<Map<String, Object>> summary) {
        StringBuilder sb = new StringBuilder("method,k,runs,mean_test_" + metric + ",std_test_" + metric);
        for (String t : tasks.names()) {
            sb.append(",test_").append(metric).append('_').append(t);
        }
        for (String t : tasks.names()) {
            sb.append(",mean_position_").append(t);
        }
        sb.append(",train_step_median_ms,step_time_ratio,step_cpu_time_ratio\n");
        for (Map<String, Object> row : summary) {
            sb.append(row.get("method")).append(',').append(row.get("k") == null ? "" : row.get("k")).append(',')
                    .append(row.get("trainingRuns"));
            sb.append(',').append(num(row.get("meanTest"))).append(',').append(num(row.get("stdTest")));
            Map<String, Object> perTask = (Map<String, Object>) row.get("testPerTask");
            for (String t : tasks.names()) {
                sb.append(',').append(perTask == null ? "" : num(perTask.get(t)));
            }
            Map<String, Object> pos = (Map<String, Object>) row.get("finalPositionsPerSeed");
            for (String t : tasks.names()) {
                sb.append(',').append(pos == null ? "" : num(mean((double[]) pos.get(t))));
            }
            sb.append(',').append(num(row.get("trainStepMedianMs"))).append(',').append(num(row.get("stepTimeRatioToHpsEw")))
                    .append(',').append(num(row.get("stepCpuTimeRatioToHpsEw"))).append('\n');
        }
        return write(file, sb.toString());
    }

    /** @return the number with 6 decimals, or "" for null / NaN */
    private static String num(Object v) {
        if (!(v instanceof Double d) || d.isNaN()) {
            return "";
        }
        return String.format(Locale.ROOT, "%.6f", d);
    }

    private static Path writeTiming(Path file, List<Timing> timings) {
        StringBuilder sb = new StringBuilder("method,k,median_ms,min_ms,p90_ms,ratio_to_hps_ew,ratio_per_round,median_cpu_ms,"
                + "cpu_ratio_to_hps_ew,cpu_ratio_per_round\n");
        for (Timing t : timings) {
            sb.append(String.format(Locale.ROOT, "%s,%s,%.4f,%.4f,%.4f,%.4f,%s,%.4f,%.4f,%s%n", t.method(), t.k() == 0 ? "" : t.k(),
                    t.medianMs(), t.minMs(), t.p90Ms(), t.ratio(), fmt(t.roundRatios()).replace(',', ' '), t.medianCpuMs(),
                    t.cpuRatio(), fmt(t.cpuRoundRatios()).replace(',', ' ')));
        }
        return write(file, sb.toString());
    }

    private static Path write(Path file, String content) {
        AtomicFiles.write(file, os -> os.write(content.getBytes(StandardCharsets.UTF_8)));
        return file;
    }

    private static String fmt(double[] a) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < a.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", a[i]));
        }
        return sb.append(']').toString();
    }

    private static String fmt(java.util.Collection<Double> a) {
        return fmt(a.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double mean(double[] a) {
        return Arrays.stream(a).average().orElse(Double.NaN);
    }

    private static double std(double[] a) {
        if (a.length < 2) {
            return 0;
        }
        double m = mean(a);
        double s = 0;
        for (double v : a) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / (a.length - 1));
    }

    /** @return the 1/5/15-minute load averages (Linux), or "n/a" */
    static String loadAverage() {
        try {
            String s = Files.readString(Path.of("/proc/loadavg")).trim();
            String[] parts = s.split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | UncheckedIOException | ArrayIndexOutOfBoundsException e) {
            return "n/a";
        }
    }
}
