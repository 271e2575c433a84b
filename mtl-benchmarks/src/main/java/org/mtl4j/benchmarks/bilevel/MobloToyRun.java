package org.mtl4j.benchmarks.bilevel;

import java.util.ArrayList;
import java.util.List;
import org.mtl4j.weighting.bilevel.ForumCombiner;
import org.mtl4j.weighting.bilevel.ForumQpMethod;
import org.mtl4j.weighting.bilevel.HypergradientCombiner;
import org.mtl4j.weighting.bilevel.UnrolledHypergradient;
import org.mtl4j.weighting.bilevel.UpperCombination;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs MOML or FORUM on {@link MobloToyProblem} with plain gradient descent on both levels
 * (thesis A.32 setup: μ = 0.3, η = 0.05, T = 50, ρ = 0.3, β_k = (k+1)^{−3/4} per iteration).
 * <pre>
 *   FORUM (thesis Algorithm 2, generic MOBLO form):
 *     ω̃ ← T steps ω̃ − η∇_ω f(α, ω̃) from ω;  q = (∂_α f(α, ω) − ∂_α f(α, ω̃), ∇_ω f(α, ω))
 *     u_i = ∇_z F_i(z)  (optionally u_i/(‖u_i‖ + 1e-8));   (λ̃, ν) = ForumCombiner(Gram[u_1, u_2, q])
 *     z ← z − μ (Σ λ̃_i u_i + ν q)
 *   MOML (thesis Algorithm 1):
 *     ω_T from ω by T steps;  h_i = ∂_α F_i(α, ω_T) + reverse recurrence with b_i = ∇_ω F_i(α, ω_T)
 *     g = MGDA on the raw h_i (UpperCombination.MGDA_RAW);   α ← α − μ g;   ω ← ω_T (warm start)
 * </pre>
 * Both use the library's shared update math ({@link ForumCombiner}, {@link UnrolledHypergradient},
 * {@link HypergradientCombiner}).
 *
 * @param method        MOML or FORUM
 * @param start         z_0 = (α, ω_1, ω_2)
 * @param iterations    K ≥ 1
 * @param outerLr       μ &gt; 0
 * @param innerLr       η &gt; 0
 * @param innerSteps    T ≥ 1
 * @param rho           ρ &gt; 0 (FORUM)
 * @param normalizeUpper FORUM: unit-normalise the upper-level gradients
 */
