package org.mtl4j.benchmarks.blackbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mtl4j.benchmarks.cli.ResultLine;
import org.mtl4j.benchmarks.data.DataDirectory;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mtl4j blackbox-mtl}: pre-trains and freezes a Fashion-MNIST MLP, then runs
 * {@link BlackBoxMtlExperiment} (zero-shot, ES, CMA-ES, ASMG-EW, ASMG prompting it through an
 * {@link InferenceApi}) and prints {@code RESULT {json}}.
 *
 * <pre>
 * mtl4j blackbox-mtl --dim 256,512,1024 --methods zero-shot,es,cmaes,asmg-ew,asmg --seeds 1,2,3 \
 *     --iters 300 --samples 20 --batch 64 --eval-every 15 --out runs/blackbox-mtl
 * </pre>
 */
@Command(name = "blackbox-mtl", mixinStandardHelpOptions = true,
        description = "Black-box MTL: a frozen Fashion-MNIST MLP prompted with x + A v (v in R^d, fixed random A), "
                + "adapted to low-contrast, checkerboard and gradient-lit Fashion-MNIST by zero-shot / ES / CMA-ES / ASMG-EW / "
                + "ASMG at the same query budget (CSV, PNG, table.csv).")
public final class BlackBoxMtlCommand implements Callable<Integer> {

    @Option(names = "--dim", split = ",", defaultValue = "256", description = "Dimensions d. Default: ${DEFAULT-VALUE}.")
    List<Integer> dimensions;

    @Option(names = "--methods", split = ",", defaultValue = "zero-shot,es,cmaes,asmg-ew,asmg",
            description = "Methods: zero-shot, es, cmaes, asmg-ew, asmg. Default: ${DEFAULT-VALUE}.")
    List<String> methods;

    @Option(names = "--seeds", split = ",", defaultValue = "1,2,3", description = "Seeds. Default: ${DEFAULT-VALUE}.")
    List<Long> seeds;

    @Option(names = "--iters", defaultValue = "300", description = "Iterations T (budget T*(N+1) queries). Default: ${DEFAULT-VALUE}.")
    int iterations;

    @Option(names = "--samples", defaultValue = "20", description = "Samples N per iteration. Default: ${DEFAULT-VALUE}.")
    int samples;

    @Option(names = "--batch", defaultValue = "64", description = "Images per task and mini-batch. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--scale", defaultValue = "0.3",
            description = "Projection scale s: A_kj ~ N(0, s^2/d). Default: ${DEFAULT-VALUE}.")
    double scale;

    @Option(names = "--beta", defaultValue = "0.5", description = "ASMG step beta. Default: ${DEFAULT-VALUE}.")
    double beta;

    @Option(names = "--es-sigma", defaultValue = "1.0", description = "ES sigma. Default: ${DEFAULT-VALUE}.")
    double esSigma;

    @Option(names = "--es-lr", defaultValue = "0.5", description = "ES step alpha. Default: ${DEFAULT-VALUE}.")
    double esLearningRate;

    @Option(names = "--cma-sigma", defaultValue = "1.0", description = "CMA-ES sigma0. Default: ${DEFAULT-VALUE}.")
    double cmaSigma;

    @Option(names = "--eval-every", defaultValue = "15",
            description = "Test-set monitoring period in iterations. Default: ${DEFAULT-VALUE}.")
    int evalEvery;

    @Option(names = "--pool", defaultValue = "10000", description = "Pool images per task. Default: ${DEFAULT-VALUE}.")
    int poolSize;

    @Option(names = "--test-size", defaultValue = "2000", description = "Test images per task. Default: ${DEFAULT-VALUE}.")
    int testSize;

    @Option(names = "--hidden", defaultValue = "256", description = "Hidden width of the frozen MLP. Default: ${DEFAULT-VALUE}.")
    int hidden;

    @Option(names = "--pretrain-epochs", defaultValue = "2",
            description = "Pre-training epochs of the frozen MLP. Default: ${DEFAULT-VALUE}.")
    int pretrainEpochs;

    @Option(names = "--pretrain-seed", defaultValue = "0", description = "Pre-training seed. Default: ${DEFAULT-VALUE}.")
    long pretrainSeed;

