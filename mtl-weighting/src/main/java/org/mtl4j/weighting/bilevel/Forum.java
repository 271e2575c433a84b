package org.mtl4j.weighting.bilevel;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mtl4j.core.data.MtlBatch;
import org.mtl4j.core.weighting.BilevelContext;
import org.mtl4j.core.weighting.BilevelWeighting;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.StepWeights;
import org.mtl4j.core.weighting.UpperLevelData;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * FORUM: a First-Order mUlti-gradient method for Multi-objective bi-level optimisation (Ye, Lin,
 * Cao, Zhang, Tsang, ECAI 2024; thesis §3.5, Algorithm 2; algorithms.md §20), as task weighting
 * with {@code s = softmax(α)} and {@code z = (α, ω)}. One iteration (FORUM repository
 * {@code train_FORUM}):
 * <pre>
 *   Lℓ = L(ω; B_LL),  f = sᵀLℓ,   ∇_α f(α, ω) = J_s Lℓ,   q_ω = ∇_ω f(α, ω)
 *   ω̃ ← ω;  T times: stop if sᵀL(ω̃; B_LL) &gt; innerLossAbort, else ω̃ ← ω̃ − η ∇_ω f(α, ω̃)
 *   q = (q_α, q_ω),   q_α = J_s (Lℓ − L(ω̃; B_LL))                  (∇q̃; first-order only)
 *   u_i = (0, b̂_i),   b̂_i = b_i / (‖b_i‖ + 1e-8),  b_i = ∇_ω L_i(ω; B_UL)
 *   (λ̃, ν) = {@link ForumCombiner} on the Gram matrix of [u_1 … u_m, q]      (QP K6 + momentum)
 *   D = Σ_i λ̃_i u_i + ν q:     α ← optimiser step with D_α = ν q_α,   ω ← model optimiser step with D_ω
 * </pre>
 * The model moves only through {@code D_ω}; memory is flat in T (the inner loop,
 * {@link ValueFunctionConstraint}, keeps one copy of ω and one gradient buffer whatever T is).
 * Barrier property {@code ⟨q, D⟩ ≥ ρ‖q‖²}. Returns the weights {@code s(α)} after the update.
 * State: α, its optimiser, λ̃ and the iteration counter.
 */
public final class Forum implements BilevelWeighting {
    private static final String NAME = "FORUM";
    private static final double NORM_GUARD = 1e-8;

    private final ForumConfig config;
    private final int m;
    private final SoftmaxWeights map;
    private final double[] initialLogits;
    private final double[] alpha;
    private final LogitOptimizer optimizer;
    private final ForumCombiner combiner;
    private long iteration;
    private ForumCombiner.Weights last;
    private double[][] lastGram;

    Forum(ForumConfig config, int numTasks) {
        if (numTasks < 1) {
            throw new IllegalArgumentException("numTasks must be >= 1, found " + numTasks);
        }
        this.config = config;
        this.m = numTasks;
        this.map = new SoftmaxWeights(numTasks);
        double[] w = config.initialWeights();
        if (w.length > 0 && w.length != numTasks) {
            throw new IllegalArgumentException("initialWeights has " + w.length + " entries, expected one per task (" + numTasks + ")");
        }
        this.initialLogits = w.length == 0 ? new double[numTasks] : SoftmaxWeights.logitsOf(w);
        this.alpha = initialLogits.clone();
        this.optimizer = new LogitOptimizer(config.outerOptimizer(), numTasks);
        this.combiner = new ForumCombiner(numTasks, config.rho(), config.qpMethod());
    }