record MobloToyRun(BilevelMethod method, double[] start, int iterations, double outerLr, double innerLr, int innerSteps,
                   double rho, boolean normalizeUpper) {

    /** The thesis' initial points (α, ω_1, ω_2). */
    static final double[][] THESIS_STARTS = {{0, 0, 3}, {2, 0, 3}, {2, 3, 3}};

    /** Validates. */
    MobloToyRun {
        if (method == null) {
            throw new IllegalArgumentException("method must be MOML or FORUM, found null");
        }
        if (start == null || start.length != 3) {
            throw new IllegalArgumentException("start must be (alpha, omega1, omega2), found "
                    + (start == null ? "null" : start.length + " numbers"));
        }
        for (double v : start) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("start must be finite, found " + java.util.Arrays.toString(start));
            }
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1, found " + iterations);
        }
        if (!(outerLr > 0) || !(innerLr > 0) || !(rho > 0)) {
            throw new IllegalArgumentException("outerLr, innerLr and rho must be > 0, found " + outerLr + ", " + innerLr + ", " + rho);
        }
        if (innerSteps < 1) {
            throw new IllegalArgumentException("innerSteps T must be >= 1, found " + innerSteps);
        }
        start = start.clone();
    }

    /** @return the thesis setup for one method and start */
    static MobloToyRun thesis(BilevelMethod method, double[] start, int iterations, boolean normalizeUpper) {
        return new MobloToyRun(method, start, iterations, 0.3, 0.05, 50, 0.3, normalizeUpper);
    }

    /** One row of the trace: the state after {@code iteration} iterations. */
    record Row(int iteration, double distance, double stationarityGap, double q, double f1, double f2, double[] z) {
    }

    /** @return rows for iterations 0..K */
    List<Row> run() {
        double[] z = start.clone();
        List<Row> rows = new ArrayList<>();
        rows.add(row(0, z));
        ForumCombiner forum = new ForumCombiner(2, rho, ForumQpMethod.REDUCED);
        UnrolledHypergradient unrolled = new UnrolledHypergradient(MobloToyProblem.oracle(), innerSteps, innerLr);
        HypergradientCombiner mgda = new HypergradientCombiner(UpperCombination.MGDA_RAW);
        for (int k = 0; k < iterations; k++) {
            z = method == BilevelMethod.FORUM ? forumStep(z, forum, k) : momlStep(z, unrolled, mgda);
            rows.add(row(k + 1, z));
        }
        return rows;
    }

    private double[] forumStep(double[] z, ForumCombiner combiner, int k) {
        double a = z[0];
        double w1 = z[1];
        double w2 = z[2];
        for (int t = 0; t < innerSteps; t++) {
            double g1 = 2 * (w1 - a);
            double g2 = 2 * (w2 - a);
            w1 -= innerLr * g1;
            w2 -= innerLr * g2;
        }
        double[] q = {MobloToyProblem.lowerAlphaGradient(a, z[1], z[2]) - MobloToyProblem.lowerAlphaGradient(a, w1, w2),
            2 * (z[1] - a), 2 * (z[2] - a)};
        double[][] vectors = new double[3][];
        for (int i = 0; i < 2; i++) {
            double[] u = MobloToyProblem.upperGradient(i, z);
            if (normalizeUpper) {
                double n = Math.sqrt(dot(u, u));
                for (int c = 0; c < 3; c++) {
                    u[c] /= n + 1e-8;
                }
            }
            vectors[i] = u;
        }
        vectors[2] = q;
        double[][] gram = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                gram[i][j] = dot(vectors[i], vectors[j]);
            }
        }
        ForumCombiner.Weights w = combiner.combine(gram, k);
        double[] lt = w.lambdaTilde();
        double[] next = z.clone();
        for (int c = 0; c < 3; c++) {
            double d = lt[0] * vectors[0][c] + lt[1] * vectors[1][c] + w.nu() * q[c];
            next[c] -= outerLr * d;
        }
        return next;
    }

    private double[] momlStep(double[] z, UnrolledHypergradient unrolled, HypergradientCombiner mgda) {
        double[] alpha = {z[0]};
        INDArray omegaT = unrolled.unroll(alpha, Nd4j.createFromArray(z[1], z[2]));
        double[] zt = {z[0], omegaT.getDouble(0), omegaT.getDouble(1)};
        INDArray[] b = new INDArray[2];
        double[] direct = new double[2];
        for (int i = 0; i < 2; i++) {
            double[] g = MobloToyProblem.upperGradient(i, zt);
            direct[i] = g[0];
            b[i] = Nd4j.createFromArray(g[1], g[2]);
        }
        double[][] h = unrolled.hypergradients(alpha, b);
        for (int i = 0; i < 2; i++) {
            h[i][0] += direct[i];
        }
        double g = mgda.combine(h).direction()[0];
        return new double[] {z[0] - outerLr * g, zt[1], zt[2]};
    }

    private static Row row(int k, double[] z) {
        return new Row(k, MobloToyProblem.distance(z), MobloToyProblem.stationarityGap(z[0]), MobloToyProblem.q(z),
                MobloToyProblem.upper(0, z), MobloToyProblem.upper(1, z), z.clone());
    }

    /** @return the first iteration with distance &lt; threshold, or −1 */
    static int firstBelow(List<Row> rows, double threshold) {
        for (Row r : rows) {
            if (r.distance() < threshold) {
                return r.iteration();
            }
        }
        return -1;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
