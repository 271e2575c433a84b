package org.mtl4j.weighting.blackbox;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ASMG: Adaptive Stochastic Multi-objective Gradient (Ye, Lyu, Wang, Zhang, Tsang, "Adaptive
 * Stochastic Gradient Algorithm for Black-box Multi-Objective Learning", ICLR 2024; F. Ye's
 * thesis, Ch. 4, Algorithm 3, eqs. 4.10–4.17 and App. A.2.5; spec §21).
 *
 * <p>Minimises {@code F(x) = (F_1(x), …, F_m(x))}, {@code x ∈ R^d}, from function values only,
 * through the Gaussian-smoothed objectives {@code J_i(μ, Σ) = E_{x∼N(μ,Σ)} F_i(x)} with a
 * diagonal {@code Σ = diag(σ²)}. One iteration {@code t = 0, 1, …}:
 * <pre>
 * z_j ∼ N(0, I_d),  x_j = μ + σ ⊙ z_j              j = 1..N    (N + 1 evaluations with F(μ))
 * ΔF_ij = F_i(x_j) − F_i(μ)
 * p̂_i = (1/N) Σ_j ΔF_ij z_j,   ĥ_i = (1/(2N)) Σ_j ΔF_ij (z_j ⊙ z_j − 1)
 * λ̂ = argmin_{λ∈Δ} ‖Σ_i λ_i p̂_i‖² + 2‖Σ_i λ_i ĥ_i‖²                 (ADAPTIVE; 1/m for EQUAL)
 * λ = (1 − γ_t) λ + γ_t λ̂,   γ_t = 1/(t+1)
 * w_j = ŝ_j = standardise_j(Σ_i λ_i F_i(x_j))    (RESCALED, A.2.5)   or   w_j = Σ_i λ_i ΔF_ij   (RAW)
 * μ    ← μ − (β/N) σ ⊙ Σ_j w_j z_j
 * 1/σ² ← (1/σ²) ⊙ (1 + (β/N) Σ_j w_j (z_j ⊙ z_j − 1))
 * </pre>
 * The solution is the mean {@code μ}.
 *
 * <p><b>Positivity guard</b> (spec §21.3 step 9, the documented rule): if, for a coordinate, the
 * precision factor {@code 1 + (β/N) Σ_j w_j (z_jk² − 1)} is {@code ≤ 0} or non-finite, or the
 * new precision would not be finite and positive, that coordinate keeps its previous precision.
 * Each such refusal is counted in {@link IterationRecord#guardedCoordinates()} and logged (a
 * warning the first time, debug afterwards), so {@code Σ} stays positive definite without any
 * silent clamping. With the rescaled rule and {@code β = 0.1} the factor stays far from 0.
 *
 * <p><b>Non-finite values</b> follow {@link AsmgConfig#nonFinitePolicy()}; {@code F(μ)} must
 * always be finite. If {@code μ} itself becomes non-finite (possible with the raw rule and a
 * too large {@code β}) the step throws {@link IllegalStateException}.
 *
 * <p><b>State</b>: {@code μ}, {@code 1/σ²}, {@code λ}, the iteration counter and the generator
 * (a {@link SplittableRandom} seeded from the configuration; {@code μ₀} comes from a first split,
 * the samples from a second). Not thread-safe; {@link #reset()} restores the initial state.
 */
public final class Asmg implements StepwiseOptimizer {

    private static final Logger LOG = LoggerFactory.getLogger(Asmg.class);

    /** Allowed deviation of a QP solution from the simplex before it is rejected. */
    private static final double SIMPLEX_TOLERANCE = 1e-9;

    private final AsmgConfig config;
    private final EvaluationCounter objective;
    private final SimplexQp qp;
    private final double[] explicitInitialMean;
    private final int d;
    private final int m;
    private final int n;

    private final double[][] z;
    private final double[][] points;
    private final double[][] pHat;
    private final double[][] hHat;
    private final double[] weights;
    private final boolean[] valid;

    private SplittableRandom random;
    private double[] mean;
    private double[] precision;
    private double[] sigma;
    private double[] lambda;
    private double[][] lastGram;
    private int t;
    private long evaluationsUsed;
    private boolean guardWarned;

    /** ASMG with the default QP solver and {@code μ₀} drawn per {@link AsmgConfig#initialMean()}. */
    public Asmg(BlackBoxObjective objective, AsmgConfig config) {
        this(objective, config, SimplexQp.defaultSolver(), null);
    }

    /** ASMG starting from the given {@code μ₀} (length {@code d}, finite). */
    public Asmg(BlackBoxObjective objective, AsmgConfig config, double[] initialMean) {
        this(objective, config, SimplexQp.defaultSolver(), Objects.requireNonNull(initialMean, "initialMean"));
    }

    /**
     * Full constructor.
     *
     * @param objective   the black-box objective (wrapped in an {@link EvaluationCounter})
     * @param config      validated configuration; {@code config.dimension()} must equal the objective's
     * @param qp          solver of the {@code λ̂} QP
     * @param initialMean explicit {@code μ₀}, or {@code null} to draw it per the configuration
     */
    public Asmg(BlackBoxObjective objective, AsmgConfig config, SimplexQp qp, double[] initialMean) {
        this.config = Objects.requireNonNull(config, "config");
        this.objective = EvaluationCounter.of(Objects.requireNonNull(objective, "objective"));
        this.qp = Objects.requireNonNull(qp, "qp");
        this.d = this.objective.dimension();
        this.m = this.objective.numObjectives();
        this.n = config.numSamples();
        if (d != config.dimension()) {
            throw new IllegalArgumentException("objective dimension " + d + " does not match config dimension "
                    + config.dimension());
        }
        if (initialMean != null) {
            if (initialMean.length != d) {
                throw new IllegalArgumentException("initialMean must have length d = " + d + ", found "
                        + initialMean.length);
            }
            for (int k = 0; k < d; k++) {
                if (!Double.isFinite(initialMean[k])) {
                    throw new IllegalArgumentException("initialMean must be finite, found " + initialMean[k]
                            + " at coordinate " + k);
                }
            }
            this.explicitInitialMean = initialMean.clone();
        } else {
            this.explicitInitialMean = null;
        }
        this.z = new double[n][d];
        this.points = new double[n + 1][d];
        this.pHat = new double[m][d];
        this.hHat = new double[m][d];
        this.weights = new double[n];
        this.valid = new boolean[n];
        reset();
    }

    @Override
    public void reset() {
        SplittableRandom root = new SplittableRandom(config.seed());
        SplittableRandom init = root.split();
        random = root.split();
        mean = explicitInitialMean != null ? explicitInitialMean.clone() : config.initialMean().draw(d, init);
        precision = new double[d];
        sigma = new double[d];
        double s0 = config.initialSigma();
        Arrays.fill(precision, 1.0 / (s0 * s0));
        Arrays.fill(sigma, s0);
        lambda = new double[m];
        Arrays.fill(lambda, 1.0 / m);
        lastGram = null;
        t = 0;
        evaluationsUsed = 0;
        guardWarned = false;
    }

    @Override
    public IterationRecord step() {
        final int iteration = t;
        // 1. sample x_j = μ + σ ⊙ z_j; the mean is the last point of the batch
        for (int j = 0; j < n; j++) {
            double[] zj = z[j];
            double[] xj = points[j];
            for (int k = 0; k < d; k++) {
                double zk = random.nextGaussian();
                zj[k] = zk;
                xj[k] = mean[k] + sigma[k] * zk;
            }
        }
        System.arraycopy(mean, 0, points[n], 0, d);

        // 2. evaluate N + 1 points
        double[][] values = objective.evaluate(points);
        evaluationsUsed += n + 1;
        double[] valuesAtMean = values[n].clone();
        SampleScreening.requireFiniteAtMean(valuesAtMean, iteration, "ASMG");
        int validCount = SampleScreening.screen(values, n, valid, config.nonFinitePolicy(), iteration);
        if (validCount < n) {
            LOG.debug("ASMG iteration {}: skipped {} non-finite samples of {}", iteration, n - validCount, n);
        }

        // 3-4. p̂, ĥ
        SearchGradientEstimator.estimate(z, values, valuesAtMean, valid, validCount, pHat, hHat);

        // 5. λ̂
        double[] lambdaHat = solveLambdaHat(iteration);

        // 6. momentum
        double gamma = config.momentum().gamma(iteration);
        for (int i = 0; i < m; i++) {
            lambda[i] = (1.0 - gamma) * lambda[i] + gamma * lambdaHat[i];
        }

        // 7-8. sample weights w_j
        computeWeights(values, valuesAtMean);

        // μ and 1/σ² updates (both with the old σ)
        double stepScale = config.beta() / validCount;
        int guarded = 0;
        double[] newMean = new double[d];
        for (int k = 0; k < d; k++) {
            double first = 0;
            double second = 0;
            for (int j = 0; j < n; j++) {
                double w = weights[j];
                if (w != 0.0) {
                    double zk = z[j][k];
                    first += w * zk;
                    second += w * (zk * zk - 1.0);
                }
            }
            newMean[k] = mean[k] - stepScale * sigma[k] * first;
            if (!Double.isFinite(newMean[k])) {
                throw new IllegalStateException("ASMG diverged at iteration " + iteration + ": mean coordinate " + k
                        + " became " + newMean[k] + " (update rule " + config.updateRule() + ", beta "
                        + config.beta() + "); use UpdateRule.RESCALED or a smaller beta");
            }
            double factor = 1.0 + stepScale * second;
            double newPrecision = precision[k] * factor;
            if (factor > 0 && Double.isFinite(factor) && newPrecision > 0 && Double.isFinite(newPrecision)) {
                precision[k] = newPrecision;
                sigma[k] = 1.0 / Math.sqrt(newPrecision);
            } else {
                guarded++;
            }
        }
        mean = newMean;
        if (guarded > 0) {
            if (!guardWarned) {
                LOG.warn("ASMG precision guard at iteration {}: {} of {} coordinates kept their previous precision "
                        + "(factor <= 0 or non-finite; update rule {}, beta {})", iteration, guarded, d,
                        config.updateRule(), config.beta());
                guardWarned = true;
            } else {
                LOG.debug("ASMG precision guard at iteration {}: {} coordinates", iteration, guarded);
            }
        }
        t++;
        double minSigma = Double.POSITIVE_INFINITY;
        double maxSigma = 0;
        for (double s : sigma) {
            minSigma = Math.min(minSigma, s);
            maxSigma = Math.max(maxSigma, s);
        }
        return new IterationRecord(iteration, evaluationsUsed, mean, lambda, lambdaHat, valuesAtMean, validCount,
                n - validCount, guarded, minSigma, maxSigma);
    }

    private double[] solveLambdaHat(int iteration) {
        double[] lambdaHat = new double[m];
        if (m == 1) {
            lambdaHat[0] = 1.0;
            return lambdaHat;
        }
        if (config.lambdaMode() == LambdaMode.EQUAL) {
            Arrays.fill(lambdaHat, 1.0 / m);
            return lambdaHat;
        }
        double[][] gram = SearchGradientEstimator.gram(pHat, hHat);
        lastGram = gram;
        double[] solution = qp.minimise(copy(gram));
        if (solution == null || solution.length != m) {
            throw new IllegalStateException("QP solver returned " + (solution == null ? "null" : solution.length
                    + " weights") + " at iteration " + iteration + ", expected m = " + m);
        }
        double sum = 0;
        for (int i = 0; i < m; i++) {
            if (!Double.isFinite(solution[i]) || solution[i] < -SIMPLEX_TOLERANCE) {
                throw new IllegalStateException("QP solver returned weights outside the simplex at iteration "
                        + iteration + ": " + Arrays.toString(solution));
            }
            sum += solution[i];
        }
        if (Math.abs(sum - 1.0) > SIMPLEX_TOLERANCE) {
            throw new IllegalStateException("QP solver returned weights summing to " + sum + " at iteration "
                    + iteration + ", expected 1: " + Arrays.toString(solution));
        }
        System.arraycopy(solution, 0, lambdaHat, 0, m);
        return lambdaHat;
    }

    private void computeWeights(double[][] values, double[] valuesAtMean) {
        if (config.updateRule() == UpdateRule.RAW) {
            for (int j = 0; j < n; j++) {
                double a = 0;
                if (valid[j]) {
                    for (int i = 0; i < m; i++) {
                        a += lambda[i] * (values[j][i] - valuesAtMean[i]);
                    }
                }
                weights[j] = a;
            }
            return;
        }
        // RESCALED: standardise s_j = Σ_i λ_i F_i(x_j) over the valid samples (population std)
        for (int j = 0; j < n; j++) {
            double s = 0;
            if (valid[j]) {
                for (int i = 0; i < m; i++) {
                    s += lambda[i] * values[j][i];
                }
            }
            weights[j] = s;
        }
        SampleScreening.standardise(weights, valid);
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
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

    /** Copy of the per-coordinate standard deviations {@code σ}. */
    public double[] sigma() {
        return sigma.clone();
    }

    /** Copy of the diagonal precision {@code 1/σ²}. */
    public double[] precision() {
        return precision.clone();
    }

    /** Copy of the current (momentum-averaged) weights {@code λ}. */
    public double[] lambda() {
        return lambda.clone();
    }

    /** The configuration. */
    public AsmgConfig config() {
        return config;
    }

    /** The QP matrix of the last ADAPTIVE iteration with {@code m ≥ 2} (for diagnostics and tests); null before. */
    double[][] lastGram() {
        return lastGram == null ? null : copy(lastGram);
    }
}
