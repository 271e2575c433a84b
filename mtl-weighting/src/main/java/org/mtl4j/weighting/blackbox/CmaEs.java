package org.mtl4j.weighting.blackbox;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.CMAESOptimizer;
import org.apache.commons.math3.random.MersenneTwister;

/**
 * CMA-ES baseline (Hansen 2006) on the equally weighted objective {@code f = (1/m) Σ_i F_i},
 * using Apache Commons Math's {@link CMAESOptimizer} (version 3.6.1) rather than an own
 * implementation.
 *
 * <p>What this wrapper adds:
 * <ul>
 *   <li>every evaluation goes through an {@link EvaluationCounter}; the run stops at
 *       {@link RunLimits#maxEvaluations()} (Commons Math's {@code MaxEval}: the generation in
 *       which the budget runs out is cut short and not reported) and at
 *       {@link RunLimits#maxIterations()} generations;</li>
 *   <li>one {@link IterationRecord} per completed generation, handed to the listener as soon as
 *       the next generation starts: {@code mean} is CMA-ES' distribution mean {@code m} after the
 *       generation (from the optimiser's statistics), {@code minSigma}/{@code maxSigma} are
 *       {@code σ·min/max √eig(C)} (principal-axis standard deviations), {@code valuesAtMean} is
 *       empty (CMA-ES never evaluates its mean) and {@code evaluations = 1 + (t+1)·λ} (the
 *       initial point is evaluated once);</li>
 *   <li>the {@link NonFinitePolicy}; a listener's STOP ends the run before the next evaluation.</li>
 * </ul>
 * Commons Math's own settings: {@code stopFitness} disabled, passive (non-active) covariance
 * update, no bounds, its internal termination criteria (tolerances on x and on the fitness
 * history, condition number of C above 1e14) left on, reported as
 * {@link StopReason#OPTIMISER_CONVERGED}. The generator is a {@link MersenneTwister} seeded from
 * the configuration (after {@code μ₀} is drawn from a {@link SplittableRandom} with the same seed).
 *
 * <p>One run per instance: Commons Math runs the whole optimisation in one call.
 */
public final class CmaEs implements BlackBoxOptimizer {

    private final CmaEsConfig config;
    private final EvaluationCounter objective;
    private final int d;
    private final int m;
    private final double[] initialMean;

    private double[] mean;
    private double[] bestPoint;
    private int generations;
    private long evaluationsUsed;
    private boolean ran;

    /** CMA-ES with {@code μ₀} drawn per {@link CmaEsConfig#initialMean()}. */
    public CmaEs(BlackBoxObjective objective, CmaEsConfig config) {
        this(objective, config, null);
    }

    /**
     * @param objective   the black-box objective (wrapped in an {@link EvaluationCounter})
     * @param config      validated configuration; {@code config.dimension()} must equal the objective's
     * @param initialMean explicit {@code μ₀}, or {@code null} to draw it per the configuration
     */
    public CmaEs(BlackBoxObjective objective, CmaEsConfig config, double[] initialMean) {
        this.config = Objects.requireNonNull(config, "config");
        this.objective = EvaluationCounter.of(Objects.requireNonNull(objective, "objective"));
        this.d = this.objective.dimension();
        this.m = this.objective.numObjectives();
        if (d != config.dimension()) {
            throw new IllegalArgumentException("objective dimension " + d + " does not match config dimension "
                    + config.dimension());
        }
        if (initialMean != null && initialMean.length != d) {
            throw new IllegalArgumentException("initialMean must have length d = " + d + ", found "
                    + initialMean.length);
        }
        this.initialMean = initialMean != null ? initialMean.clone()
                : config.initialMean().draw(d, new SplittableRandom(config.seed()).split());
        this.mean = this.initialMean.clone();
        this.bestPoint = this.initialMean.clone();
    }

