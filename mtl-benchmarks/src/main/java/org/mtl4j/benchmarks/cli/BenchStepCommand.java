package org.mtl4j.benchmarks.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
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
import org.mtl4j.benchmarks.multidigit.LeNet;
import org.mtl4j.benchmarks.multidigit.TrainCommand;
import org.mtl4j.benchmarks.models.NativeMlp;
import org.mtl4j.core.data.MtlBatch;
import org.mtl4j.core.grad.GradientEngine;
import org.mtl4j.core.grad.JacobianMode;
import org.mtl4j.core.io.AtomicFiles;
import org.mtl4j.core.io.Json;
import org.mtl4j.core.loss.SoftmaxCrossEntropy;
import org.mtl4j.core.model.HpsModel;
import org.mtl4j.core.model.nd4j.ComputeLanes;
import org.mtl4j.core.model.nd4j.ConvStack;
import org.mtl4j.core.optim.Adam;
import org.mtl4j.core.optim.FlatOptimizer;
import org.mtl4j.core.optim.OptimizerConfig;
import org.mtl4j.core.optim.Sgd;
import org.mtl4j.core.task.Task;
import org.mtl4j.core.task.TaskSet;
import org.mtl4j.core.weighting.EqualWeighting;
import org.mtl4j.core.weighting.GradientSpace;
import org.mtl4j.core.weighting.GramianWeighting;
import org.mtl4j.core.weighting.JacobianAggregator;
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
import org.nd4j.linalg.lossfunctions.LossFunctions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mtl4j bench step}: the W1 step (shared MLP 784-512-256 ReLU, m linear heads 256→10 with
 * softmax cross-entropy, batch 100, float32, SGD by default) in milliseconds, on the DL4J-layer
 * path (the reference) and on the native path ({@code org.mtl4j.core.model.nd4j}):
 * <ul>
 *   <li>(a) EW through the one-backward path ({@code a-ew}, {@code a-native-ew});</li>
 *   <li>(b) the full Jacobian (m encoder backward passes), the Gramian in double and the EW
 *       combination {@code d = Jᵀw} ({@code b-jacobian-ew}, {@code b-native-jacobian-ew});</li>
 *   <li>(c) representation gradients: m gradients w.r.t. Z, one encoder backward
 *       ({@code c-representation-ew}, {@code c-native-representation-ew});</li>
 *   <li>(d) a plain DL4J ComputationGraph with m outputs ({@code fit}) as the reference;</li>
 *   <li>any named strategies ({@code --methods}) on both paths (multi-batch strategies on
 *       {@code batchesPerStep()} distinct batches, so that many forward and Jacobian passes).</li>
 * </ul>
 * Per case: median, min and p90 of the per-step times, the median CPU time of the stepping
 * thread (with one OpenMP thread all work runs on it, so this figure is less sensitive to other
 * processes than wall time); the CPU share other processes took while
 * the case ran (from {@code /proc/stat} and this process's CPU time); and the steady-state
 * allocation over the timed steps (ND4J data buffers created, native bytes in use, Java heap
 * bytes, garbage collections). With {@code --jvm-runs N} the command runs N fresh JVMs one after
 * the other and reports, per case, the median of the runs' medians, the minimum and the pooled
 * p90. Ratios are given against the bars measured on these machines: PyTorch 1.13's EW step
 * (2.7 ms at m = 2, 3.4 ms at m = 10) and LibMTL's MGDA/PCGrad/CAGrad step at m = 10 (45 ms,
 * the low end of 45–50 ms). With {@code --torch measure} the same step is also timed in PyTorch on
 * this machine, interleaved with the JVM runs ({@link TorchBar}), and the rows get ratios to it.
 *
 * <p>{@code --network lenet} times the same cases (except (d)) on the two-item image benchmarks'
 * LeNet instead ({@link LeNet}: 36×36 inputs, batch 256, m linear heads 50→10): the DL4J path
 * uses DL4J's convolution layers with the oneDNN helpers, the native path the {@link ConvStack}
 * encoder; no torch bar exists for it.
 */
@Command(name = "step", description = "Time the W1 training step (ms per step).")
public final class BenchStepCommand implements Callable<Integer> {

    /** Optimiser of the timed step. */
    enum OptimizerChoice {
        /** Plain SGD, lr 0.01 (what the PyTorch bar uses). */
        sgd,
        /** Adam, lr 1e-3. */
        adam
    }

    /** The timed network. */
    enum Network {
        /** Shared MLP 784-512-256 ReLU, batch 100 (the torch bars' network). */
        w1,
        /** The multi-item benchmarks' LeNet on 36×36 images, batch 256. */
        lenet
    }

    @Option(names = "--network", description = "w1 (default) or lenet.")
    Network network = Network.w1;

    @Option(names = "--tasks", split = ",", description = "Numbers of tasks m (default: 2,10).")
    int[] tasks = {2, 10};

    @Option(names = "--steps", description = "Measured steps per case (default: ${DEFAULT-VALUE}).")
    int steps = 200;

    @Option(names = "--warmup", description = "Warm-up steps per case (default: 1000 for w1, 20 for lenet: the JVM keeps "
            + "compiling the W1 step's Java code over its first ~1000 steps, and two lanes lose a core to the compiler meanwhile).")
    Integer warmup;

    /** Default warm-up of the W1 step, see {@code --warmup}. */
    static final int W1_WARMUP = 1000;

    /** Default warm-up of the LeNet step (≈ 0.1 s per step). */
    static final int LENET_WARMUP = 20;

    @Option(names = "--methods", split = ",", description = "Extra registered strategies to time on both paths (e.g. mgda,pcgrad).")
    List<String> methods = new ArrayList<>();

    @Option(names = "--cases", split = ",",
            description = "Cases to run (default: all): a,b,c,d,a-native,b-native,c-native,parts,parts-native "
                    + "(parts = one forward + heads' backward + m encoder backward passes, the floor of case b).")
    List<String> cases = new ArrayList<>(List.of("a", "b", "c", "d", "a-native", "b-native", "c-native", "parts", "parts-native"));

