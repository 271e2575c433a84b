package org.mtl4j.weighting.loss;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.mtl4j.core.weighting.LossWeighting;
import org.mtl4j.core.weighting.PostStepLossHook;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.StepWeights;
import org.mtl4j.core.weighting.WeightingConfig;

/**
 * FAMO, fast adaptive multitask optimisation: loss weights from logits ξ that are learned so that
 * all tasks' log-losses decrease at an equal rate, with O(1) extra cost per step.
 * <pre>
 *   weighting phase (before the update):
 *     z = softmax(ξ),  D_i = max(L_i − Lmin_i + 1e-8, 1e-8),  c = Σ_i z_i / D_i
 *     w_i = z_i / (c · D_i)                  (Σ w = 1; the gradient of Σ_i (z_i/c) log D_i)
 *   logit phase ({@link PostStepLossHook}: the trainer re-evaluates the same batch after the update):
 *     δ_i = log D_i(before) − log D_i(after)
 *     ∂ξ_j = z_j (δ_j − zᵀδ)                 (softmax Jacobian applied to δ; z of the weighting phase)
 *     one Adam step on ξ with that gradient plus coupled L2 decay wGamma·ξ
 *     (lr = wLr, β₁ = 0.9, β₂ = 0.999, ε = 1e-8, bias-corrected, as torch.optim.Adam)
 * </pre>
 * Heads get {@code w_i ∇_{φ_i} L_i} (one weighted loss, algorithms.md §0.3); weights sum to 1 (§0.4).
 *
 * <p><b>State:</b> ξ ({@code "logits"}, init 0), the Adam moments ({@code "adamM"},
 * {@code "adamV"}) and step count ({@code "adamSteps"}). ξ is optimised by FAMO's own Adam, not by
 * the trainer (it is not a {@code TrainableWeights} variable).
 *
 * <p><b>Reference:</b> B. Liu, Y. Feng, P. Stone, Q. Liu, "FAMO: Fast Adaptive Multitask
 * Optimization", NeurIPS 2023; {@code Cranial-XIX/FAMO} {@code methods/weight_methods.py}; LibMTL
 * {@code LibMTL/weighting/FAMO.py}; algorithms.md §15. <b>Deviations:</b> the lower clamp of
 * {@code D_i} at 1e-8 (upstream takes the log of a negative number when {@code L_i < Lmin_i});
 * no gradient clipping (the official base class clips before the backward pass, a no-op).
 */
public final class Famo implements LossWeighting, PostStepLossHook {
    private static final String NAME = "FAMO";
    static final String LOGITS = "logits";
    static final String ADAM_M = "adamM";
    static final String ADAM_V = "adamV";
    static final String ADAM_STEPS = "adamSteps";
    private static final double GUARD = 1e-8;
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double ADAM_EPS = 1e-8;

    private final Config config;
    private final int m;
    private final double[] minLosses;
    private double[] logits;
    private double[] adamM;
    private double[] adamV;
    private long adamSteps;

    /**
     * Configuration of FAMO.
     *
     * @param wLr       learning rate of the logits' Adam, &gt; 0
     * @param wGamma    coupled L2 decay of the logits (Adam's weight_decay), ≥ 0
     * @param minLosses lower bounds {@code Lmin} of the losses, one per task; empty = all 0
     */
    public record Config(double wLr, double wGamma, double[] minLosses) implements WeightingConfig {
        /** Validates and copies. */
        public Config {
            if (!(wLr > 0) || !Double.isFinite(wLr)) {
                throw new IllegalArgumentException("wLr must be finite and > 0, found " + wLr);
            }
            if (!(wGamma >= 0) || !Double.isFinite(wGamma)) {
                throw new IllegalArgumentException("wGamma must be finite and >= 0, found " + wGamma);
            }
            if (minLosses == null) {
                throw new IllegalArgumentException("minLosses must not be null (empty = all 0)");
            }
            minLosses = minLosses.clone();
            for (int i = 0; i < minLosses.length; i++) {
                if (!Double.isFinite(minLosses[i])) {
                    throw new IllegalArgumentException("minLosses[" + i + "] must be finite, found " + minLosses[i]);
                }
            }
        }

        /** @return the official defaults: wLr 0.025, wGamma 1e-3, Lmin = 0 */
        public static Config defaults() {
            return new Config(0.025, 1e-3, new double[0]);
        }

        @Override
        public double[] minLosses() {
            return minLosses.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Config c && Double.compare(wLr, c.wLr) == 0 && Double.compare(wGamma, c.wGamma) == 0
                    && java.util.Arrays.equals(minLosses, c.minLosses);
        }

        @Override
        public int hashCode() {
            return (Double.hashCode(wLr) * 31 + Double.hashCode(wGamma)) * 31 + java.util.Arrays.hashCode(minLosses);
        }

