package org.mtl4j.weighting.loss;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.mtl4j.core.weighting.LossWeighting;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.StepWeights;
import org.mtl4j.core.weighting.WeightingConfig;

/**
 * STCH, smooth Tchebycheff scalarisation: minimises a smooth maximum of the (log, nadir-normalised)
 * task losses, after a warm-up on the sum of log-losses that also measures the nadir vector.
 * With {@code ε = 1e-20} and W the number of warm-up epochs:
 * <pre>
 *   epoch e &lt; W:   loss Σ_i log(L_i + ε)                       →  w_i = 1 / (L_i + ε)
 *   epoch e = W:   the same, and the losses of every step are averaged into the nadir vector
 *                  z_i = max(mean_steps(L_i), 1e-8)   (fixed at the first step of epoch W + 1)
 *   epoch e &gt; W:   ℓ_i = log(L_i / z_i + ε),
 *                  loss m·μ·log Σ_i exp((ℓ_i − max_j ℓ_j)/μ)   →  w_i = m · softmax(ℓ/μ)_i / (L_i + ε z_i)
 * </pre>
 * The weights are the derivatives of the scalarised loss with respect to {@code L_i}, so
 * {@code Σ w_i ∇L_i} is its gradient; heads get {@code w_i ∇_{φ_i} L_i} (one weighted loss, §0.3).
 * The smooth maximum tends to the Tchebycheff (worst-task) scalarisation as μ → 0.
 *
 * <p><b>State:</b> the running sum and count of the warm-up losses ({@code "nadirSum"},
 * {@code "nadirCount"}) and the fixed nadir vector ({@code "nadir"}, once set). If the STCH phase
 * is reached without any warm-up measurement (e.g. a run started past epoch W), the nadir is set
 * from the first STCH step's losses.
 *
 * <p><b>Reference:</b> X. Lin, X. Zhang, Z. Yang, F. Liu, Z. Wang, Q. Zhang, "Smooth Tchebycheff
 * Scalarization for Multi-Objective Optimization", ICML 2024 (code {@code Xi-L/STCH},
 * {@code STCH_MTL}); LibMTL {@code LibMTL/weighting/STCH.py}, whose schedule (W = 4: log-losses,
 * the nadir measured in epoch W) and scale (factor m) are reproduced. <b>Decisions</b>
 * (algorithms.md has no section on STCH): the floor 1e-8 of the nadir is ours (LibMTL divides
 * by a zero mean loss); negative losses are rejected (their logarithm is undefined).
 */
public final class Stch implements LossWeighting {
    private static final String NAME = "STCH";
    static final String NADIR = "nadir";
    static final String NADIR_SUM = "nadirSum";
    static final String NADIR_COUNT = "nadirCount";
    /** Additive guard of the logarithms (LibMTL's 1e-20). */
    static final double EPS = 1e-20;
    /** Lower bound of the nadir entries (algorithms.md §0.5 EPS), so a zero mean loss cannot divide by zero. */
    static final double NADIR_FLOOR = 1e-8;

    private final Config config;
    private final int m;
    private double[] nadirSum;
    private long nadirCount;
    private double[] nadir;

    /**
     * Configuration of STCH.
     *
     * @param mu           smoothing μ &gt; 0 (smaller is closer to the worst-task maximum)
     * @param warmupEpochs W ≥ 0: epochs of log-loss training before the nadir is measured in epoch W
     */
    public record Config(double mu, int warmupEpochs) implements WeightingConfig {
        /** Validates. */
        public Config {
            if (!(mu > 0) || !Double.isFinite(mu)) {
                throw new IllegalArgumentException("mu must be finite and > 0, found " + mu);
            }
            if (warmupEpochs < 0) {
                throw new IllegalArgumentException("warmupEpochs must be >= 0, found " + warmupEpochs);
            }
        }

        /** @return LibMTL's defaults μ = 1, W = 4 */
        public static Config defaults() {
            return new Config(1.0, 4);
        }

