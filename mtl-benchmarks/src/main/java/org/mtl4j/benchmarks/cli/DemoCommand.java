package org.mtl4j.benchmarks.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mtl4j.benchmarks.multidigit.MultiFashionDemo;
import org.mtl4j.benchmarks.synthetic.SyntheticBenchmark;
import org.mtl4j.core.task.TaskSet;
import org.mtl4j.core.train.RunResult;
import org.mtl4j.core.weighting.EqualWeighting;
import org.mtl4j.core.weighting.WeightingConfig;
import org.mtl4j.core.weighting.WeightingRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mtl4j demo}: a short end-to-end run. By default a quick Multi-Fashion run
 * ({@link MultiFashionDemo}: the data is fetched by {@code scripts/fetch-data.sh} when missing);
 * when the data cannot be had, or with {@code --synthetic}, the synthetic conflicting-tasks
 * problem. Either way it trains the single-task baselines, then EW and one gradient strategy, and
 * prints per-task test accuracy and Δp against the baselines.
 */
@Command(name = "demo", description = "Short end-to-end demo: STL baselines, EW and a gradient method, with Δp.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--epochs", description = "Epochs per run (default: 3 on Multi-Fashion, 8 on the synthetic problem).")
    Integer epochs;

    @Option(names = "--synthetic", description = "Use the synthetic problem instead of Multi-Fashion.")
    boolean synthetic;

    @Option(names = "--seed", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--method", description = "Gradient method compared with EW (default: mgda if registered, else ew only).")
    String method;

    @Option(names = "--out", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("runs", "demo");

    @Override
    public Integer call() throws Exception {
        if (epochs != null && epochs < 1) {
            throw new IllegalArgumentException("--epochs must be >= 1, found " + epochs);
        }
        Files.createDirectories(out);
        WeightingRegistry reg = WeightingRegistry.load();
        if (!synthetic) {
            MultiFashionDemo.Options o = MultiFashionDemo.Options.defaults().withOut(out.resolve("multi-fashion"))
                    .withEpochs(epochs == null ? 3 : epochs);
            if (method != null) {
                o = o.withGradientMethod(method.equals("ew") ? null : method);
            }
            String home = System.getProperty("mtl4j.home");
            if (home != null && Files.isRegularFile(Path.of(home, "scripts", "fetch-data.sh"))) {
                o = o.withFetchScript(Path.of(home, "scripts", "fetch-data.sh"));
            }
            Optional<Map<String, Object>> res = MultiFashionDemo.run(o, System.out, System.err);
            if (res.isPresent()) {
                ResultLine.print(System.out, res.get());
                return 0;
            }
        }
        int epochs = this.epochs == null ? 8 : this.epochs;
        String other = method != null ? method : (reg.entries().stream().anyMatch(e -> e.name().equals("mgda")) ? "mgda" : null);
        SyntheticBenchmark bench = SyntheticBenchmark.defaults();
        TaskSet tasks = bench.tasks();
        System.out.println("MTL4J demo: synthetic problem, " + tasks.size() + " conflicting classification tasks, "
                + epochs + " epochs per run");
        Map<String, Map<String, Double>> baselines = new LinkedHashMap<>();
        List<String> files = new ArrayList<>();
        for (int t = 0; t < tasks.size(); t++) {
            Path rec = out.resolve("stl-task" + t + ".json");
            RunResult r = bench.run(EqualWeighting.Config.defaults(), t, epochs, seed, rec,
                    List.of(new ProgressBarListener("STL task" + t)), Map.of());
            baselines.putAll(r.bestValidation().isEmpty() ? r.finalTest() : r.bestTest());
            files.add(rec.toString());
        }
        Map<String, WeightingConfig> runs = new LinkedHashMap<>();
        runs.put("ew", EqualWeighting.Config.defaults());
        if (other != null && !other.equals("ew")) {
            runs.put(other, reg.configure(other, Map.of()));
        }
        Map<String, Object> results = new LinkedHashMap<>();
        System.out.println();
        StringBuilder header = new StringBuilder(String.format("%-10s", "method"));
        for (String n : tasks.names()) {
            header.append(String.format(" %10s", n + " acc"));
        }
        header.append(String.format(" %9s %8s", "Δp(%)", "seconds"));
        List<String> lines = new ArrayList<>();
        StringBuilder stl = new StringBuilder(String.format("%-10s", "STL"));
        for (String n : tasks.names()) {
            stl.append(String.format(" %10.4f", baselines.get(n).get("accuracy")));
        }
        lines.add(stl.append(String.format(" %9s %8s", "0", "")).toString());
        for (Map.Entry<String, WeightingConfig> e : runs.entrySet()) {
            Path rec = out.resolve("mtl-" + e.getKey() + ".json");
            RunResult r = bench.run(e.getValue(), -1, epochs, seed, rec, List.of(new ProgressBarListener(e.getKey())), baselines);
            files.add(rec.toString());
            StringBuilder sb = new StringBuilder(String.format("%-10s", e.getKey()));
            Map<String, Double> accs = new LinkedHashMap<>();
            for (String n : tasks.names()) {
                double a = r.bestTest().get(n).get("accuracy");
                accs.put(n, a);
                sb.append(String.format(" %10.4f", a));
            }
            lines.add(sb.append(String.format(" %9.2f %8.1f", r.deltaPTest(), r.seconds())).toString());
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("testAccuracy", accs);
            one.put("deltaP", r.deltaPTest());
            one.put("bestEpoch", r.bestEpoch());
            one.put("seconds", r.seconds());
            results.put(e.getKey(), one);
        }
        System.out.println(header);
        lines.forEach(System.out::println);
        System.out.println("Run records: " + out.toAbsolutePath());
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("command", "demo");
        res.put("benchmark", "synthetic");
        res.put("stl", baselines);
        res.put("methods", results);
        res.put("files", files);
        ResultLine.print(System.out, res);
        return 0;
    }
}
