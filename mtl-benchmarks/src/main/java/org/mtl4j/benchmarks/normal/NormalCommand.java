package org.mtl4j.benchmarks.normal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mtl4j.benchmarks.cli.ResultLine;
import org.mtl4j.benchmarks.data.DataDirectory;
import org.mtl4j.benchmarks.data.DatasetNotFoundException;
import org.mtl4j.benchmarks.data.mnist.MultiDigitKind;
import org.mtl4j.benchmarks.data.mnist.SplitCounts;
import org.mtl4j.benchmarks.multidigit.LoadedMultiDigitBenchmark;
import org.mtl4j.benchmarks.multidigit.MultiDigitBenchmark;
import org.mtl4j.benchmarks.synthetic.SyntheticBenchmark;
import org.mtl4j.models.normal.NormalAblation;
import org.mtl4j.models.normal.PositionGradient;
import org.mtl4j.models.ode.OdeMethod;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mtl4j normal}: NORMAL vs HPS-EW ({@link NormalExperiment}) on the named benchmarks,
 * printing a table per benchmark and, last, {@code RESULT {json}}.
 *
 * <pre>
 * mtl4j normal --benchmark synthetic --k 2,5,10 --seeds 1,2,3 --epochs 20
 * mtl4j normal --benchmark multi-fashion --train-size 10000 --eval-size 2000 --epochs 10 --k 2,5,10 --seeds 1,2,3
 * </pre>
 */
@Command(name = "normal", mixinStandardHelpOptions = true,
        description = "NORMAL (time-aware heavy-ball ODE block, learnable task positions) vs HPS-EW: per-task test "
                + "metrics over seeds, learned positions (CSV + PNG trajectories), step time relative to HPS-EW per K.")
public final class NormalCommand implements Callable<Integer> {

    @Option(names = "--benchmark", split = ",", defaultValue = "synthetic",
            description = "Benchmarks: synthetic, multi-fashion, multi-mnist, multi-fashion-mnist. Default: ${DEFAULT-VALUE}.")
    List<String> benchmarks;

    @Option(names = "--data-dir", description = "Data directory of the multi-item benchmarks (default: $MTL4J_DATA, else ~/.mtl4j/data).")
    Path dataDir;

    @Option(names = "--train-size", description = "Training composites of the multi-item benchmarks (default 100000).")
    Integer trainSize;

    @Option(names = "--eval-size", description = "Validation and test composites each of the multi-item benchmarks (default 20000).")
    Integer evalSize;

    @Option(names = "--lr", defaultValue = "0.001", description = "Adam learning rate of the multi-item benchmarks. Default: ${DEFAULT-VALUE}.")
    double learningRate;

    @Option(names = "--k", split = ",", defaultValue = "2,5,10",
            description = "Euler steps K per position, one NORMAL training run per value and seed (K >= 2). "
                    + "Default: ${DEFAULT-VALUE}.")
    List<Integer> steps;

    @Option(names = "--timing-k", split = ",",
            description = "K values whose step time is measured against HPS-EW (default: the --k values).")
    List<Integer> timingK;

    @Option(names = "--seeds", split = ",", defaultValue = "1,2,3", description = "Seeds. Default: ${DEFAULT-VALUE}.")
    List<Long> seeds;

    @Option(names = "--epochs", defaultValue = "20", description = "Training epochs per run. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--solver", defaultValue = "euler", description = "euler or rk4. Default: ${DEFAULT-VALUE}.")
    String solver;

    @Option(names = "--position-gradient", defaultValue = "thesis",
            description = "thesis (eq. 5.11) or autodiff (through h = p/K). Default: ${DEFAULT-VALUE}.")
    String positionGradient;

    @Option(names = "--position-lr", defaultValue = "0.01", description = "Step size eta_p of the positions. Default: ${DEFAULT-VALUE}.")
    double positionLearningRate;

    @Option(names = "--ablation", defaultValue = "none",
            description = "none, fixed-identical, fixed-different, exponential, first-order (thesis Table 5.4). "
                    + "Default: ${DEFAULT-VALUE}.")
    String ablation;