        @Override
        public String toString() {
            return "Famo.Config[wLr=" + wLr + ", wGamma=" + wGamma + ", minLosses=" + java.util.Arrays.toString(minLosses) + "]";
        }

        @Override
        public Famo create(int numTasks) {
            return new Famo(this, numTasks);
        }
    }

    private Famo(Config config, int m) {
        LossInputs.checkTaskCount(m);
        if (config.minLosses.length != 0 && config.minLosses.length != m) {
            throw new IllegalArgumentException(NAME + ": minLosses must be empty or have one entry per task (" + m + "), found "
                    + config.minLosses.length);
        }
        this.config = config;
        this.m = m;
        this.minLosses = config.minLosses.length == 0 ? new double[m] : config.minLosses.clone();
        reset();
    }

    @Override
    public StepWeights weigh(double[] losses, StepInfo step) {
        LossInputs.checkLosses(NAME, losses, m);
        double[] z = LossInputs.softmax(logits);
        double c = 0;
        double[] d = new double[m];
        for (int i = 0; i < m; i++) {
            d[i] = gap(losses[i], i);
            c += z[i] / d[i];
        }
        double[] w = new double[m];
        for (int i = 0; i < m; i++) {
            w[i] = z[i] / (c * d[i]);
        }
        return StepWeights.of(w);
    }

    /** {@code D_i = max(L_i − Lmin_i + 1e-8, 1e-8)} */
    private double gap(double loss, int i) {
        return Math.max(loss - minLosses[i] + GUARD, GUARD);
    }

    @Override
    public void afterStep(double[] lossesBefore, double[] lossesAfter) {
        LossInputs.checkLosses(NAME, lossesBefore, m);
        LossInputs.checkLosses(NAME, lossesAfter, m);
        double[] z = LossInputs.softmax(logits);
        double[] delta = new double[m];
        double zDelta = 0;
        for (int i = 0; i < m; i++) {
            delta[i] = Math.log(gap(lossesBefore[i], i)) - Math.log(gap(lossesAfter[i], i));
            zDelta += z[i] * delta[i];
        }
        adamSteps++;
        double c1 = 1 - Math.pow(BETA1, adamSteps);
        double c2 = 1 - Math.pow(BETA2, adamSteps);
        for (int j = 0; j < m; j++) {
            double g = z[j] * (delta[j] - zDelta) + config.wGamma() * logits[j];
            adamM[j] = BETA1 * adamM[j] + (1 - BETA1) * g;
            adamV[j] = BETA2 * adamV[j] + (1 - BETA2) * g * g;
            logits[j] -= config.wLr() * (adamM[j] / c1) / (Math.sqrt(adamV[j] / c2) + ADAM_EPS);
        }
    }

    /** @return the current logits ξ (a copy) */
    public double[] logits() {
        return logits.clone();
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
        logits = new double[m];
        adamM = new double[m];
        adamV = new double[m];
        adamSteps = 0;
    }

    @Override
    public Map<String, double[]> saveState() {
        Map<String, double[]> s = new HashMap<>();
        s.put(LOGITS, logits.clone());
        s.put(ADAM_M, adamM.clone());
        s.put(ADAM_V, adamV.clone());
        s.put(ADAM_STEPS, new double[] {adamSteps});
        return s;
    }

    @Override
    public void loadState(Map<String, double[]> state) {
        for (String k : state.keySet()) {
            if (!Set.of(LOGITS, ADAM_M, ADAM_V, ADAM_STEPS).contains(k)) {
                throw new IllegalArgumentException(NAME + " state has unknown key '" + k + "'; expected "
                        + Set.of(LOGITS, ADAM_M, ADAM_V, ADAM_STEPS));
            }
        }
        reset();
        if (state.containsKey(LOGITS)) {
            logits = LossInputs.checkedCopy(NAME, "state '" + LOGITS + "'", state.get(LOGITS), m);
        }
        if (state.containsKey(ADAM_M)) {
            adamM = LossInputs.checkedCopy(NAME, "state '" + ADAM_M + "'", state.get(ADAM_M), m);
        }
        if (state.containsKey(ADAM_V)) {
            adamV = LossInputs.checkedCopy(NAME, "state '" + ADAM_V + "'", state.get(ADAM_V), m);
        }
        if (state.containsKey(ADAM_STEPS)) {
            double[] s = LossInputs.checkedCopy(NAME, "state '" + ADAM_STEPS + "'", state.get(ADAM_STEPS), 1);
            if (s[0] < 0 || s[0] != Math.rint(s[0])) {
                throw new IllegalArgumentException(NAME + ": state '" + ADAM_STEPS + "' must be an integer >= 0, found " + s[0]);
            }
            adamSteps = (long) s[0];
        }
    }
}