    @Override
    public StepWeights step(BilevelContext context, StepInfo step) {
        BilevelSteps.checkTasks(context, m, NAME);
        MtlBatch lower = BilevelSteps.lower(context, NAME);
        MtlBatch upper = BilevelSteps.upper(context, NAME, config.upperData());
        INDArray start = context.snapshot();
        long p = context.numParams();
        ContextLowerLevel ll = new ContextLowerLevel(context, lower, WeightedSumLowerLevel.DEFAULT_FD_SCALE);
        ValueFunctionConstraint.Gradient q = ValueFunctionConstraint.compute(ll, alpha, start, config.innerSteps(),
                config.innerLr(), config.innerLossAbort());
        INDArray qOmega = q.omegaPart();
        double[] qAlpha = q.alphaPart();
        boolean aborted = q.aborted();
        context.restore(start);

        INDArray rows = Nd4j.createUninitialized(context.dataType(), m + 1, p);
        INDArray b = context.perTaskGradients(upper, new double[m]);
        for (int i = 0; i < m; i++) {
            INDArray row = rows.getRow(i);
            row.assign(b.getRow(i));
            if (config.normalizeUpperGrads()) {
                double n = row.norm2Number().doubleValue();
                row.muli(1.0 / (n + NORM_GUARD));
            }
        }
        rows.getRow(m).assign(qOmega);
        double[][] gram = BilevelSteps.gram(rows);
        gram[m][m] += ForumSubproblem.dot(qAlpha, qAlpha);
        long idx = config.momentum() == MomentumIndex.PER_EPOCH ? step.epoch() : iteration;
        ForumCombiner.Weights w = combiner.combine(gram, idx);
        double[] coef = new double[m + 1];
        double[] lt = w.lambdaTilde();
        System.arraycopy(lt, 0, coef, 0, m);
        coef[m] = w.nu();
        INDArray dOmega = BilevelSteps.combine(rows, coef);
        BilevelSteps.requireFinite(dOmega, "FORUM's model direction D_ω");
        double[] dAlpha = new double[m];
        for (int i = 0; i < m; i++) {
            dAlpha[i] = w.nu() * qAlpha[i];
        }
        context.applyUpdate(dOmega);
        optimizer.step(alpha, dAlpha, config.outerLr());
        iteration++;
        last = w;
        lastGram = gram;
        String msg = "QP " + w.solution().status() + (aborted ? "; inner loop aborted (loss > innerLossAbort)" : "");
        return new StepWeights(map.weights(alpha), null, BilevelSteps.diagnostics(w.solution().status(), w.fallbackUsed(),
                w.fallbackUsed() ? "FORUM QP failed; λ from MGDA on the upper-level gradients" : msg));
    }

    /** @return the combination of the last iteration (null before the first) */
    public ForumCombiner.Weights lastCombination() {
        return last;
    }

    /** @return the Gram matrix of {@code [u_1 … u_m, q]} of the last iteration (a copy; null before the first) */
    public double[][] lastGram() {
        if (lastGram == null) {
            return null;
        }
        double[][] c = new double[lastGram.length][];
        for (int i = 0; i < c.length; i++) {
            c[i] = lastGram[i].clone();
        }
        return c;
    }

    /** @return the current task-weight logits α (a copy) */
    public double[] logits() {
        return alpha.clone();
    }

    @Override
    public UpperLevelData upperLevelData() {
        return config.upperData();
    }

    @Override
    public ForumConfig config() {
        return config;
    }

    @Override
    public int numTasks() {
        return m;
    }

    @Override
    public void reset() {
        System.arraycopy(initialLogits, 0, alpha, 0, m);
        optimizer.reset();
        combiner.reset();
        iteration = 0;
        last = null;
        lastGram = null;
    }

    @Override
    public Map<String, double[]> saveState() {
        Map<String, double[]> s = new LinkedHashMap<>();
        s.put("alpha", alpha.clone());
        s.put("iteration", new double[] {iteration});
        s.putAll(optimizer.saveState("alphaOptimizer."));
        s.putAll(combiner.saveState("momentum."));
        return s;
    }

    @Override
    public void loadState(Map<String, double[]> state) {
        double[] a = state.get("alpha");
        double[] it = state.get("iteration");
        if (a == null || a.length != m || it == null || it.length != 1) {
            throw new IllegalArgumentException("FORUM state needs 'alpha' of length " + m + " and 'iteration'");
        }
        WeightMap.requireFinite("alpha", a, m);
        optimizer.loadState(state, "alphaOptimizer.");
        combiner.loadState(state, "momentum.");
        System.arraycopy(a, 0, alpha, 0, m);
        iteration = (long) it[0];
    }
}