    @Option(names = "--max-steps-per-epoch", defaultValue = "0", description = "Cap on steps per epoch (0 = all; smoke runs).")
    int maxStepsPerEpoch;

    @Option(names = "--timing-warmup", defaultValue = "30", description = "Warm-up steps per variant. Default: ${DEFAULT-VALUE}.")
    int timingWarmup;

    @Option(names = "--timing-steps", defaultValue = "50",
            description = "Timed steps per variant and round (0 = no timing). Default: ${DEFAULT-VALUE}.")
    int timingSteps;

    @Option(names = "--timing-rounds", defaultValue = "5", description = "Interleaved timing rounds. Default: ${DEFAULT-VALUE}.")
    int timingRounds;

    @Option(names = "--out", defaultValue = "runs/normal", description = "Output directory. Default: ${DEFAULT-VALUE}.")
    Path outputDir;

    @Override
    public Integer call() throws Exception {
        NormalExperiment.Config config = toConfig();
        List<BenchmarkProblem> problems = new ArrayList<>();
        for (String b : benchmarks) {
            problems.add(problem(b.trim()));
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (BenchmarkProblem p : problems) {
            System.out.println("== " + p.name() + " ==");
            results.add(new NormalExperiment(config, System.out).run(p));
        }
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("command", "normal");
        res.put("results", results);
        ResultLine.print(System.out, res);
        return 0;
    }

    /** Translates the options (the only place where strings become enums). */
    NormalExperiment.Config toConfig() {
        OdeMethod method = switch (solver.trim()) {
            case "euler" -> OdeMethod.EXPLICIT_EULER;
            case "rk4" -> OdeMethod.RK4;
            default -> throw new IllegalArgumentException("--solver '" + solver + "' unknown; available: euler, rk4");
        };
        PositionGradient pg = switch (positionGradient.trim()) {
            case "thesis" -> PositionGradient.THESIS;
            case "autodiff" -> PositionGradient.AUTODIFF;
            default -> throw new IllegalArgumentException("--position-gradient '" + positionGradient
                    + "' unknown; available: thesis, autodiff");
        };
        NormalAblation ab = switch (ablation.trim()) {
            case "none" -> NormalAblation.NONE;
            case "fixed-identical" -> NormalAblation.FIXED_IDENTICAL;
            case "fixed-different" -> NormalAblation.FIXED_DIFFERENT;
            case "exponential" -> NormalAblation.EXPONENTIAL_POSITIONS;
            case "first-order" -> NormalAblation.FIRST_ORDER_NODE;
            default -> throw new IllegalArgumentException("--ablation '" + ablation
                    + "' unknown; available: none, fixed-identical, fixed-different, exponential, first-order");
        };
        return new NormalExperiment.Config(epochs, seeds, steps, method, pg, positionLearningRate, ab, maxStepsPerEpoch,
                timingWarmup, timingSteps, timingRounds, timingK != null ? timingK : steps, outputDir);
    }

    private BenchmarkProblem problem(String name) throws IOException {
        if (name.equals("synthetic")) {
            return new SyntheticSetup(SyntheticBenchmark.defaults());
        }
        MultiDigitKind kind;
        try {
            kind = MultiDigitBenchmark.kindOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--benchmark '" + name + "' unknown; available: synthetic, multi-fashion, "
                    + "multi-mnist, multi-fashion-mnist", e);
        }
        MultiDigitBenchmark settings = MultiDigitBenchmark.defaults(kind);
        if (trainSize != null || evalSize != null) {
            SplitCounts c = settings.sizes().composites();
            settings = settings.withSizes(settings.sizes().withComposites(new SplitCounts(trainSize != null ? trainSize : c.train(),
                    evalSize != null ? evalSize : c.val(), evalSize != null ? evalSize : c.test())));
        }
        LoadedMultiDigitBenchmark loaded;
        try {
            loaded = settings.load(dataDir != null ? dataDir : DataDirectory.fromEnvironment());
        } catch (DatasetNotFoundException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return new MultiDigitSetup(loaded, learningRate);
    }

    /** Stand-alone entry point (the {@code mtl4j} CLI registers this class as a subcommand). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new NormalCommand()).execute(args));
    }
}
