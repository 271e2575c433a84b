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
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.mtl4j.benchmarks.cli.ProgressBarListener;
import org.mtl4j.benchmarks.data.DataDirectory;
import org.mtl4j.benchmarks.data.DatasetNotFoundException;
import org.mtl4j.benchmarks.data.mnist.MultiDigitKind;
import org.mtl4j.benchmarks.data.mnist.MultiDigitSizes;
import org.mtl4j.benchmarks.data.mnist.SplitCounts;
import org.mtl4j.core.listener.TrainingListener;
import org.mtl4j.core.weighting.EqualWeighting;
import org.mtl4j.core.weighting.WeightingConfig;
import org.mtl4j.core.weighting.WeightingRegistry;

/**
 * The quick Multi-Fashion demo behind {@code mtl4j demo}: on a reduced Multi-Fashion set it trains
 * the two single-task baselines, then equal weighting and one gradient strategy (one seed, few
 * epochs, Adam 1e-3), and prints a table of test accuracy per task and Δp against the baselines.
 * When the Fashion-MNIST files are missing it runs the fetch script if one is given; if the data
 * still cannot be had it prints why and returns empty, so the caller can fall back to the
 * synthetic demo.
 *
 * <pre>
 * data      Multi-Fashion, PARETO_36 layout, generation seed 1, trainSize / evalSize / evalSize composites
 * runs      STL top-left, STL bottom-right, ew, gradient method; LeNet, batch 256, Adam 1e-3, selection
 *           by validation Δp, test reported at the selected epoch
 * files     out/stl/..., out/ew/seed-S/..., out/METHOD/seed-S/... (run.json, epochs.csv, plots), summaries
 * </pre>
 */
public final class MultiFashionDemo {
    private MultiFashionDemo() {
    }

    /**
     * Settings of the demo.
     *
     * @param dataDir        data directory
     * @param out            output directory
     * @param epochs         epochs per run ≥ 1
     * @param seed           run seed
     * @param trainSize      training composites ≥ 1
     * @param evalSize       validation and test composites each ≥ 1
     * @param gradientMethod the strategy compared with EW (null = none)
     * @param fetchScript    {@code scripts/fetch-data.sh} to run when data is missing (null = do not fetch)
     */
    public record Options(Path dataDir, Path out, int epochs, long seed, int trainSize, int evalSize, String gradientMethod,
                          Path fetchScript) {
        /** Validates. */
        public Options {
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(out, "out");
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, found " + epochs);
            }
            if (trainSize < 1 || evalSize < 1) {
                throw new IllegalArgumentException("trainSize and evalSize must be >= 1, found " + trainSize + " and " + evalSize);
            }
        }

        /**
         * @return the default demo: data from {@link DataDirectory#fromEnvironment()}, output
         *         {@code runs/demo-multi-fashion}, 3 epochs, seed 1, 10,000 training and 2,000
         *         validation/test composites, MGDA if registered (else the first registered
         *         gradient strategy, else none), no fetching
         */
        public static Options defaults() {
            return new Options(DataDirectory.fromEnvironment(), Path.of("runs", "demo-multi-fashion"), 3, 1, 10_000, 2_000,
                    defaultGradientMethod(WeightingRegistry.load()), null);
        }

        /** @return a copy with another output directory */
        public Options withOut(Path dir) {
            return new Options(dataDir, dir, epochs, seed, trainSize, evalSize, gradientMethod, fetchScript);
        }

        /** @return a copy with another number of epochs */
        public Options withEpochs(int e) {
            return new Options(dataDir, out, e, seed, trainSize, evalSize, gradientMethod, fetchScript);
        }

        /** @return a copy with another gradient method (null = EW only) */
        public Options withGradientMethod(String method) {
            return new Options(dataDir, out, epochs, seed, trainSize, evalSize, method, fetchScript);
        }

