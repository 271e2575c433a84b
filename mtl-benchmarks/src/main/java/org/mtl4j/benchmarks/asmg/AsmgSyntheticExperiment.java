package org.mtl4j.benchmarks.asmg;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

import org.mtl4j.weighting.blackbox.Asmg;
import org.mtl4j.weighting.blackbox.AsmgConfig;
import org.mtl4j.weighting.blackbox.BlackBoxOptimizer;
import org.mtl4j.weighting.blackbox.CmaEs;
import org.mtl4j.weighting.blackbox.CmaEsConfig;
import org.mtl4j.weighting.blackbox.CovarianceModel;
import org.mtl4j.weighting.blackbox.EsConfig;
import org.mtl4j.weighting.blackbox.EvaluationCounter;
import org.mtl4j.weighting.blackbox.EvolutionStrategy;
import org.mtl4j.weighting.blackbox.InitialMean;
import org.mtl4j.weighting.blackbox.IterationListener;
import org.mtl4j.weighting.blackbox.LambdaMode;
import org.mtl4j.weighting.blackbox.RunLimits;
import org.mtl4j.weighting.blackbox.RunSummary;
import org.mtl4j.weighting.blackbox.SyntheticObjective;
import org.mtl4j.weighting.blackbox.SyntheticProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The synthetic ASMG experiment of thesis §4.6.1 (spec §21.5, §21.7): every combination of
 * problem × dimension {@code d} × samples {@code N} × seed × method runs for {@code T} iterations
 * at the same evaluation budget {@code T·(N+1)}:
 * <ul>
 *   <li>ASMG and ASMG-EW: {@code N} samples + the mean per iteration, {@code β} as configured,
 *       {@code Σ₀ = I}, rescaled update;</li>
 *   <li>ES: {@code N} samples + the mean per iteration, fixed {@code σ}, step {@code α};</li>
 *   <li>CMA-ES: population {@code λ = N + 1}, {@code σ₀ = 1}, stopped by the budget (its first
 *       evaluation is the initial mean, so it completes {@code T − 1} generations).</li>
 * </ul>
 * All methods of one seed start from the same {@code μ₀ ∼ U[0,1]^d} (drawn from the seed) and
 * use the seed for their own generator.
 *
 * <p>Outputs under {@link Config#outputDir()}: per run
 * {@code <problem>/d<D>-n<N>/<method>-seed<S>.csv} with columns {@code iteration, evaluations,
 * distance, F1, F2} (row 0 is {@code μ₀}; {@code F} and the distance are computed at the reported
 * mean with uncounted monitoring evaluations, which no method sees); per problem/d/N a
 * {@code distance.png} ({@link DistancePlot}); and {@code summary.csv} with one row per run.
 */
public final class AsmgSyntheticExperiment {

    private static final Logger LOG = LoggerFactory.getLogger(AsmgSyntheticExperiment.class);

    /** Distance thresholds whose first-hit iterations are reported. */
    public static final double[] THRESHOLDS = {1e-3, 1e-4};

    private AsmgSyntheticExperiment() {
    }

    /**
     * Experiment grid and settings.
     *
     * @param problems       problems to run (non-empty)
     * @param dimensions     dimensions {@code d ≥ 1} (non-empty)
     * @param samples        samples {@code N ≥ 2} per iteration (non-empty)
     * @param iterations     iterations {@code T ≥ 1}; the budget is {@code T·(N+1)} evaluations
     * @param seeds          seeds (non-empty)
     * @param methods        methods (non-empty)
     * @param beta           ASMG/ASMG-EW step {@code β > 0} (thesis: 0.1)
     * @param esSigma        ES search standard deviation {@code > 0}
     * @param esLearningRate ES step {@code > 0}
     * @param cmaCovariance  CMA-ES covariance model
     * @param outputDir      where CSVs, plots and the summary go
     */
    public record Config(
            List<SyntheticProblem> problems,
            List<Integer> dimensions,
            List<Integer> samples,
            int iterations,
            List<Long> seeds,
            List<SyntheticMethod> methods,
            double beta,
            double esSigma,
            double esLearningRate,
            CovarianceModel cmaCovariance,
            Path outputDir) {

        /** Validates and copies the lists. */
        public Config {
            problems = nonEmpty("problems", problems);
            dimensions = nonEmpty("dimensions", dimensions);
            samples = nonEmpty("samples", samples);
            seeds = nonEmpty("seeds", seeds);
            methods = nonEmpty("methods", methods);
            for (int d : dimensions) {
                if (d < 1) {
                    throw new IllegalArgumentException("dimension must be >= 1, found " + d);
                }
            }
            for (int n : samples) {
                if (n < 2) {
                    throw new IllegalArgumentException("samples N must be >= 2 (rescaled update and CMA-ES "
                            + "population N + 1), found " + n);
                }
            }
            if (iterations < 1) {
                throw new IllegalArgumentException("iterations must be >= 1, found " + iterations);
            }
            if (!(beta > 0) || !Double.isFinite(beta)) {
                throw new IllegalArgumentException("beta must be finite and > 0, found " + beta);
            }
            if (!(esSigma > 0) || !Double.isFinite(esSigma)) {
                throw new IllegalArgumentException("esSigma must be finite and > 0, found " + esSigma);
            }
            if (!(esLearningRate > 0) || !Double.isFinite(esLearningRate)) {
                throw new IllegalArgumentException("esLearningRate must be finite and > 0, found " + esLearningRate);
            }
            Objects.requireNonNull(cmaCovariance, "cmaCovariance");
            Objects.requireNonNull(outputDir, "outputDir");
        }

        /**
         * The headline run: shift-ℓ1, {@code d = 100}, {@code N = 50}, 1,500 iterations,
         * seeds 0–2, all methods, {@code β = 0.1}, ES defaults, full-covariance CMA-ES.
         */
        public static Config defaults(Path outputDir) {
            EsConfig es = EsConfig.defaults(1);
            return new Config(List.of(SyntheticProblem.SHIFT_L1_ELLIPSOID), List.of(100), List.of(50), 1500,
                    List.of(0L, 1L, 2L), List.of(SyntheticMethod.values()), 0.1, es.sigma(), es.learningRate(),
                    CovarianceModel.FULL, outputDir);
        }

        private static <T> List<T> nonEmpty(String name, List<T> list) {
            if (list == null || list.isEmpty()) {
                throw new IllegalArgumentException(name + " must not be empty, found " + list);
            }
            for (T item : list) {
                Objects.requireNonNull(item, name + " element");
            }
            return List.copyOf(list);
        }
    }

    /**
     * One run's figures.
     *
     * @param problem            CLI name of the problem
     * @param dimension          {@code d}
     * @param samples            {@code N}
     * @param seed               seed
     * @param method             CLI name of the method
     * @param iterations         iterations (generations) completed
     * @param evaluations        evaluations used (budget {@code T·(N+1)})
     * @param stopReason         why the run ended
     * @param finalDistance      distance of the final mean to the Pareto set
     * @param iterationsTo1em3   first iteration with distance {@code < 1e-3}, or −1
     * @param iterationsTo1em4   first iteration with distance {@code < 1e-4}, or −1
     * @param wallSeconds        wall-clock time of the run
     * @param csv                path of the run's CSV
     */
    public record RunOutcome(String problem, int dimension, int samples, long seed, String method, int iterations,
                             long evaluations, String stopReason, double finalDistance, int iterationsTo1em3,
                             int iterationsTo1em4, double wallSeconds, String csv) {
    }

    /**
     * Result of {@link #run(Config)}.
     *
     * @param runs        one entry per run, in execution order
     * @param plots       PNG files, one per problem/d/N
     * @param summaryCsv  summary table of all runs
     * @param wallSeconds total wall-clock time
     */
    public record Result(List<RunOutcome> runs, List<String> plots, String summaryCsv, double wallSeconds) {

        /** Copies the lists. */
        public Result {
            runs = List.copyOf(runs);
            plots = List.copyOf(plots);
        }
    }

    /** Runs the whole grid sequentially and writes all files. */
    public static Result run(Config config) {
        long start = System.nanoTime();
        List<RunOutcome> outcomes = new ArrayList<>();
        List<String> plots = new ArrayList<>();
        try {
            Files.createDirectories(config.outputDir());
            for (SyntheticProblem problem : config.problems()) {
                for (int d : config.dimensions()) {
                    for (int n : config.samples()) {
                        Path dir = config.outputDir().resolve(problem.cliName()).resolve("d" + d + "-n" + n);
                        Files.createDirectories(dir);
                        Map<String, List<double[]>> traces = new LinkedHashMap<>();
                        for (SyntheticMethod method : config.methods()) {
                            List<double[]> perSeed = new ArrayList<>();
                            for (long seed : config.seeds()) {
                                Trace trace = runOne(config, problem, d, n, seed, method, dir);
                                outcomes.add(trace.outcome);
                                perSeed.add(trace.distances);
                                LOG.info("{} d={} N={} seed={} {}: final distance {} (1e-3 at {}), {} evaluations, "
                                        + "{} s", problem.cliName(), d, n, seed, method.cliName(),
                                        fmt(trace.outcome.finalDistance()), trace.outcome.iterationsTo1em3(),
                                        trace.outcome.evaluations(), fmt(trace.outcome.wallSeconds()));
                            }
                            traces.put(method.cliName(), perSeed);
                        }
                        Path png = dir.resolve("distance.png");
                        DistancePlot.write(problem.cliName() + ", d = " + d + ", N = " + n + ", " + config.iterations()
                                + " iterations (budget " + (long) config.iterations() * (n + 1) + " evaluations), seeds "
                                + config.seeds(), config.iterations(), traces, png);
                        plots.add(png.toString());
                    }
                }
            }
            Path summary = config.outputDir().resolve("summary.csv");
            writeSummary(outcomes, summary);
            return new Result(outcomes, plots, summary.toString(), (System.nanoTime() - start) / 1e9);
        } catch (IOException e) {
            throw new UncheckedIOException("writing ASMG experiment output under " + config.outputDir(), e);
        }
    }

    private record Trace(RunOutcome outcome, double[] distances) {
    }

    private static Trace runOne(Config config, SyntheticProblem problem, int d, int n, long seed,
                                SyntheticMethod method, Path dir) throws IOException {
        SyntheticObjective monitor = problem.create(d);
        EvaluationCounter counter = new EvaluationCounter(problem.create(d));
        double[] mean0 = InitialMean.UNIFORM_UNIT_CUBE.draw(d, new SplittableRandom(seed).split());
        BlackBoxOptimizer optimizer = switch (method) {
            case ASMG -> new Asmg(counter, AsmgConfig.defaults(d).withNumSamples(n).withBeta(config.beta())
                    .withSeed(seed), mean0);
            case ASMG_EW -> new Asmg(counter, AsmgConfig.defaults(d).withNumSamples(n).withBeta(config.beta())
                    .withLambdaMode(LambdaMode.EQUAL).withSeed(seed), mean0);
            case ES -> new EvolutionStrategy(counter, EsConfig.defaults(d).withNumSamples(n)
                    .withSigma(config.esSigma()).withLearningRate(config.esLearningRate()).withSeed(seed), mean0);
            case CMA_ES -> new CmaEs(counter, CmaEsConfig.defaults(d).withPopulationSize(n + 1)
                    .withCovariance(config.cmaCovariance()).withSeed(seed), mean0);
        };
        int iterations = config.iterations();
        long budget = (long) iterations * (n + 1);
        Path csv = dir.resolve(method.cliName() + "-seed" + seed + ".csv");
        double[] distances = new double[iterations + 1];
        int[] hits = {-1, -1};
        int[] last = {0};
        long start = System.nanoTime();
        RunSummary summary;
        try (BufferedWriter out = Files.newBufferedWriter(csv)) {
            out.write("iteration,evaluations,distance,F1,F2\n");
            distances[0] = monitor.distanceToParetoSet(mean0);
            writeRow(out, 0, 0, distances[0], monitor.values(mean0));
            summary = optimizer.run(new RunLimits(iterations, budget), record -> {
                int t = record.iteration() + 1;
                double[] mean = record.mean();
                double distance = monitor.distanceToParetoSet(mean);
                distances[t] = distance;
                last[0] = t;
                for (int h = 0; h < THRESHOLDS.length; h++) {
                    if (hits[h] < 0 && distance < THRESHOLDS[h]) {
                        hits[h] = t;
                    }
                }
                try {
                    writeRow(out, t, record.evaluations(), distance, monitor.values(mean));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return IterationListener.Control.CONTINUE;
            });
        }
        double wall = (System.nanoTime() - start) / 1e9;
        double[] trace = java.util.Arrays.copyOf(distances, last[0] + 1);
        RunOutcome outcome = new RunOutcome(problem.cliName(), d, n, seed, method.cliName(), summary.iterations(),
                summary.evaluations(), summary.stopReason().name(), monitor.distanceToParetoSet(summary.finalMean()),
                hits[0], hits[1], wall, csv.toString());
        return new Trace(outcome, trace);
    }

    private static void writeRow(BufferedWriter out, int iteration, long evaluations, double distance, double[] f)
            throws IOException {
        out.write(iteration + "," + evaluations + "," + num(distance) + "," + num(f[0]) + "," + num(f[1]) + "\n");
    }

    private static void writeSummary(List<RunOutcome> outcomes, Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("problem,dimension,samples,seed,method,iterations,evaluations,stop_reason,final_distance,"
                    + "iterations_to_1e-3,iterations_to_1e-4,wall_seconds,csv\n");
            for (RunOutcome o : outcomes) {
                out.write(String.join(",", o.problem(), Integer.toString(o.dimension()),
                        Integer.toString(o.samples()), Long.toString(o.seed()), o.method(),
                        Integer.toString(o.iterations()), Long.toString(o.evaluations()), o.stopReason(),
                        num(o.finalDistance()), Integer.toString(o.iterationsTo1em3()),
                        Integer.toString(o.iterationsTo1em4()), fmt(o.wallSeconds()), o.csv()) + "\n");
            }
        }
    }

    private static String num(double v) {
        return Double.toString(v);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
