package org.mtl4j.benchmarks.asmg;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.mtl4j.weighting.blackbox.CovarianceModel;
import org.mtl4j.weighting.blackbox.EsConfig;
import org.mtl4j.weighting.blackbox.SyntheticProblem;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mtl4j asmg-synthetic}: runs {@link AsmgSyntheticExperiment} from the command line and
 * prints a final line {@code RESULT {json}} with the per-run figures and the written files.
 *
 * <pre>
 * mtl4j asmg-synthetic --problem shift-l1 --dim 100 --samples 50 --iters 1500 --seeds 0,1,2
 * </pre>
 */
@Command(name = "asmg-synthetic", mixinStandardHelpOptions = true,
        description = "ASMG vs ASMG-EW, ES and CMA-ES on the synthetic problems of thesis eqs. 4.21-4.23 "
                + "(distance to the Pareto set; CSV per run, PNG per problem/d/N, summary.csv).")
public final class AsmgSyntheticCommand implements Callable<Integer> {

    @Option(names = "--problem", split = ",", defaultValue = "shift-l1",
            description = "Problems: shift-l1, shift-l05, ellipsoid-rastrigin (comma-separated). Default: ${DEFAULT-VALUE}.")
    List<String> problems;

    @Option(names = "--dim", split = ",", defaultValue = "100", description = "Dimensions d. Default: ${DEFAULT-VALUE}.")
    List<Integer> dimensions;

    @Option(names = "--samples", split = ",", defaultValue = "50",
            description = "Samples N per iteration (budget T*(N+1)). Default: ${DEFAULT-VALUE}.")
    List<Integer> samples;

    @Option(names = "--iters", defaultValue = "1500", description = "Iterations T. Default: ${DEFAULT-VALUE}.")
    int iterations;

    @Option(names = "--seeds", split = ",", defaultValue = "0,1,2", description = "Seeds. Default: ${DEFAULT-VALUE}.")
    List<Long> seeds;

    @Option(names = "--methods", split = ",", defaultValue = "asmg,asmg-ew,es,cma-es",
            description = "Methods: asmg, asmg-ew, es, cma-es. Default: ${DEFAULT-VALUE}.")
    List<String> methods;

    @Option(names = "--beta", defaultValue = "0.1", description = "ASMG step beta. Default: ${DEFAULT-VALUE}.")
    double beta;

    @Option(names = "--es-sigma", description = "ES search standard deviation (default: EsConfig.defaults).")
    Double esSigma;

    @Option(names = "--es-lr", description = "ES learning rate (default: EsConfig.defaults).")
    Double esLearningRate;

    @Option(names = "--cma-covariance", defaultValue = "full",
            description = "CMA-ES covariance: full or diagonal. Default: ${DEFAULT-VALUE}.")
    String cmaCovariance;

    @Option(names = "--out", defaultValue = "runs/asmg-synthetic",
            description = "Output directory. Default: ${DEFAULT-VALUE}.")
    Path outputDir;

    @Override
    public Integer call() throws Exception {
        AsmgSyntheticExperiment.Config config = toConfig();
        AsmgSyntheticExperiment.Result result = AsmgSyntheticExperiment.run(config);
        System.out.println("RESULT " + new ObjectMapper().writeValueAsString(result));
        return 0;
    }

    /** Translates the options (the only place where strings become enums). */
    AsmgSyntheticExperiment.Config toConfig() {
        List<SyntheticProblem> problemList = new ArrayList<>();
        for (String p : problems) {
            problemList.add(SyntheticProblem.fromCliName(p.trim()));
        }
        List<SyntheticMethod> methodList = new ArrayList<>();
        for (String m : methods) {
            methodList.add(SyntheticMethod.fromCliName(m.trim()));
        }
        CovarianceModel covariance = switch (cmaCovariance.trim()) {
            case "full" -> CovarianceModel.FULL;
            case "diagonal" -> CovarianceModel.DIAGONAL;
            default -> throw new IllegalArgumentException("--cma-covariance '" + cmaCovariance
                    + "' unknown; available: full, diagonal");
        };
        EsConfig es = EsConfig.defaults(1);
        return new AsmgSyntheticExperiment.Config(problemList, dimensions, samples, iterations, seeds, methodList, beta,
                esSigma != null ? esSigma : es.sigma(), esLearningRate != null ? esLearningRate : es.learningRate(),
                covariance, outputDir);
    }

    /** Stand-alone entry point (the {@code mtl4j} CLI registers this class as a subcommand). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new AsmgSyntheticCommand()).execute(args));
    }
}