        @Override
        public Stch create(int numTasks) {
            return new Stch(this, numTasks);
        }
    }

    private Stch(Config config, int m) {
        LossInputs.checkTaskCount(m);
        this.config = config;
        this.m = m;
        reset();
    }

    @Override
    public StepWeights weigh(double[] losses, StepInfo step) {
        LossInputs.checkLosses(NAME, losses, m);
        for (int i = 0; i < m; i++) {
            if (losses[i] < 0) {
                throw new IllegalArgumentException(NAME + ": losses must be >= 0 (STCH takes their logarithm), loss of task "
                        + i + " is " + losses[i]);
            }
        }
        double[] w = new double[m];
        int e = step.epoch();
        if (e <= config.warmupEpochs()) {
            if (e == config.warmupEpochs()) {
                for (int i = 0; i < m; i++) {
                    nadirSum[i] += losses[i];
                }
                nadirCount++;
            }
            for (int i = 0; i < m; i++) {
                w[i] = 1.0 / (losses[i] + EPS);
            }
            return StepWeights.of(w);
        }
        if (nadir == null) {
            nadir = new double[m];
            for (int i = 0; i < m; i++) {
                nadir[i] = Math.max(nadirCount > 0 ? nadirSum[i] / nadirCount : losses[i], NADIR_FLOOR);
            }
        }
        double[] a = new double[m];
        for (int i = 0; i < m; i++) {
            a[i] = (Math.log(losses[i] + EPS * nadir[i]) - Math.log(nadir[i])) / config.mu();
        }
        double[] s = LossInputs.softmax(a);
        for (int i = 0; i < m; i++) {
            w[i] = m * s[i] / (losses[i] + EPS * nadir[i]);
        }
        return StepWeights.of(w);
    }

    /** @return the nadir vector, or null before the STCH phase */
    public double[] nadir() {
        return nadir == null ? null : nadir.clone();
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public int numTasks() {
        return m;
    }

    @Override
    public void reset() {
        nadirSum = new double[m];
        nadirCount = 0;
        nadir = null;
    }

    @Override
    public Map<String, double[]> saveState() {
        Map<String, double[]> s = new HashMap<>();
        s.put(NADIR_SUM, nadirSum.clone());
        s.put(NADIR_COUNT, new double[] {nadirCount});
        if (nadir != null) {
            s.put(NADIR, nadir.clone());
        }
        return s;
    }

    @Override
    public void loadState(Map<String, double[]> state) {
        for (String k : state.keySet()) {
            if (!Set.of(NADIR, NADIR_SUM, NADIR_COUNT).contains(k)) {
                throw new IllegalArgumentException(NAME + " state has unknown key '" + k + "'; expected "
                        + Set.of(NADIR, NADIR_SUM, NADIR_COUNT));
            }
        }
        reset();
        if (state.containsKey(NADIR_SUM)) {
            nadirSum = LossInputs.checkedCopy(NAME, "state '" + NADIR_SUM + "'", state.get(NADIR_SUM), m);
        }
        if (state.containsKey(NADIR_COUNT)) {
            double[] c = LossInputs.checkedCopy(NAME, "state '" + NADIR_COUNT + "'", state.get(NADIR_COUNT), 1);
            if (c[0] < 0 || c[0] != Math.rint(c[0])) {
                throw new IllegalArgumentException(NAME + ": state '" + NADIR_COUNT + "' must be an integer >= 0, found " + c[0]);
            }
            nadirCount = (long) c[0];
        }
        if (state.containsKey(NADIR)) {
            nadir = LossInputs.checkedCopy(NAME, "state '" + NADIR + "'", state.get(NADIR), m);
            for (int i = 0; i < m; i++) {
                if (!(nadir[i] > 0)) {
                    throw new IllegalArgumentException(NAME + ": state '" + NADIR + "'[" + i + "] must be > 0, found " + nadir[i]);
                }
            }
        }
    }
}