    @Option(names = "--optimizer", description = "sgd (default) or adam.")
    OptimizerChoice optimizer = OptimizerChoice.sgd;

    @Option(names = "--jvm-runs", description = "Fresh JVMs to run one after the other; figures are aggregated (default: ${DEFAULT-VALUE}).")
    int jvmRuns = 1;

    @Option(names = "--lanes", description = "Lanes of the native W1 encoder: auto (default: MTL4J_LANES if set, else two "
            + "when OMP_NUM_THREADS=1 on 2+ cores), 1 or 2 (see ComputeLanes).")
    String lanes = "auto";

    @Option(names = "--out", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("runs", "bench-step");

    /** Where the PyTorch bar comes from. */
    enum TorchSource {
        /** The fixed bars measured on another machine ({@link #torchEwMs}, {@link #LIBMTL_JACOBIAN_M10_MS}). */
        reference,
        /** Run {@code benchmarks/torch/w1_step.py} here, once per JVM run ({@link TorchBar}). */
        measure,
        /**
         * Run the script here in blocks of {@code --torch-block} steps alternating with the JVM's
         * blocks of timed steps ({@link TorchBar.Session}), so both are timed in the same minutes.
         */
        interleaved
    }

    @Option(names = "--torch", description = "reference (default: the fixed bars), measure (time the same step in PyTorch "
            + "here, once per JVM run) or interleaved (in blocks of --torch-block steps alternating with the JVM's timed "
            + "steps, in the same minutes); with --python, see scripts/install-torch.sh.")
    TorchSource torch = TorchSource.reference;

    @Option(names = "--python", description = "Python with PyTorch for --torch measure|interleaved (default: ${DEFAULT-VALUE}).")
    String python = "/usr/bin/python3";

    @Option(names = "--torch-script", description = "The PyTorch W1 script (default: benchmarks/torch/w1_step.py of the project).")
    Path torchScript;

    @Option(names = "--torch-block", description = "Steps per block with --torch interleaved (default: ${DEFAULT-VALUE}).")
    int torchBlock = 50;

    /** The serving torch script of {@code --torch interleaved} inside a JVM run, else null. */
    private TorchBar interleavedTorch;

    /** PyTorch 1.13 W1 EW step on these machines (SGD, OPENBLAS_CORETYPE=Haswell), ms. */
    static double torchEwMs(int m) {
        return m == 2 ? 2.7 : m == 10 ? 3.4 : Double.NaN;
    }

    /** LibMTL MGDA/PCGrad/CAGrad step at m = 10 on these machines, ms (low end of 45–50). */
    static final double LIBMTL_JACOBIAN_M10_MS = 45.0;

    /**
     * DL4J {@code ComputationGraph.fit} of the W1 net measured in the same session as the torch bars
     * (best settings, dl4j-notes "Speed on these machines"), ms.
     */
    static double referenceGraphFitMs(int m) {
        return m == 2 ? 5.1 : m == 10 ? 9.2 : Double.NaN;
    }

    /**
     * Adds machine-calibrated bars: the torch and LibMTL figures were measured on an earlier
     * machine state; case (d) — DL4J's graph fit, measured there too — gives the speed factor
     * {@code f = d_now / d_then}, and the bars scale by f ({@code torchBarScaledMs},
     * {@code ratioToScaledTorch}, {@code libmtlBarScaledMs}, {@code ratioToScaledLibMtl}). Rows are
     * left as they are when (d) was not run for that m.
     */
    static void calibrate(List<Map<String, Object>> rows) {
        for (Map<String, Object> p : rows) {
            String pc = (String) p.get("case");
            if (!pc.startsWith("parts")) {
                continue;
            }
            String bCase = pc.contains("native") ? "b-native-jacobian-ew" : "b-jacobian-ew";
            for (Map<String, Object> r : rows) {
                if (bCase.equals(r.get("case")) && r.get("m").equals(p.get("m"))) {
                    r.put("partsMs", p.get("medianMs"));
                    r.put("ratioToParts", (double) r.get("medianMs") / (double) p.get("medianMs"));
                }
            }
        }
        for (Map<String, Object> d : rows) {
            if (!"d-dl4j-graph-fit".equals(d.get("case"))) {
                continue;
            }
            int m = (int) d.get("m");
            double factor = (double) d.get("medianMs") / referenceGraphFitMs(m);
            if (!Double.isFinite(factor)) {
                continue;
            }
            for (Map<String, Object> r : rows) {
                if ((int) r.get("m") != m) {
                    continue;
                }
                double median = (double) r.get("medianMs");
                if (r.containsKey("torchBarMs")) {
                    r.put("machineFactor", factor);
                    r.put("torchBarScaledMs", torchEwMs(m) * factor);
                    r.put("ratioToScaledTorch", median / (torchEwMs(m) * factor));
                } else if (r.containsKey("libmtlBarMs")) {
                    r.put("machineFactor", factor);
                    r.put("libmtlBarScaledMs", LIBMTL_JACOBIAN_M10_MS * factor);
                    r.put("ratioToScaledLibMtl", median / (LIBMTL_JACOBIAN_M10_MS * factor));
                }
            }
        }
    }

    private static void printCalibration(List<Map<String, Object>> rows) {
        for (Map<String, Object> r : rows) {
            if (r.containsKey("ratioToParts")) {
                System.out.printf("%-30s m=%-3d %.2f x (one forward + heads + m encoder backwards = %.3f ms)%n", r.get("case"),
                        (int) r.get("m"), (double) r.get("ratioToParts"), (double) r.get("partsMs"));
            }
        }
        for (Map<String, Object> r : rows) {
            if (r.containsKey("ratioToScaledTorch")) {
                System.out.printf("%-30s m=%-3d machine factor %.2f (d now / d then): torch bar %.2f ms -> %.2f ms, ratio %.2f%n",
                        r.get("case"), (int) r.get("m"), (double) r.get("machineFactor"), (double) r.get("torchBarMs"),
                        (double) r.get("torchBarScaledMs"), (double) r.get("ratioToScaledTorch"));
            } else if (r.containsKey("ratioToScaledLibMtl")) {
                System.out.printf("%-30s m=%-3d machine factor %.2f (d now / d then): LibMTL bar %.1f ms -> %.1f ms, ratio %.2f%n",
                        r.get("case"), (int) r.get("m"), (double) r.get("machineFactor"), (double) r.get("libmtlBarMs"),
                        (double) r.get("libmtlBarScaledMs"), (double) r.get("ratioToScaledLibMtl"));
            }
        }
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (warmup == null) {
            warmup = network == Network.w1 ? W1_WARMUP : LENET_WARMUP;
        }
        if (steps < 1 || warmup < 0 || jvmRuns < 1) {
            throw new IllegalArgumentException("--steps and --jvm-runs must be >= 1 and --warmup >= 0, found " + steps + ", "
                    + jvmRuns + " and " + warmup);
        }
        laneCount(); // validates --lanes before any timing
        for (String c : cases) {
            if (!List.of("a", "b", "c", "d", "a-native", "b-native", "c-native", "parts", "parts-native").contains(c)) {
                throw new IllegalArgumentException("unknown case '" + c
                        + "'; expected a, b, c, d, a-native, b-native, c-native, parts or parts-native");
            }
        }
        for (int m : tasks) {
            if (m < 1) {
                throw new IllegalArgumentException("--tasks entries must be >= 1, found " + m);
            }
        }
        if (network == Network.lenet) {
            if (cases.contains("d")) {
                throw new IllegalArgumentException("case d (DL4J ComputationGraph.fit of W1) exists for --network w1 only");
            }
            TrainCommand.enableNativeHelpers();
        }
        if (torchBlock < 1) {
            throw new IllegalArgumentException("--torch-block must be >= 1, found " + torchBlock);
        }
        TorchBar torchBar = null;
        if (torch != TorchSource.reference) {
            if (network != Network.w1) {
                throw new IllegalArgumentException("--torch " + torch + " exists for --network w1 only, found --network " + network);
            }
            torchBar = new TorchBar(python, torchScript != null ? torchScript.toAbsolutePath() : TorchBar.defaultScript());
            torchBar.check();
            if (torch == TorchSource.interleaved) {
                interleavedTorch = torchBar;
            }
        }
        Files.createDirectories(out);
        return jvmRuns == 1 ? runHere(torchBar) : runJvms(torchBar);
    }

    /** Case names of the requested strategies that read the Jacobian of the shared parameters (both paths). */
    private List<String> jacobianMethodCases() {
        List<String> r = new ArrayList<>();
        WeightingRegistry reg = methods.isEmpty() ? null : WeightingRegistry.load();
        for (String name : methods) {
            WeightingStrategy s = reg.configure(name, Map.of()).create(2);
            if ((s instanceof GramianWeighting || s instanceof JacobianAggregator) && s.gradientSpace() == GradientSpace.SHARED_PARAMETERS) {
                r.add(name);
                r.add(name + "-native");
            }
        }
        return r;
    }

    /** Runs the torch script for every m: EW when an (a) case is requested, the Jacobian step when a Jacobian row is. */
    private void measureTorch(TorchBar bar, List<String> jacobianMethodCases) throws InterruptedException {
        boolean ew = cases.contains("a") || cases.contains("a-native");
        boolean jac = cases.contains("b") || cases.contains("b-native") || !jacobianMethodCases.isEmpty();
        for (int m : tasks) {
            for (TorchBar.Mode mode : TorchBar.Mode.values()) {
                if (mode == TorchBar.Mode.ew ? ew : jac) {
                    TorchBar.Run r = bar.measure(mode, m, optimizer.name(), steps, warmup);
                    System.out.printf("%-30s %4d %9.3f %9.3f %9.3f   (PyTorch %s, %d threads)%n", "torch-" + mode, m, r.medianMs(),
                            r.minMs(), r.p90Ms(), r.torchVersion(), r.threads());
                }
            }
        }
    }

    private static boolean isJacobianRow(Map<String, Object> row, List<String> jacobianMethodCases) {
        String c = (String) row.get("case");
        return c.startsWith("b-") || jacobianMethodCases.contains(c);
    }

    private int runHere(TorchBar torchBar) throws IOException, InterruptedException {
        List<Map<String, Object>> rows = new ArrayList<>();
        long rss0 = rssKb();
        CpuSample all0 = CpuSample.now();
        printHeader();
        WeightingRegistry reg = methods.isEmpty() ? null : WeightingRegistry.load();
        List<String> jacobianCases = torchBar == null ? List.of() : jacobianMethodCases();
        for (int m : tasks) {
            for (String c : cases) {
                switch (c) {
                    case "a" -> rows.add(row("a-ew", m, timeEngine(m, false, EqualWeighting.Config.defaults(), JacobianMode.AS_NEEDED,
                            TorchBar.Mode.ew)));
                    case "b" -> rows.add(row("b-jacobian-ew", m, timeEngine(m, false, EqualWeighting.Config.defaults(),
                            JacobianMode.JACOBIAN, TorchBar.Mode.jacobian)));
                    case "c" -> rows.add(row("c-representation-ew", m, timeEngine(m, false, new RepresentationEw(), JacobianMode.ALWAYS,
                            null)));
                    case "d" -> rows.add(row("d-dl4j-graph-fit", m, timeGraph(m)));
                    case "a-native" -> rows.add(row("a-native-ew", m,
                            timeEngine(m, true, EqualWeighting.Config.defaults(), JacobianMode.AS_NEEDED, TorchBar.Mode.ew)));
                    case "b-native" -> rows.add(row("b-native-jacobian-ew", m,
                            timeEngine(m, true, EqualWeighting.Config.defaults(), JacobianMode.JACOBIAN, TorchBar.Mode.jacobian)));
                    case "c-native" -> rows.add(row("c-native-representation-ew", m,
                            timeEngine(m, true, new RepresentationEw(), JacobianMode.ALWAYS, null)));
                    case "parts" -> rows.add(row("parts-forward-m-backwards", m, timeParts(m, false)));
                    case "parts-native" -> rows.add(row("parts-native-forward-m-backwards", m, timeParts(m, true)));
                    default -> throw new IllegalStateException(c);
                }
            }
            for (String name : methods) {
                TorchBar.Mode tm = jacobianCases.contains(name) ? TorchBar.Mode.jacobian : null;
                rows.add(row(name, m, timeEngine(m, false, reg.configure(name, Map.of()), JacobianMode.AS_NEEDED, tm)));
                rows.add(row(name + "-native", m, timeEngine(m, true, reg.configure(name, Map.of()), JacobianMode.AS_NEEDED, tm)));
            }
        }
        long rss1 = rssKb();
        // before torch runs, which would count as other; without the interleaved torch sessions' CPU time
        CpuSample all1 = CpuSample.now();
        double otherCpuShare = CpuSample.otherShare(all0, all1, interleavedTorchCpuNanos);
        if (torchBar != null && torch == TorchSource.measure) {
            measureTorch(torchBar, jacobianCases);
            torchBar.annotate(rows, r -> isJacobianRow(r, jacobianCases));
        }
        calibrate(rows);
        printCalibration(rows);
        TorchBar.print(rows);
        Map<String, Object> result = header();
        if (torchBar != null) {
            result.put("torch", torchHeader(torchBar));
        }
        result.put("jvmRuns", 1);
        result.put("rows", rows);
        result.put("rssKbBefore", rss0);
        result.put("rssKbAfter", rss1);
        result.put("otherCpuShare", otherCpuShare);
        result.put("stealCpuShare", CpuSample.stealShare(all0, all1));
        Path json = out.resolve("bench-step.json");
        AtomicFiles.writeJson(json, result);
        System.out.printf("RSS before %d MB, after %d MB; other processes took %.0f%% of the CPU (the hypervisor, steal: %.0f%%)%n",
                rss0 / 1024, rss1 / 1024, 100 * (double) result.get("otherCpuShare"), 100 * (double) result.get("stealCpuShare"));
        Map<String, Object> res = new LinkedHashMap<>(result);
        res.put("rows", stripSteps(rows));
        res.put("files", List.of(json.toString()));
        ResultLine.print(System.out, res);
        return 0;
    }

    /** @return the torch bar's header with how torch was timed ({@code source}: measure or interleaved, and the block size) */
    private Map<String, Object> torchHeader(TorchBar bar) {
        Map<String, Object> h = bar.header();
        h.put("source", torch.name());
        if (torch == TorchSource.interleaved) {
            h.put("blockSteps", torchBlock);
        }
        return h;
    }

    private Map<String, Object> header() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("benchmark", network == Network.w1 ? "W1 step" : "LeNet step (36x36, batch 256)");
        r.put("optimizer", optimizer.name());
        r.put("steps", steps);
        r.put("warmup", warmup);
        r.put("backend", Nd4j.getBackend().getClass().getSimpleName());
        r.put("ompNumThreads", System.getenv("OMP_NUM_THREADS"));
        r.put("ompWaitPolicy", System.getenv("OMP_WAIT_POLICY"));
        r.put("openblasCoretype", System.getenv("OPENBLAS_CORETYPE"));
        r.put("cores", Runtime.getRuntime().availableProcessors());
        r.put("nativeLanes", laneCount());
        return r;
    }

