package org.mtl4j.weighting.blackbox;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plain evolution strategy (ES) baseline of the thesis' black-box comparisons: a fixed isotropic
 * Gaussian {@code N(μ, σ²I)} around the mean, Gaussian-smoothing gradient estimate of the
 * equally weighted objective {@code f = (1/m) Σ_i F_i} and a fixed step (Salimans et al. 2017
 * style, without mirrored sampling or an optimiser on top):
 * <pre>
 * z_j ∼ N(0, I_d),  x_j = μ + σ z_j,   j = 1..N     (N + 1 evaluations with f(μ), as ASMG)
 * w_j = f(x_j) − f(μ)                                  (FitnessShaping.NONE)
 * w_j = (f(x_j) − mean f)/std f                        (FitnessShaping.STANDARDISE)
 * μ  ← μ − α (1/(Nσ)) Σ_j w_j z_j
 * </pre>
 * Unlike ASMG, {@code σ} never adapts, so the attainable accuracy is limited by {@code σ}; the
 * defaults ({@code σ = 0.001}, {@code α = 1e-5}, standardised) were the best of a small grid
 * ({@code σ ∈ {1, 0.1, 0.01, 0.001, 0.0001}}, {@code α/σ ∈ {1, 0.1, 0.03, 0.01, 0.003}}, both
 * shapings) on the shift-ℓ1 ellipsoid, {@code d = 100}, {@code N = 50}, 1,500 iterations, 2 seeds
 * (final distances 0.07–0.15; no setting reached 1e-3). The spec does not fix ES's settings.
 *
 * <p>Non-finite values follow {@link EsConfig#nonFinitePolicy()} ({@code f(μ)} must be finite).
 * State: {@code μ}, the iteration counter, the seeded generator. Not thread-safe.
 */
public final class EvolutionStrategy implements StepwiseOptimizer {

    private static final Logger LOG = LoggerFactory.getLogger(EvolutionStrategy.class);

    private final EsConfig config;
    private final EvaluationCounter objective;
    private final double[] explicitInitialMean;
    private final int d;
    private final int m;
    private final int n;
    private final double[][] z;
    private final double[][] points;
    private final double[] weights;
    private final boolean[] valid;
    private final double[] equalLambda;

    private SplittableRandom random;
    private double[] mean;
    private int t;
    private long evaluationsUsed;

    /** ES with {@code μ₀} drawn per {@link EsConfig#initialMean()}. */
    public EvolutionStrategy(BlackBoxObjective objective, EsConfig config) {
        this(objective, config, null);
    }

    /**
     * @param objective   the black-box objective (wrapped in an {@link EvaluationCounter})
     * @param config      validated configuration; {@code config.dimension()} must equal the objective's
     * @param initialMean explicit {@code μ₀}, or {@code null} to draw it per the configuration
     */
    public EvolutionStrategy(BlackBoxObjective objective, EsConfig config, double[] initialMean) {
        this.config = Objects.requireNonNull(config, "config");
        this.objective = EvaluationCounter.of(Objects.requireNonNull(objective, "objective"));
        this.d = this.objective.dimension();
        this.m = this.objective.numObjectives();
        this.n = config.numSamples();
        if (d != config.dimension()) {
            throw new IllegalArgumentException("objective dimension " + d + " does not match config dimension "
                    + config.dimension());
        }
        if (initialMean != null && initialMean.length != d) {
            throw new IllegalArgumentException("initialMean must have length d = " + d + ", found "
                    + initialMean.length);
        }
        this.explicitInitialMean = initialMean == null ? null : initialMean.clone();
        this.z = new double[n][d];
        this.points = new double[n + 1][d];
        this.weights = new double[n];
        this.valid = new boolean[n];
        this.equalLambda = new double[m];
        Arrays.fill(equalLambda, 1.0 / m);
        reset();
    }

    @Override
    public void reset() {
        SplittableRandom root = new SplittableRandom(config.seed());
        SplittableRandom init = root.split();
        random = root.split();
        mean = explicitInitialMean != null ? explicitInitialMean.clone() : config.initialMean().draw(d, init);
        t = 0;
        evaluationsUsed = 0;
    }

    @Override
    public IterationRecord step() {
        final int iteration = t;
        double sigma = config.sigma();
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < d; k++) {
                double zk = random.nextGaussian();
                z[j][k] = zk;
                points[j][k] = mean[k] + sigma * zk;
            }
        }
        System.arraycopy(mean, 0, points[n], 0, d);
        double[][] values = objective.evaluate(points);
        evaluationsUsed += n + 1;
        double[] valuesAtMean = values[n].clone();
        SampleScreening.requireFiniteAtMean(valuesAtMean, iteration, "ES");
        int validCount = SampleScreening.screen(values, n, valid, config.nonFinitePolicy(), iteration);
        if (validCount < n) {
            LOG.debug("ES iteration {}: skipped {} non-finite samples of {}", iteration, n - validCount, n);
        }
        double fMean = equallyWeighted(valuesAtMean);
        for (int j = 0; j < n; j++) {
            weights[j] = valid[j] ? equallyWeighted(values[j]) - (config.shaping() == FitnessShaping.NONE ? fMean : 0)
                    : 0.0;
        }
        if (config.shaping() == FitnessShaping.STANDARDISE) {
            SampleScreening.standardise(weights, valid);
        }
        double scale = config.learningRate() / (validCount * sigma);
        double[] newMean = new double[d];
        for (int k = 0; k < d; k++) {
            double g = 0;
            for (int j = 0; j < n; j++) {
                g += weights[j] * z[j][k];
            }
            newMean[k] = mean[k] - scale * g;
            if (!Double.isFinite(newMean[k])) {
                throw new IllegalStateException("ES diverged at iteration " + iteration + ": mean coordinate " + k
                        + " became " + newMean[k] + "; use a smaller learningRate or FitnessShaping.STANDARDISE");
            }
        }
        mean = newMean;
        t++;
        return new IterationRecord(iteration, evaluationsUsed, mean, equalLambda, equalLambda, valuesAtMean,
                validCount, n - validCount, 0, sigma, sigma);
    }

    private double equallyWeighted(double[] row) {
        double s = 0;
        for (int i = 0; i < m; i++) {
            s += row[i];
        }
        return s / m;
    }

    @Override
    public int evaluationsPerIteration() {
        return n + 1;
    }

    @Override
    public long evaluations() {
        return evaluationsUsed;
    }

    @Override
    public int iterations() {
        return t;
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    /** The configuration. */
    public EsConfig config() {
        return config;
    }
}