    @Option(names = "--network",
            description = "Frozen-network file: loaded if it exists (no pre-training), else written after pre-training. "
                    + "Default: none (pre-train in every invocation).")
    Path networkFile;

    @Option(names = "--data-dir", description = "Data directory (default: $MTL4J_DATA or ~/.mtl4j/data).")
    Path dataDir;

    @Option(names = "--synthetic-data", description = "Use tiny generated 8x8 data instead of Fashion-MNIST (CI smoke test).")
    boolean syntheticData;

    @Option(names = "--out", defaultValue = "runs/blackbox-mtl", description = "Output directory. Default: ${DEFAULT-VALUE}.")
    Path outputDir;

    @Override
    public Integer call() throws Exception {
        Nd4j.getRandom().setSeed(pretrainSeed);
        List<BlackBoxMethod> methodList = new ArrayList<>();
        for (String m : methods) {
            methodList.add(BlackBoxMethod.fromCliName(m.trim()));
        }
        BlackBoxMtlExperiment.Config config = new BlackBoxMtlExperiment.Config(dimensions, methodList, seeds, iterations,
                samples, batchSize, scale, beta, esSigma, esLearningRate, cmaSigma, evalEvery, outputDir);
        BlackBoxData data = syntheticData ? BlackBoxData.synthetic(8, 10, 30, pretrainSeed)
                : BlackBoxData.load(dataDir != null ? dataDir : DataDirectory.fromEnvironment(), poolSize, testSize,
                        pretrainSeed);
        int inputSize = data.imageSide() * data.imageSide();
        FrozenClassifier.TrainingSpec spec = new FrozenClassifier.TrainingSpec(hidden, pretrainEpochs, 128, 1e-3,
                pretrainSeed);
        long start = System.nanoTime();
        boolean loaded = networkFile != null && java.nio.file.Files.isRegularFile(networkFile);
        FrozenClassifier network;
        if (loaded) {
            network = FrozenClassifier.load(networkFile);
            if (network.inputSize() != inputSize || network.numClasses() != data.numClasses()) {
                throw new IllegalArgumentException("--network " + networkFile + " holds a " + network.inputSize() + "-input, "
                        + network.numClasses() + "-class network; the data needs " + inputSize + " inputs and "
                        + data.numClasses() + " classes");
            }
        } else {
            network = FrozenClassifier.train(data.pretrainImages(), data.pretrainLabels(), inputSize,
                    data.numClasses(), spec);
            if (networkFile != null) {
                network.save(networkFile);
            }
        }
        double pretrainSeconds = (System.nanoTime() - start) / 1e9;
        InferenceApi check = new InferenceApi(network);
        int k = Math.min(data.pretrainLabels().length, 10_000);
        double pretrainAccuracy = check.query(org.nd4j.linalg.factory.Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT,
                1, inputSize), check.upload(java.util.Arrays.copyOf(data.pretrainImages(), k * inputSize),
                java.util.Arrays.copyOf(data.pretrainLabels(), k))).accuracy()[0];
        BlackBoxMtlExperiment.Result result = BlackBoxMtlExperiment.run(config, network, data.tasks());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("command", "blackbox-mtl");
        Map<String, Object> frozen = new LinkedHashMap<>();
        frozen.put("hidden", network.hidden());
        frozen.put("epochs", pretrainEpochs);
        frozen.put("loadedFrom", loaded ? networkFile.toString() : null);
        frozen.put("savedTo", !loaded && networkFile != null ? networkFile.toString() : null);
        frozen.put("pretrainSeconds", pretrainSeconds);
        frozen.put("pretrainSetAccuracy", pretrainAccuracy);
        out.put("frozenNetwork", frozen);
        out.put("iterations", iterations);
        out.put("samples", samples);
        out.put("budget", (long) iterations * (samples + 1));
        out.put("batch", batchSize);
        out.put("scale", scale);
        out.put("result", result);
        ResultLine.print(System.out, out);
        return 0;
    }

    /** Stand-alone entry point (the {@code mtl4j} CLI registers this class as a subcommand). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new BlackBoxMtlCommand()).execute(args));
    }
}