    private static void printHeader() {
        System.out.printf("%-30s %4s %9s %9s %9s %8s %7s %7s %9s%n", "case", "m", "median", "min", "p90", "cpu-med", "xTorch",
                "other%", "bufs/step");
    }

    /** Runs fresh JVMs one after the other and aggregates their JSON. */
    private int runJvms(TorchBar torchBar) throws IOException, InterruptedException {
        List<String> jacobianCases = torchBar == null ? List.of() : jacobianMethodCases();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
        List<JsonNode> runs = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (int k = 1; k <= jvmRuns; k++) {
            Path dir = out.resolve("run-" + k);
            List<String> cmd = new ArrayList<>();
            cmd.add(java);
            cmd.addAll(jvmArgs);
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Mtl4jCli.class.getName(), "bench", "step",
                    "--jvm-runs", "1", "--steps", String.valueOf(steps), "--warmup", String.valueOf(warmup),
                    "--optimizer", optimizer.name(), "--lanes", lanes, "--out", dir.toString(), "--tasks", joinInts(tasks), "--network", network.name(),
                    "--cases", String.join(",", cases)));
            if (!methods.isEmpty()) {
                cmd.addAll(List.of("--methods", String.join(",", methods)));
            }
            if (torch == TorchSource.interleaved) {
                cmd.addAll(List.of("--torch", "interleaved", "--python", python, "--torch-block", String.valueOf(torchBlock),
                        "--torch-script", torchBar.script().toString()));
            }
            System.out.println("== JVM run " + k + " of " + jvmRuns);
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("JVM run " + k + " failed with exit code " + p.exitValue());
            }
            Path json = dir.resolve("bench-step.json");
            runs.add(Json.mapper().readTree(json.toFile()));
            files.add(json.toString());
            if (torchBar != null && torch == TorchSource.measure) {
                System.out.println("== torch run " + k + " of " + jvmRuns);
                measureTorch(torchBar, jacobianCases);
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        System.out.println("== aggregate of " + jvmRuns + " JVM runs: median of run medians, min, pooled p90");
        printHeader();
        JsonNode first = runs.get(0).get("rows");
        for (int r = 0; r < first.size(); r++) {
            String name = first.get(r).get("case").asText();
            int m = first.get(r).get("m").asInt();
            double[] medians = new double[jvmRuns];
            double[] other = new double[jvmRuns];
            double[] steal = new double[jvmRuns];
            double[] bufs = new double[jvmRuns];
            double[] cpuMed = new double[jvmRuns];
            List<Double> pooled = new ArrayList<>();
            boolean interleaved = first.get(r).has("torchInterleavedMs");
            double[] torchMedians = new double[jvmRuns];
            List<Double> torchPooled = new ArrayList<>();
            List<Double> blockRatios = new ArrayList<>();
            for (int k = 0; k < jvmRuns; k++) {
                JsonNode row = runs.get(k).get("rows").get(r);
                medians[k] = row.get("medianMs").asDouble();
                other[k] = row.get("otherCpuShare").asDouble();
                steal[k] = row.path("stealCpuShare").asDouble(Double.NaN);
                bufs[k] = row.get("dataBuffersPerStep").asDouble();
                cpuMed[k] = row.get("threadCpuMedianMs").asDouble();
                row.get("stepsMs").forEach(v -> pooled.add(v.asDouble()));
                if (interleaved) {
                    torchMedians[k] = row.get("torchInterleavedMs").asDouble();
                    row.get("torchInterleavedStepsMs").forEach(v -> torchPooled.add(v.asDouble()));
                    row.get("interleavedBlockRatios").forEach(v -> blockRatios.add(v.asDouble()));
                }
            }
            double[] all = pooled.stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(all);
            Map<String, Object> agg = stats(name, m, all);
            agg.put("medianMs", median(medians));
            agg.put("runMediansMs", medians);
            agg.put("threadCpuMedianMs", median(cpuMed));
            agg.put("otherCpuShareRuns", other);
            agg.put("stealCpuShareRuns", steal);
            agg.put("dataBuffersPerStepRuns", bufs);
            if (network == Network.w1) {
                addRatios(agg, name, m, median(medians));
            }
            print(agg, Arrays.stream(other).max().orElse(Double.NaN), median(bufs));
            if (interleaved) {
                double[] t = torchPooled.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                double[] br = blockRatios.stream().mapToDouble(Double::doubleValue).toArray();
                putInterleaved(agg, TorchBar.Mode.valueOf(first.get(r).get("torchInterleavedMode").asText()), median(torchMedians),
                        t[0], t[(int) Math.min(t.length - 1, Math.floor(0.9 * t.length))], median(br), br);
                agg.put("torchInterleavedRunMediansMs", torchMedians);
            }
            rows.add(agg);
        }
        if (torchBar != null && torch == TorchSource.measure) {
            torchBar.annotate(rows, r -> isJacobianRow(r, jacobianCases));
        }
        calibrate(rows);
        printCalibration(rows);
        TorchBar.print(rows);
        Map<String, Object> result = header();
        if (torchBar != null) {
            result.put("torch", torchHeader(torchBar));
        }
        result.put("jvmRuns", jvmRuns);
        result.put("rows", rows);
        result.put("runFiles", files);
        Path json = out.resolve("bench-step.json");
        AtomicFiles.writeJson(json, result);
        files.add(json.toString());
        Map<String, Object> res = new LinkedHashMap<>(result);
        res.put("files", files);
        ResultLine.print(System.out, res);
        return 0;
    }

    private static String joinInts(int[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ",").append(v[i]);
        }
        return sb.toString();
    }

    private static List<Map<String, Object>> stripSteps(List<Map<String, Object>> rows) {
        List<Map<String, Object>> r = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Map<String, Object> c = new LinkedHashMap<>(row);
            c.remove("stepsMs");
            c.remove("torchInterleavedStepsMs");
            r.add(c);
        }
        return r;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }

    private static Map<String, Object> stats(String name, int m, double[] sorted) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("case", name);
        r.put("m", m);
        r.put("path", name.contains("native") ? "native" : "dl4j");
        r.put("medianMs", median(sorted));
        r.put("minMs", sorted[0]);
        r.put("p90Ms", sorted[(int) Math.min(sorted.length - 1, Math.floor(0.9 * sorted.length))]);
        return r;
    }

    private static void addRatios(Map<String, Object> r, String name, int m, double median) {
        if (name.startsWith("a-")) {
            r.put("torchBarMs", torchEwMs(m));
            r.put("ratioToTorch", median / torchEwMs(m));
        } else if (name.startsWith("b-") && m == 10) {
            r.put("libmtlBarMs", LIBMTL_JACOBIAN_M10_MS);
            r.put("ratioToLibMtl", median / LIBMTL_JACOBIAN_M10_MS);
        }
    }

    private static void print(Map<String, Object> r, double other, double bufs) {
        Object ratio = r.containsKey("ratioToTorch") ? r.get("ratioToTorch") : r.get("ratioToLibMtl");
        System.out.printf("%-30s %4d %9.3f %9.3f %9.3f %8.3f %7s %7.0f %9.1f%n", r.get("case"), (int) r.get("m"),
                (double) r.get("medianMs"), (double) r.get("minMs"), (double) r.get("p90Ms"), (double) r.get("threadCpuMedianMs"),
                ratio == null ? "" : String.format("%.2f", (double) ratio), 100 * other, bufs);
    }

    private Map<String, Object> row(String name, int m, Measured meas) {
        double[] s = meas.ms.clone();
        Arrays.sort(s);
        Map<String, Object> r = stats(name, m, s);
        if (network == Network.w1) {
            addRatios(r, name, m, (double) r.get("medianMs"));
        }
        r.put("threadCpuMedianMs", median(meas.cpuMs));
        r.put("threadCpuMinMs", Arrays.stream(meas.cpuMs).min().orElse(Double.NaN));
        r.put("otherCpuShare", meas.otherCpuShare);
        r.put("stealCpuShare", meas.stealCpuShare);
        r.put("dataBuffersPerStep", meas.dataBuffers / (double) steps);
        r.put("nativeBytesInUseDeltaPerStep", meas.nativeBytesDelta / (double) steps);
        r.put("heapBytesPerStep", meas.heapBytes / (double) steps);
        r.put("gcDuringSteps", meas.gcCount);
        if (meas.lanes != null && meas.lanes.handOffs() > 0) {
            r.put("laneHandOffsPerStep", meas.lanes.handOffs() / (double) steps);
            r.put("laneTakenBackShare", meas.lanes.takenBack() / (double) meas.lanes.handOffs());
            r.put("laneWaitMsPerStep", meas.lanes.waitNanos() / 1e6 / steps);
        }
        r.put("stepsMs", meas.ms);
        print(r, meas.otherCpuShare, meas.dataBuffers / (double) steps);
        if (r.containsKey("laneWaitMsPerStep")) {
            System.out.printf("%-30s      two lanes: %.1f hand-offs/step, %.0f%% taken back by the caller, %.3f ms/step waiting%n", "",
                    (double) r.get("laneHandOffsPerStep"), 100 * (double) r.get("laneTakenBackShare"), (double) r.get("laneWaitMsPerStep"));
        }
        if (meas.torchMs != null) {
            double[] t = meas.torchMs.clone();
            Arrays.sort(t);
            putInterleaved(r, meas.torchMode, median(t), t[0], t[(int) Math.min(t.length - 1, Math.floor(0.9 * t.length))],
                    median(meas.blockRatios), meas.blockRatios);
            r.put("torchInterleavedStepsMs", meas.torchMs);
        }
        return r;
    }

    /**
     * The {@code --torch interleaved} fields of a row: torch's step in the same minutes (median,
     * min, p90), the ratio of the row's median to it, and the per-block ratios of the two block
     * medians with their median (the paired figure, least sensitive to the machine's slow stretches).
     */
    private void putInterleaved(Map<String, Object> r, TorchBar.Mode mode, double median, double min, double p90,
                                double blockRatioMedian, double[] blockRatios) {
        r.put("torchInterleavedMode", mode.name());
        r.put("torchInterleavedBlockSteps", torchBlock);
        r.put("torchInterleavedMs", median);
        r.put("torchInterleavedMinMs", min);
        r.put("torchInterleavedP90Ms", p90);
        r.put("ratioToInterleavedTorch", (double) r.get("medianMs") / median);
        r.put("interleavedBlockRatioMedian", blockRatioMedian);
        r.put("interleavedBlockRatios", blockRatios);
        System.out.printf("%-30s      torch %s in the same minutes: %.3f ms (min %.3f, p90 %.3f), ratio %.2f; median of %d block "
                + "ratios %.2f%n", "", mode, median, min, p90, (double) r.get("medianMs") / median, blockRatios.length,
                blockRatioMedian);
    }

    private int batchSize() {
        return network == Network.w1 ? 100 : 256;
    }

    private MtlBatch batch(int m, SplittableRandom r) {
        int n = batchSize();
        INDArray x = network == Network.w1 ? Nd4j.rand(DataType.FLOAT, n, 784) : Nd4j.rand(DataType.FLOAT, n, 1, 36, 36);
        List<INDArray> ys = new ArrayList<>();
        for (int t = 0; t < m; t++) {
            INDArray y = Nd4j.zeros(DataType.FLOAT, n, 10);
            for (int b = 0; b < n; b++) {
                y.putScalar(b, r.nextInt(10), 1f);
            }
            ys.add(y);
        }
        return MtlBatch.single(x, ys);
    }

    private OptimizerConfig optimizerConfig() {
        return optimizer == OptimizerChoice.adam ? Adam.of(1e-3) : Sgd.of(0.01);
    }

    /**
     * The irreducible work of the Jacobian step, timed on its own: one forward of encoder and heads,
     * each head's backward, and m backward passes of the encoder (no losses, Gramian, combination or
     * optimiser step). Case (b) is compared with this.
     */
    private Measured timeParts(int m, boolean nativePath) {
        HpsModel model = model(m, nativePath);
        MtlBatch b = batch(m, new SplittableRandom(m));
        INDArray[] outGrads = new INDArray[m];
        INDArray[] repGrads = new INDArray[m];
        for (int t = 0; t < m; t++) {
            outGrads[t] = Nd4j.rand(DataType.FLOAT, batchSize(), 10).subi(0.5).muli(0.01);
            repGrads[t] = Nd4j.rand(DataType.FLOAT, batchSize(), network == Network.w1 ? 256 : LeNet.REPRESENTATION)
                    .subi(0.5).muli(0.01);
        }
        return measure(i -> {
            INDArray z = model.encoder().forward(b.input(), true);
            model.heads().forward(model.transform().forward(z, true), true);
            for (int t = 0; t < m; t++) {
                model.heads().backward(t, outGrads[t]);
            }
            for (int t = 0; t < m; t++) {
                model.encoder().backward(repGrads[t], false);
            }
        });
    }

    private HpsModel model(int m, boolean nativePath) {
        if (network == Network.w1) {
            return w1Model(m, nativePath);
        }
        Nd4j.getRandom().setSeed(1);
        return LeNet.model(w1Tasks(m), 1, 36, DataType.FLOAT, nativePath ? LeNet.EncoderPath.NATIVE : LeNet.EncoderPath.DL4J);
    }

    private static TaskSet w1Tasks(int m) {
        List<Task> ts = new ArrayList<>();
        for (int t = 0; t < m; t++) {
            ts.add(new Task(org.mtl4j.core.task.TaskId.of("t" + t), SoftmaxCrossEntropy.withoutIgnoreIndex(),
                    List.of(org.mtl4j.core.metric.Accuracy.defaults())));
        }
        return TaskSet.of(ts);
    }

    /** The lanes of the native model being timed (their hand-off counters go into the row). */
    private ComputeLanes modelLanes;

    /** @return the lanes {@code --lanes} names */
    ComputeLanes computeLanes() {
        return laneCount() == 2 ? ComputeLanes.two() : ComputeLanes.single();
    }

    /** @return 1 or 2, what {@code --lanes} names ({@code auto}: {@link ComputeLanes#autoLanes()}), without starting a thread */
    int laneCount() {
        return switch (lanes) {
            case "auto" -> ComputeLanes.autoLanes();
            case "1" -> 1;
            case "2" -> 2;
            default -> throw new IllegalArgumentException("--lanes must be auto, 1 or 2, found '" + lanes + "'");
        };
    }

    private HpsModel w1Model(int m, boolean nativePath) {
        Nd4j.getRandom().setSeed(1);
        TaskSet tasks = w1Tasks(m);
        if (!nativePath) {
            return HpsModel.of(tasks, Dl4jMlp.encoder(1, DataType.FLOAT, Activation.RELU, 784, 512, 256),
                    Dl4jMlp.linearHeads(1, DataType.FLOAT, m, 256, 10));
        }
        modelLanes = computeLanes();
        return NativeMlp.model(tasks, NativeMlp.encoder(modelLanes, 1, DataType.FLOAT, Activation.RELU, 784, 512, 256),
                NativeMlp.linearHeads(modelLanes, 1, DataType.FLOAT, m, 256, 10));
    }

    /**
     * @param torchMode the PyTorch step this case is compared with ({@code --torch interleaved}
     *                  alternates blocks of it with the timed steps), or null for none
     */
    private Measured timeEngine(int m, boolean nativePath, WeightingConfig wc, JacobianMode mode, TorchBar.Mode torchMode) {
        HpsModel model = model(m, nativePath);
        ComputeLanes lanesOfModel = modelLanes != null ? modelLanes : ComputeLanes.single();
        GradientEngine engine = new GradientEngine(model, lanesOfModel);
        OptimizerConfig oc = optimizerConfig();
        FlatOptimizer opt = oc.create(model.params(), lanesOfModel);
        WeightingStrategy s = wc.create(m);
        MtlBatch b = batch(m, new SplittableRandom(m));
        StepInfo[] infos = new StepInfo[warmup + steps];
        for (int i = 0; i < infos.length; i++) {
            infos[i] = new StepInfo(i + 1, 0, new SplittableRandom(i), List.of());
        }
        if (s instanceof MultiBatchAggregator mb) {
            // multi-batch strategies get batchesPerStep() distinct batches (that many forward and Jacobian passes)
            List<MtlBatch> batches = new ArrayList<>(List.of(b));
            return measure(i -> {
                while (batches.size() < mb.batchesPerStep()) {
                    batches.add(batch(m, new SplittableRandom(1000L * m + batches.size())));
                }
                engine.computeMultiBatch(batches.subList(0, mb.batchesPerStep()), mb, infos[i], HeadPolicy.REFERENCE);
                opt.step(model.params(), model.gradients(), oc.learningRate());
            }, torchMode, m);
        }
        return measure(i -> {
            engine.compute(b, s, infos[i], HeadPolicy.REFERENCE, mode);
            opt.step(model.params(), model.gradients(), oc.learningRate());
        }, torchMode, m);
    }

    private Measured timeGraph(int m) {
        org.nd4j.linalg.learning.config.IUpdater upd = optimizer == OptimizerChoice.adam
                ? new org.nd4j.linalg.learning.config.Adam(1e-3) : new org.nd4j.linalg.learning.config.Sgd(0.01);
        var gb = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER)
                .updater(upd).graphBuilder().addInputs("x")
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
        return measure(i -> cg.fit(mds));
    }

    /** One timed step. */
    @FunctionalInterface
    interface Step {
        void run(int i);
    }

    /**
     * What one case measured; with {@code --torch interleaved} also torch's steps, timed in blocks
     * alternating with the case's, and per block the ratio of the two block medians.
     */
    record Measured(double[] ms, double[] cpuMs, double otherCpuShare, double stealCpuShare, long dataBuffers, long nativeBytesDelta,
                    long heapBytes, long gcCount, ComputeLanes.Stats lanes, TorchBar.Mode torchMode, double[] torchMs,
                    double[] blockRatios) {
        Measured(double[] ms, double[] cpuMs, double otherCpuShare, double stealCpuShare, long dataBuffers, long nativeBytesDelta,
                 long heapBytes, long gcCount, ComputeLanes.Stats lanes) {
            this(ms, cpuMs, otherCpuShare, stealCpuShare, dataBuffers, nativeBytesDelta, heapBytes, gcCount, lanes, null, null, null);
        }
    }

    private Measured measure(Step step) {
        return measure(step, null, 0);
    }

    /**
     * Warm-up, then the timed steps with CPU-share and allocation counters around them. With
     * {@code --torch interleaved} and a torch mode, the timed steps run in blocks of
     * {@code --torch-block}, each followed by a block of as many torch steps; the counters cover
     * the JVM's blocks only.
     */
    private Measured measure(Step step, TorchBar.Mode torchMode, int m) {
        for (int i = 0; i < warmup; i++) {
            step.run(i);
        }
        TorchBar.Session torchSession = interleavedTorch != null && torchMode != null
                ? interleavedTorch.open(torchMode, m, optimizer.name(), warmup) : null;
        try {
            return timeSteps(step, torchSession, torchMode);
        } finally {
            if (torchSession != null) {
                interleavedTorchCpuNanos += Math.max(0, torchSession.cpuNanos()); // while the process still exists
                torchSession.close();
            }
        }
    }

    /** CPU time of the interleaved torch sessions of this JVM run so far (not "other processes"). */
    private long interleavedTorchCpuNanos;

    private Measured timeSteps(Step step, TorchBar.Session torchSession, TorchBar.Mode torchMode) {
        System.gc();
        double[] times = new double[steps];
        double[] cpu = new double[steps];
        double[] torchMs = torchSession == null ? null : new double[steps];
        int block = torchSession == null ? steps : torchBlock;
        double[] blockRatios = torchSession == null ? null : new double[(steps + block - 1) / block];
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long native0 = nativeBytesInUse();
        long buf0 = Nd4j.getDeallocatorService().nextValue();
        ComputeLanes.Stats lanes0 = modelLanes == null ? null : modelLanes.stats();
        CpuSample cpuSum = CpuSample.ZERO;
        long gcSum = 0;
        long heapSum = 0;
        for (int from = 0, b = 0; from < steps; from += block, b++) {
            int to = Math.min(steps, from + block);
            CpuSample c0 = CpuSample.now();
            long gc0 = gcCount();
            long heap0 = threadAllocatedBytes();
            for (int i = from; i < to; i++) {
                long u0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                step.run(warmup + i);
                times[i] = (System.nanoTime() - t0) / 1e6;
                cpu[i] = (threads.getCurrentThreadCpuTime() - u0) / 1e6;
            }
            heapSum += threadAllocatedBytes() - heap0;
            gcSum += gcCount() - gc0;
            cpuSum = cpuSum.plus(c0, CpuSample.now());
            if (torchSession != null) {
                double[] t = torchSession.block(to - from);
                System.arraycopy(t, 0, torchMs, from, t.length);
                blockRatios[b] = median(Arrays.copyOfRange(times, from, to)) / median(t);
            }
        }
        long buf1 = Nd4j.getDeallocatorService().nextValue();
        long native1 = nativeBytesInUse();
        ComputeLanes.Stats lanes = null;
        if (lanes0 != null) {
            ComputeLanes.Stats l1 = modelLanes.stats();
            lanes = new ComputeLanes.Stats(l1.handOffs() - lanes0.handOffs(), l1.takenBack() - lanes0.takenBack(),
                    l1.waitNanos() - lanes0.waitNanos());
        }
        modelLanes = null;
        return new Measured(times, cpu, CpuSample.otherShare(CpuSample.ZERO, cpuSum, 0), CpuSample.stealShare(CpuSample.ZERO, cpuSum),
                buf1 - buf0 - 1, native1 - native0, heapSum, gcSum, lanes, torchSession == null ? null : torchMode, torchMs, blockRatios);
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, b.getCollectionCount());
        }
        return n;
    }

    private static long threadAllocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t) {
            return t.getCurrentThreadAllocatedBytes();
        }
        return -1;
    }

    /** Bytes of ND4J data buffers currently allocated by libnd4j on the CPU backend, or -1 elsewhere. */
    private static long nativeBytesInUse() {
        try {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().getDeviceCounter(0);
        } catch (LinkageError | RuntimeException e) {
            return -1;
        }
    }

    /** Machine-wide busy CPU time from {@code /proc/stat} and this process's CPU time. */
    record CpuSample(long busyTicks, long totalTicks, long ownNanos, long stealTicks) {
        /** The sum of no windows. */
        static final CpuSample ZERO = new CpuSample(0, 0, 0, 0);

        /** @return this sum of windows plus the window from a to b (unknown, -1, when either is unknown) */
        CpuSample plus(CpuSample a, CpuSample b) {
            if (totalTicks < 0 || a.totalTicks < 0 || b.totalTicks < 0 || ownNanos < 0 || a.ownNanos < 0 || b.ownNanos < 0) {
                return new CpuSample(-1, -1, -1, -1);
            }
            return new CpuSample(busyTicks + b.busyTicks - a.busyTicks, totalTicks + b.totalTicks - a.totalTicks,
                    ownNanos + b.ownNanos - a.ownNanos, stealTicks + b.stealTicks - a.stealTicks);
        }

        /**
         * @return the share of the machine's CPU capacity the hypervisor gave to other guests
         *         between two samples ({@code steal} in /proc/stat; part of {@link #otherShare}),
         *         or NaN when /proc/stat is unavailable
         */
        static double stealShare(CpuSample a, CpuSample b) {
            if (a.totalTicks < 0 || b.totalTicks < 0 || b.totalTicks <= a.totalTicks) {
                return Double.NaN;
            }
            return (b.stealTicks - a.stealTicks) / (double) (b.totalTicks - a.totalTicks);
        }

        static CpuSample now() {
            long own = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    ? os.getProcessCpuTime() : -1;
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long user = Long.parseLong(f[1]);
                long nice = Long.parseLong(f[2]);
                long system = Long.parseLong(f[3]);
                long idle = Long.parseLong(f[4]);
                long iowait = Long.parseLong(f[5]);
                long irq = Long.parseLong(f[6]);
                long softirq = Long.parseLong(f[7]);
                long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
                long busy = user + nice + system + irq + softirq + steal;
                return new CpuSample(busy, busy + idle + iowait, own, steal);
            } catch (IOException | RuntimeException e) {
                return new CpuSample(-1, -1, own, -1);
            }
        }

        /**
         * @return the share of the machine's CPU capacity (all cores) used by other processes
         *         (and taken by the hypervisor: steal) between two samples, or NaN when /proc/stat
         *         is unavailable. Clock ticks are
         *         taken as 10 ms (USER_HZ = 100, the Linux default).
         */
        static double otherShare(CpuSample a, CpuSample b) {
            return otherShare(a, b, 0);
        }

        /**
         * @param excludedNanos CPU time of processes that are not "other" (the interleaved torch
         *                      sessions), in ns
         * @return like {@link #otherShare(CpuSample, CpuSample)}, without that time
         */
        static double otherShare(CpuSample a, CpuSample b, long excludedNanos) {
            if (a.totalTicks < 0 || b.totalTicks < 0 || b.totalTicks <= a.totalTicks || a.ownNanos < 0) {
                return Double.NaN;
            }
            double busyMs = (b.busyTicks - a.busyTicks) * 10.0;
            double totalMs = (b.totalTicks - a.totalTicks) * 10.0;
            double ownMs = (b.ownNanos - a.ownNanos + excludedNanos) / 1e6;
            return Math.max(0, Math.min(1, (busyMs - ownMs) / totalMs));
        }
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
