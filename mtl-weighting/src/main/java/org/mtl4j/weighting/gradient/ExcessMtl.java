package org.mtl4j.weighting.gradient;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.mtl4j.core.weighting.Aggregation;
import org.mtl4j.core.weighting.Diagnostics;
import org.mtl4j.core.weighting.HeadPolicy;
import org.mtl4j.core.weighting.JacobianAggregator;
import org.mtl4j.core.weighting.StepInfo;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * ExcessMTL, robust MTL with excess risks: task weights grow exponentially with an estimate of each
 * task's excess risk (its distance to its own optimum) instead of its raw loss, so that tasks with
 * large irreducible noise do not dominate. The excess risk is estimated by a diagonal (AdaGrad)
 * second-order approximation:
 * <pre>
 *   S_i ← S_i + g_i ⊙ g_i                                   (per-task squared-gradient sums; S₀ = 0)
 *   e_i = Σ_c g_ic² / √(S_ic + 1e-7)                        (excess risk ∝ g_iᵀ H_i⁻¹ g_i with H_i ≈ diag √S_i)
 *   first step:   e⁰ = e,  λ = 1                            (the reference scale of each task)
 *   later steps:  r_i = e_i / (e⁰_i + 1e-12·e_i + ν),  log λ ← log λ + η r,  λ ← m · λ / Σλ
 *   d = Σ_i λ_i g_i                                          (weights λ, Σλ = m)
 * </pre>
 * with ν the smallest positive normal double. The weights are kept in the log domain and normalised
 * by a log-sum-exp, so they stay finite however long the run. Heads get {@code λ_i ∇_{φ_i} L_i}
 * (LibMTL back-propagates {@code Σ λ_i L_i}; reference head policy WEIGHTED).
 *
 * <p><b>State:</b> S ({@code "squaredSums"}, {@code m × p} in the Jacobian's data type), e⁰
 * ({@code "initialExcess"}, absent before the first step) and log λ ({@code "logWeights"}).
 *
 * <p><b>Reference:</b> Y. He, S. Zhou, G. Zhang, H. Yun, Y. Xu, B. Zeng, T. Chilimbi, H. Zhao,
 * "Robust Multi-Task Learning with Excess Risks", ICML 2024 (code {@code yifei-he/ExcessMTL});
 * LibMTL {@code LibMTL/weighting/ExcessMTL.py}, whose update is reproduced. <b>Decisions</b>
 * (algorithms.md has no section on ExcessMTL): the guard {@code 1e-12·e_i + ν} in the ratio (LibMTL
 * divides by e⁰, which is 0 for a task whose first gradient is 0); the log-domain normalisation
 * (LibMTL multiplies the weights by {@code exp(η r)} and renormalises, which is the same in exact
 * arithmetic). Only the shared-parameter form is offered (LibMTL's representation form sums the
 * representation gradients over the batch).
 */
public final class ExcessMtl implements JacobianAggregator {
    static final String SQUARED_SUMS = "squaredSums";
    static final String INITIAL_EXCESS = "initialExcess";
    static final String LOG_WEIGHTS = "logWeights";
    /** AdaGrad's additive constant inside the square root (LibMTL). */
    static final double ADAGRAD_EPS = 1e-7;

    private final ExcessMtlConfig config;
    private final int m;
    private final TrackedRows squaredSums;
    private double[] initialExcess;
    private double[] logWeights;
    private INDArray work;
    private INDArray denominator;

    ExcessMtl(ExcessMtlConfig config, int numTasks) {
        if (numTasks < 1) {
            throw new IllegalArgumentException("number of tasks must be >= 1, found " + numTasks);
        }
        this.config = config;
        this.m = numTasks;
        this.squaredSums = new TrackedRows("ExcessMTL", SQUARED_SUMS, numTasks);
        reset();
    }

    @Override
    public Aggregation aggregate(INDArray jacobian, double[] losses, StepInfo step, INDArray direction) {
        JacobianMath.checkAggregateInputs(jacobian, losses, direction, m);
        INDArray s = squaredSums.forJacobian(jacobian);
        if (work == null || work.columns() != jacobian.columns() || work.dataType() != jacobian.dataType()) {
            work = jacobian.ulike();
            denominator = jacobian.ulike();
        }
        work.assign(jacobian).muli(jacobian);
        s.addi(work);
        denominator.assign(s).addi(ADAGRAD_EPS);
        Transforms.sqrt(denominator, false);
        work.divi(denominator);
        double[] excess = work.sum(1).castTo(DataType.DOUBLE).toDoubleVector();
        for (int i = 0; i < m; i++) {
            if (!Double.isFinite(excess[i])) {
                throw new IllegalArgumentException("ExcessMTL: excess-risk estimate of task " + i + " is not finite ("
                        + excess[i] + "): non-finite or overflowing gradients");
            }
        }
        if (initialExcess == null) {
            initialExcess = excess;
        } else {
            for (int i = 0; i < m; i++) {
                double r = excess[i] / (initialExcess[i] + 1e-12 * excess[i] + Double.MIN_NORMAL);
                logWeights[i] += config.robustStepSize() * r;
            }
            normaliseLogWeights();
        }
        double[] w = weights();
        JacobianMath.combine(jacobian, w, direction);
        return new Aggregation(w, Diagnostics.ok());
    }

    /** Shifts log λ so that max log λ = 0 (keeps it bounded; the weights are invariant). */
    private void normaliseLogWeights() {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logWeights) {
            max = Math.max(max, v);
        }
        for (int i = 0; i < m; i++) {
            logWeights[i] -= max;
        }
    }

    /** @return {@code λ = m · softmax(log λ)} */
    private double[] weights() {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logWeights) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] w = new double[m];
        for (int i = 0; i < m; i++) {
            w[i] = Math.exp(logWeights[i] - max);
            sum += w[i];
        }
        for (int i = 0; i < m; i++) {
            w[i] *= m / sum;
        }
        return w;
    }

    @Override
    public HeadPolicy referenceHeadPolicy() {
        return HeadPolicy.WEIGHTED;
    }

    @Override
    public ExcessMtlConfig config() {
        return config;
    }

    @Override
    public int numTasks() {
        return m;
    }

    @Override
    public void reset() {
        squaredSums.reset();
        initialExcess = null;
        logWeights = new double[m];
    }

    @Override
    public Map<String, double[]> saveState() {
        Map<String, double[]> state = new HashMap<>();
        double[] s = squaredSums.save();
        if (s != null) {
            state.put(SQUARED_SUMS, s);
        }
        if (initialExcess != null) {
            state.put(INITIAL_EXCESS, initialExcess.clone());
        }
        state.put(LOG_WEIGHTS, logWeights.clone());
        return state;
    }

    @Override
    public void loadState(Map<String, double[]> state) {
        Set<String> known = Set.of(SQUARED_SUMS, INITIAL_EXCESS, LOG_WEIGHTS);
        for (String k : state.keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException("ExcessMTL state has unknown key '" + k + "'; expected " + known);
            }
        }
        reset();
        squaredSums.load(state.get(SQUARED_SUMS));
        initialExcess = checked(state, INITIAL_EXCESS);
        double[] lw = checked(state, LOG_WEIGHTS);
        if (lw != null) {
            logWeights = lw;
        }
    }

    private double[] checked(Map<String, double[]> state, String key) {
        double[] v = state.get(key);
        if (v == null) {
            return null;
        }
        if (v.length != m) {
            throw new IllegalArgumentException("ExcessMTL state '" + key + "' must have length m = " + m + ", found " + v.length);
        }
        for (int i = 0; i < m; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException("ExcessMTL state '" + key + "'[" + i + "] must be finite, found " + v[i]);
            }
        }
        return Arrays.copyOf(v, m);
    }
}