    @Override
    public RunSummary run(RunLimits limits, IterationListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (ran) {
            throw new IllegalStateException("CmaEs.run may be called once per instance (Commons Math runs the whole "
                    + "optimisation in one call); create a new CmaEs for another run");
        }
        ran = true;
        if (limits.maxIterations() == 0) {
            return new RunSummary(0, 0, mean, StopReason.MAX_ITERATIONS);
        }
        if (limits.maxEvaluations() < 1 + (long) config.populationSize()) {
            return new RunSummary(0, 0, mean, StopReason.EVALUATION_BUDGET);
        }
        int maxEval = (int) Math.min(Integer.MAX_VALUE, limits.maxEvaluations());
        int lambda = config.populationSize();
        int diagonalOnly = config.covariance() == CovarianceModel.DIAGONAL ? Integer.MAX_VALUE : 0;
        CMAESOptimizer optimizer = new CMAESOptimizer(limits.maxIterations(), 0.0, false, diagonalOnly, 0,
                new MersenneTwister(config.seed()), true, null);
        Fitness fitness = new Fitness(optimizer, lambda, listener);
        double[] sigma0 = new double[d];
        Arrays.fill(sigma0, config.initialSigma());
        double[] infinite = new double[d];
        Arrays.fill(infinite, Double.POSITIVE_INFINITY);
        double[] negInfinite = new double[d];
        Arrays.fill(negInfinite, Double.NEGATIVE_INFINITY);
        PointValuePair best = optimizer.optimize(new MaxEval(maxEval), new ObjectiveFunction(fitness),
                GoalType.MINIMIZE, new InitialGuess(initialMean), new SimpleBounds(negInfinite, infinite),
                new CMAESOptimizer.Sigma(sigma0), new CMAESOptimizer.PopulationSize(lambda));
        if (!fitness.stopRequested) {
            fitness.flush();
        }
        bestPoint = best.getPoint();
        StopReason reason;
        if (fitness.stopRequested) {
            reason = StopReason.LISTENER;
        } else if (generations >= limits.maxIterations()) {
            reason = StopReason.MAX_ITERATIONS;
        } else if (evaluationsUsed >= maxEval) {
            reason = StopReason.EVALUATION_BUDGET;
        } else {
            reason = StopReason.OPTIMISER_CONVERGED;
        }
        return new RunSummary(generations, evaluationsUsed, mean, reason);
    }

    /** The objective as Commons Math sees it: counted, screened, equally weighted; emits generation records. */
    private final class Fitness implements MultivariateFunction {
        private final CMAESOptimizer optimizer;
        private final int lambda;
        private final IterationListener listener;
        private final double[] equalLambda;
        private final List<Integer> skippedPerGeneration = new ArrayList<>();
        private boolean stopRequested;

        Fitness(CMAESOptimizer optimizer, int lambda, IterationListener listener) {
            this.optimizer = optimizer;
            this.lambda = lambda;
            this.listener = listener;
            this.equalLambda = new double[m];
            Arrays.fill(equalLambda, 1.0 / m);
        }

        @Override
        public double value(double[] point) {
            flush();
            if (stopRequested) {
                // Commons Math ends its generation loop on this exception and returns its best point.
                throw new TooManyEvaluationsException(evaluationsUsed);
            }
            long index = evaluationsUsed;
            double[] values = objective.evaluate(new double[][] {point})[0];
            evaluationsUsed++;
            int generation = index == 0 ? 0 : (int) ((index - 1) / lambda);
            int sample = index == 0 ? NonFiniteEvaluationException.AT_MEAN : (int) ((index - 1) % lambda);
            while (skippedPerGeneration.size() <= generation) {
                skippedPerGeneration.add(0);
            }
            double sum = 0;
            for (int i = 0; i < m; i++) {
                if (!Double.isFinite(values[i])) {
                    if (config.nonFinitePolicy() == NonFinitePolicy.FAIL || index == 0) {
                        throw new NonFiniteEvaluationException(generation, sample, i, values[i], index == 0
                                ? "the initial mean must have finite values"
                                : "policy FAIL; NonFinitePolicy.SKIP_SAMPLE ranks such samples last instead");
                    }
                    skippedPerGeneration.set(generation, skippedPerGeneration.get(generation) + 1);
                    return Double.POSITIVE_INFINITY;
                }
                sum += values[i];
            }
            return sum / m;
        }

        /** Emits the records of generations whose statistics Commons Math has stored. */
        void flush() {
            List<RealMatrix> means = optimizer.getStatisticsMeanHistory();
            List<Double> sigmas = optimizer.getStatisticsSigmaHistory();
            List<RealMatrix> axes = optimizer.getStatisticsDHistory();
            while (!stopRequested && generations < means.size()) {
                int g = generations;
                mean = means.get(g).getRow(0);
                double[] scaledAxes = axes.get(g).getRow(0); // Commons Math stores diagD·1e5
                double minAxis = Double.POSITIVE_INFINITY;
                double maxAxis = 0;
                for (double a : scaledAxes) {
                    minAxis = Math.min(minAxis, a / 1e5);
                    maxAxis = Math.max(maxAxis, a / 1e5);
                }
                double sigma = sigmas.get(g);
                int skipped = g < skippedPerGeneration.size() ? skippedPerGeneration.get(g) : 0;
                generations++;
                IterationRecord record = new IterationRecord(g, 1 + (long) (g + 1) * lambda, mean, equalLambda,
                        equalLambda, new double[0], lambda - skipped, skipped, 0, sigma * minAxis, sigma * maxAxis);
                if (listener.onIteration(record) == IterationListener.Control.STOP) {
                    stopRequested = true;
                }
            }
        }
    }

    @Override
    public long evaluations() {
        return evaluationsUsed;
    }

    @Override
    public int iterations() {
        return generations;
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    /** Best sampled point seen by CMA-ES (its return value); {@code μ₀} before the run. */
    public double[] bestPoint() {
        return bestPoint.clone();
    }

    /** The configuration. */
    public CmaEsConfig config() {
        return config;
    }
}