        /** @return a copy that runs {@code script} when the data is missing */
        public Options withFetchScript(Path script) {
            return new Options(dataDir, out, epochs, seed, trainSize, evalSize, gradientMethod, script);
        }
    }

    /**
     * @param registry the strategies available
     * @return {@code mgda} if registered, else the first registered strategy that reads gradients
     *         (not a loss weighting), else null
     */
    public static String defaultGradientMethod(WeightingRegistry registry) {
        String first = null;
        for (var e : registry.entries()) {
            if (e.name().equals("mgda")) {
                return "mgda";
            }
            if (first == null && readsGradients(e.configType())) {
                first = e.name();
            }
        }
        return first;
    }

    private static boolean readsGradients(Class<? extends WeightingConfig> type) {
        try {
            WeightingConfig c = (WeightingConfig) type.getMethod("defaults").invoke(null);
            var s = c.create(2);
            return !(s instanceof org.mtl4j.core.weighting.LossWeighting)
                    && !(s instanceof org.mtl4j.core.weighting.BilevelWeighting);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Runs the demo.
     *
     * @param options settings
     * @param out     where the table goes
     * @param err     where progress and notes go
     * @return the fields of the demo's {@code RESULT} line, or empty when the data is unavailable
     *         (after printing why on {@code err})
     * @throws IOException if output files cannot be written
     */
    public static Optional<Map<String, Object>> run(Options options, PrintStream out, PrintStream err) throws IOException {
        TrainCommand.enableNativeHelpers();
        MultiDigitBenchmark settings = MultiDigitBenchmark.defaults(MultiDigitKind.MULTI_FASHION).withSizes(
                MultiDigitSizes.defaults().withComposites(new SplitCounts(options.trainSize(), options.evalSize(), options.evalSize())));
        LoadedMultiDigitBenchmark bench;
        try {
            bench = loadOrFetch(settings, options, err);
        } catch (DatasetNotFoundException e) {
            err.println("Multi-Fashion data is not available: " + e.getMessage());
            err.println("Falling back to the synthetic demo.");
            return Optional.empty();
        }
        TrainProtocol protocol = TrainProtocol.adam(options.epochs());
        ExperimentRunner runner = new ExperimentRunner(bench, protocol, (label, seed) -> listeners(label, seed, options.epochs(), err), true);
        List<String> tasks = bench.tasks().names();
        out.println("MTL4J demo: Multi-Fashion (" + options.trainSize() + " training / " + options.evalSize()
                + " test images of 36x36, two 10-class tasks), LeNet, Adam 1e-3, " + options.epochs() + " epochs per run");
        List<RunOutcome> stlRuns = new ArrayList<>();
        for (int t = 0; t < tasks.size(); t++) {
            stlRuns.add(runner.run("stl " + tasks.get(t), EqualWeighting.Config.defaults(), new int[] {t}, options.seed(),
                    options.out().resolve("stl").resolve(tasks.get(t)).resolve("seed-" + options.seed()), Map.of(), Map.of()));
        }
        Map<String, Object> stlSummary = ExperimentSummary.build(bench.name(), "stl", Map.of(), tasks, stlRuns, protocol,
                bench.description(), null);
        Path stlFile = ExperimentSummary.write(stlSummary, options.out().resolve("stl"));
        ExperimentSummary.StlBaseline base = ExperimentSummary.StlBaseline.read(stlFile);

        WeightingRegistry registry = WeightingRegistry.load();
        Map<String, WeightingConfig> methods = new LinkedHashMap<>();
        methods.put("ew", EqualWeighting.Config.defaults());
        if (options.gradientMethod() != null && !options.gradientMethod().equals("ew")) {
            methods.put(options.gradientMethod(), registry.configure(options.gradientMethod(), Map.of()));
        }
        int[] all = {0, 1};
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-10s %14s %14s %8s %9s", "method", tasks.get(0) + " acc", tasks.get(1) + " acc",
                "Δp (%)", "seconds"));
        double stlSeconds = stlRuns.stream().mapToDouble(r -> r.result().seconds()).sum();
        lines.add(String.format(Locale.ROOT, "%-10s %14.4f %14.4f %8s %9.1f", "STL", base.test().get(tasks.get(0)),
                base.test().get(tasks.get(1)), "0", stlSeconds));
        Map<String, Object> results = new LinkedHashMap<>();
        List<String> files = new ArrayList<>(List.of(stlFile.toString()));
        for (Map.Entry<String, WeightingConfig> m : methods.entrySet()) {
            RunOutcome r = runner.run(m.getKey(), m.getValue(), all, options.seed(),
                    options.out().resolve(m.getKey()).resolve("seed-" + options.seed()), base.selectionBaselines(), base.test());
            Map<String, Object> summary = ExperimentSummary.build(bench.name(), m.getKey(),
                    WeightingRegistry.resolvedParams(m.getValue()), tasks, List.of(r), protocol, bench.description(), base);
            files.add(ExperimentSummary.write(summary, options.out().resolve(m.getKey())).toString());
            double dp = ExperimentSummary.deltaP(r, base.test());
            lines.add(String.format(Locale.ROOT, "%-10s %14.4f %14.4f %8.2f %9.1f", m.getKey(), r.bestTest(tasks.get(0), "accuracy"),
                    r.bestTest(tasks.get(1), "accuracy"), dp, r.result().seconds()));
            Map<String, Object> one = new LinkedHashMap<>();
            Map<String, Double> acc = new LinkedHashMap<>();
            for (String t : tasks) {
                acc.put(t, r.bestTest(t, "accuracy"));
            }
            one.put("testAccuracy", acc);
            one.put("deltaP", dp);
            one.put("bestEpoch", r.result().bestEpoch());
            one.put("seconds", r.result().seconds());
            results.put(m.getKey(), one);
        }
        out.println();
        lines.forEach(out::println);
        out.println("Test accuracy at the epoch chosen on validation; Δp = mean relative gain over the STL baselines.");
        out.println("Run records, CSVs and plots: " + options.out().toAbsolutePath());
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("command", "demo");
        res.put("benchmark", bench.name());
        res.put("epochs", options.epochs());
        res.put("trainSize", options.trainSize());
        res.put("stl", base.test());
        res.put("methods", results);
        res.put("files", files);
        return Optional.of(res);
    }

    private static LoadedMultiDigitBenchmark loadOrFetch(MultiDigitBenchmark settings, Options options, PrintStream err)
            throws IOException {
        try {
            return settings.load(options.dataDir());
        } catch (DatasetNotFoundException missing) {
            Path script = options.fetchScript();
            if (script == null || !Files.isRegularFile(script)) {
                throw missing;
            }
            err.println("Multi-Fashion data missing; fetching it with " + script + " into " + options.dataDir());
            int code = runFetch(script, options.dataDir());
            if (code != 0) {
                throw new DatasetNotFoundException("the fetch script " + script + " failed (exit code " + code + "; its"
                        + " messages are above). " + missing.getMessage(), missing.missing());
            }
            return settings.load(options.dataDir());
        }
    }

    private static int runFetch(Path script, Path dataDir) throws IOException {
        Process p = new ProcessBuilder("bash", script.toString(), dataDir.toString()).inheritIO().start();
        try {
            if (!p.waitFor(20, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static List<TrainingListener> listeners(String label, long seed, int epochs, PrintStream err) {
        return List.of(new ProgressBarListener(label), new EpochLine(label + " seed " + seed, epochs, err));
    }
}
