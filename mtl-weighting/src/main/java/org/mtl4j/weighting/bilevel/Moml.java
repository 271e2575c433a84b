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
 * MOML: Multi-Objective Meta Learning (Ye, Lin, Yue, Guo, Xiao, Zhang, NeurIPS 2021; AIJ 2024;
 * thesis §3.3–3.4, Algorithm 1; algorithms.md §19). Task weights {@code s = softmax(α)} are the
 * upper-level variable; every task's upper-level loss gets its own hypergradient through the
 * unrolled lower level, and MGDA combines them. One iteration:
 * <pre>
 *   B_LL, B_UL                                       lower- and upper-level batches
 *   T = 1 (reference, exact):
 *     a_j = ∇_ω L_j(ω; B_LL);   ω' = ω − η Σ_j s_j a_j
 *     b_i = ∇_ω L_i(ω'; B_UL);  c_ij = ⟨b_i, a_j⟩;   h_i = −η J_s c_i,   J_s c = s ⊙ (c − sᵀc)
 *   T &gt; 1 ({@link UnrolledHypergradient}, Hessian-vector products by central differences of gradients):
 *     ω_{k+1} = ω_k − η ∇_ω f(α, ω_k) on B_LL;  reverse recurrence from b_i = ∇_ω L_i(ω_T; B_UL)
 *   g_α = MGDA on the normalised h_i ({@link HypergradientCombiner});   α ← optimiser step (Adam 1e-3)
 *   model: ω ← optimiser step with ∇_ω Σ_i s_i(α_new) L_i on B_LL ∪ B_UL     (the FORUM repository)
 * </pre>
 * The model update uses the batch-size-weighted mean of the gradients on B_LL and B_UL, which
 * equals the gradient on their concatenation for batch-mean losses. Returns the weights
 * {@code s(α)} after the update. State: α and its optimiser.
 */
public final class Moml implements BilevelWeighting {
    private static final String NAME = "MOML";

    private final MomlConfig config;
    private final int m;
    private final SoftmaxWeights map;
    private final double[] initialLogits;
    private final double[] alpha;
    private final LogitOptimizer optimizer;
    private final HypergradientCombiner combiner;

    Moml(MomlConfig config, int numTasks) {
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
        this.combiner = new HypergradientCombiner(config.combination());
    }

    @Override
    public StepWeights step(BilevelContext context, StepInfo step) {
        BilevelSteps.checkTasks(context, m, NAME);
        MtlBatch lower = BilevelSteps.lower(context, NAME);
        MtlBatch upper = BilevelSteps.upper(context, NAME, config.upperData());
        INDArray start = context.snapshot();
        double[][] h = config.innerSteps() == 1 ? referenceHypergradients(context, lower, upper)
                : unrolledHypergradients(context, lower, upper, start);
        HypergradientCombiner.Combined c = combiner.combine(h);
        optimizer.step(alpha, c.direction(), config.outerLr());
        context.restore(start);
        double[] s = map.weights(alpha);
        INDArray gl = Nd4j.createUninitialized(context.dataType(), context.numParams());
        INDArray gu = Nd4j.createUninitialized(context.dataType(), context.numParams());
        context.weightedGradient(lower, s, gl);
        context.weightedGradient(upper, s, gu);
        double nl = lower.size(0);
        double nu = upper.size(0);
        gl.muli(nl / (nl + nu));
        Nd4j.getBlasWrapper().level1().axpy(gl.length(), nu / (nl + nu), gu, gl);
        BilevelSteps.requireFinite(gl, "MOML's model gradient");
        context.applyUpdate(gl);
        return new StepWeights(s, null, BilevelSteps.diagnostics(c.status(), false, "MGDA on hypergradients: " + c.status()));
    }

    /** T = 1 exactly as the reference code: per-task gradients before and after one inner step. */
    private double[][] referenceHypergradients(BilevelContext context, MtlBatch lower, MtlBatch upper) {
        double[] s = map.weights(alpha);
        double eta = config.innerLr();
        INDArray a = context.perTaskGradients(lower, new double[m]);
        INDArray step = BilevelSteps.combine(a, s);
        context.addToParams(step, -eta);
        INDArray b = context.perTaskGradients(upper, new double[m]);
        double[][] cross = BilevelSteps.cross(b, a);
        double[][] h = new double[m][];
        for (int i = 0; i < m; i++) {
            h[i] = map.pullback(alpha, cross[i]);
            for (int k = 0; k < m; k++) {
                h[i][k] *= -eta;
            }
        }
        HypergradientCombiner.requireFinite(h);
        return h;
    }

    /** T &gt; 1: unrolled inner loop on B_LL, reverse recurrence with finite-difference Hessian-vector products. */
    private double[][] unrolledHypergradients(BilevelContext context, MtlBatch lower, MtlBatch upper, INDArray start) {
        ContextLowerLevel ll = new ContextLowerLevel(context, lower, config.fdScale());
        UnrolledHypergradient unrolled = new UnrolledHypergradient(ll, config.innerSteps(), config.innerLr());
        try {
            INDArray end = unrolled.unroll(alpha, start);
            context.restore(end);
            INDArray b = context.perTaskGradients(upper, new double[m]);
            INDArray[] rows = new INDArray[m];
            for (int i = 0; i < m; i++) {
                rows[i] = b.getRow(i);
            }
            return unrolled.hypergradients(alpha, rows);
        } finally {
            unrolled.release();
        }
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
    public MomlConfig config() {
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
    }

    @Override
    public Map<String, double[]> saveState() {
        Map<String, double[]> s = new LinkedHashMap<>();
        s.put("alpha", alpha.clone());
        s.putAll(optimizer.saveState("alphaOptimizer."));
        return s;
    }

    @Override
    public void loadState(Map<String, double[]> state) {
        double[] a = state.get("alpha");
        if (a == null || a.length != m) {
            throw new IllegalArgumentException("MOML state needs 'alpha' of length " + m + ", found "
                    + (a == null ? "none" : String.valueOf(a.length)));
        }
        WeightMap.requireFinite("alpha", a, m);
        optimizer.loadState(state, "alphaOptimizer.");
        System.arraycopy(a, 0, alpha, 0, m);
    }
}
