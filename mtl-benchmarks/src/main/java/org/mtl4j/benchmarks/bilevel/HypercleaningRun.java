package org.mtl4j.benchmarks.bilevel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.mtl4j.weighting.bilevel.ForumCombiner;
import org.mtl4j.weighting.bilevel.ForumQpMethod;
import org.mtl4j.weighting.bilevel.HypergradientCombiner;
import org.mtl4j.weighting.bilevel.LogitOptimizer;
import org.mtl4j.weighting.bilevel.UnrolledHypergradient;
import org.mtl4j.weighting.bilevel.UpperCombination;
import org.mtl4j.weighting.bilevel.ValueFunctionConstraint;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Multi-task data hyper-cleaning as a bi-level problem with per-sample weights (thesis §3.7.1;
 * benchmarks.md §7): one task per dataset, a shared MLP with a head per dataset
 * ({@link CleaningNetwork}), α = one logit per noisy training sample,
 * <pre>
 *   min_α ( F_1(ω*(α)), …, F_m(ω*(α)) ),   F_t = mean cross-entropy of head t on dataset t's clean val1
 *   ω*(α) = argmin_ω Σ_t (1/n_t) Σ_j σ(α_j) ℓ_j(ω)                       ({@link CleaningLowerLevel})
 * </pre>
 * The loop reuses the library's update math, the same code as the task-weighting strategies:
 * <pre>
 *   FORUM: q = {@link ValueFunctionConstraint} (T steps, η);  u_t = (0, ∇_ω F_t(ω)) normalised;
 *          (λ̃, ν) = {@link ForumCombiner} (QP + momentum β = (k+1)^{−3/4});
 *          ω ← ω − μ (Σ λ̃_t u_t + ν q_ω);   α ← optimiser(α, ν q_α)
 *   MOML:  ω_T = {@link UnrolledHypergradient#unroll} (T steps, η);  h_t from the reverse recurrence with
 *          b_t = ∇_ω F_t(ω_T);  g = MGDA on the normalised h_t ({@link HypergradientCombiner});
 *          α ← optimiser(α, g);  ω ← ω_T   (warm start)
 * </pre>
 * A sample counts as kept when α_j ≥ 0 (σ(α_j) ≥ ½); F1 compares the kept set with the truly
 * clean samples. Not thread-safe; ND4J's default data type must be FLOAT.
 */
final class HypercleaningRun {
    private final HypercleaningConfig config;
    private final List<CleaningTask> tasks;
    private final long seed;
    private final int gcEvery;

    HypercleaningRun(HypercleaningConfig config, List<CleaningTask> tasks, long seed) {
        this(config, tasks, seed, 0);
    }

    /**
     * @param gcEvery a full JVM collection every this many iterations (0 = never), so that ND4J's
     *                native buffers of dead temporaries are freed; it does not change the results
     */
    HypercleaningRun(HypercleaningConfig config, List<CleaningTask> tasks, long seed, int gcEvery) {
        if (gcEvery < 0) {
            throw new IllegalArgumentException("gcEvery must be >= 0 iterations, found " + gcEvery);
        }
        this.config = config;
        this.tasks = List.copyOf(tasks);
        this.seed = seed;
        this.gcEvery = gcEvery;
    }

    /**
     * Quality of the cleaned set of one dataset: the kept set (α ≥ 0) against the truly clean
     * samples, and the threshold-free AUC of α as a clean-vs-corrupted score (ties count ½).
     */
    record Cleaning(double precision, double recall, double f1, int kept, int cleanKept, double auc) {
    }

    /** Per-dataset results. */
    record TaskResult(String name, double testAccuracy, double val2Accuracy, Cleaning cleaning) {
    }

    /** One recorded point of the run. */
    record Point(int iteration, double[] f1, double[] testAccuracy, double seconds) {
    }

    /** The run's results. */
    record Result(List<TaskResult> tasks, List<Point> trace, double secondsPerIteration, long numParams) {
    }

    Result run() {
        int m = tasks.size();
        CleaningNetwork net = new CleaningNetwork(m, DataType.FLOAT, seed, config.hidden1(), config.hidden2());
        int[] offsets = new int[m];
        int n = 0;
        for (int t = 0; t < m; t++) {
            offsets[t] = n;
            n += tasks.get(t).trainY().length;
        }
        double[] alpha = new double[n];
        LogitOptimizer alphaOpt = new LogitOptimizer(config.alphaOptimizer(), n);
        INDArray omega = net.params().dup();
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
        ForumCombiner forum = new ForumCombiner(m, config.rho(), ForumQpMethod.REDUCED);
        HypergradientCombiner mgda = new HypergradientCombiner(UpperCombination.MGDA_L2);
        long p = net.numParams();
        INDArray rows = Nd4j.createUninitialized(DataType.FLOAT, m + 1, p);
        List<Point> trace = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int k = 0; k < config.iterations(); k++) {
            int[][] batch = new int[m][];
            for (int t = 0; t < m; t++) {
                batch[t] = sample(tasks.get(t).trainY().length, config.lowerBatch(), rng);
            }
            UpperData[] upper = new UpperData[m];
            for (int t = 0; t < m; t++) {
                upper[t] = upperData(t, rng);
            }
            CleaningLowerLevel ll = new CleaningLowerLevel(net, tasks, batch, offsets, n, config.fdScale());
            if (config.method() == BilevelMethod.FORUM) {
                ValueFunctionConstraint.Gradient q = ValueFunctionConstraint.compute(ll, alpha, omega, config.innerSteps(),
                        config.innerLr(), 1e5);
                for (int t = 0; t < m; t++) {
                    INDArray row = rows.getRow(t);
                    upperGradient(net, t, upper[t], omega, row);
                    if (config.normalizeUpper()) {
                        row.muli(1.0 / (row.norm2Number().doubleValue() + 1e-8));
                    }
                }
                rows.getRow(m).assign(q.omegaPart());
                double[][] gram = gram(rows);
                double qa = 0;
                for (double v : q.alphaPart()) {
                    qa += v * v;
                }
                gram[m][m] += qa;
                ForumCombiner.Weights w = forum.combine(gram, k);
                double[] coef = new double[m + 1];
                System.arraycopy(w.lambdaTilde(), 0, coef, 0, m);
                coef[m] = w.nu();
                INDArray d = Nd4j.create(new double[][] {coef}).castTo(DataType.FLOAT).mmul(rows).reshape(p);
                requireFinite(d, "FORUM direction D_ω");
                omega.subi(d.muli(config.modelLr()));
                double[] dAlpha = q.alphaPart();
                for (int j = 0; j < dAlpha.length; j++) {
                    dAlpha[j] *= w.nu();
                }
                alphaOpt.step(alpha, dAlpha, config.alphaLr());
            } else {
                UnrolledHypergradient unrolled = new UnrolledHypergradient(ll, config.innerSteps(), config.innerLr());
                INDArray omegaT = unrolled.unroll(alpha, omega);
                INDArray[] b = new INDArray[m];
                for (int t = 0; t < m; t++) {
                    b[t] = Nd4j.createUninitialized(DataType.FLOAT, p);
                    upperGradient(net, t, upper[t], omegaT, b[t]);
                }
                double[][] h = unrolled.hypergradients(alpha, b);
                unrolled.release();
                alphaOpt.step(alpha, mgda.combine(h).direction(), config.alphaLr());
                omega.assign(omegaT);
            }
            if (gcEvery > 0 && (k + 1) % gcEvery == 0) {
                System.gc();
            }
            boolean last = k == config.iterations() - 1;
            if (last || (config.evalEvery() > 0 && (k + 1) % config.evalEvery() == 0)) {
                double[] f1 = new double[m];
                double[] acc = new double[m];
                net.params().assign(omega);
                for (int t = 0; t < m; t++) {
                    f1[t] = cleaning(alpha, offsets[t], tasks.get(t)).f1();
                    acc[t] = accuracy(net, t, tasks.get(t).testX(), tasks.get(t).testY());
                }
                trace.add(new Point(k + 1, f1, acc, (System.nanoTime() - t0) / 1e9));
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        net.params().assign(omega);
        List<TaskResult> results = new ArrayList<>();
        for (int t = 0; t < m; t++) {
            CleaningTask task = tasks.get(t);
            double val2 = task.val2Y().length == 0 ? Double.NaN : accuracy(net, t, task.val2X(), task.val2Y());
            results.add(new TaskResult(task.name(), accuracy(net, t, task.testX(), task.testY()), val2,
                    cleaning(alpha, offsets[t], task)));
        }
        return new Result(results, trace, secs / config.iterations(), p);
    }

    /** Inputs and one-hot labels of one upper-level gradient. */
    private record UpperData(INDArray x, INDArray y) {
    }

    private UpperData upperData(int t, SplittableRandom rng) {
        CleaningTask task = tasks.get(t);
        int n = task.val1Y().length;
        if (config.upperBatch() == 0 || config.upperBatch() >= n) {
            return new UpperData(task.val1X(), CleaningTask.oneHot(task.val1Y()));
        }
        int[] idx = sample(n, config.upperBatch(), rng);
        int[] y = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            y[i] = task.val1Y()[idx[i]];
        }
        return new UpperData(task.val1X().getRows(idx), CleaningTask.oneHot(y));
    }

    /** ∇_ω F_t(ω) (mean cross-entropy of head t on the upper data) into {@code out}; zero on the other heads. */
    private static void upperGradient(CleaningNetwork net, int t, UpperData u, INDArray omega, INDArray out) {
        net.params().assign(omega);
        long n = u.x().rows();
        INDArray w = Nd4j.valueArrayOf(new long[] {n, 1}, 1.0 / n, DataType.FLOAT);
        net.weightedGradient(t, u.x(), u.y(), w, false);
        out.assign(net.gradients().reshape(out.shape()));
    }

    /** @return {@code size} distinct indices of [0, n) (all of them, in order, when size is 0 or ≥ n) */
    static int[] sample(int n, int size, SplittableRandom rng) {
        if (size == 0 || size >= n) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = 0; i < size; i++) {
            int j = i + rng.nextInt(n - i);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        int[] out = java.util.Arrays.copyOf(p, size);
        java.util.Arrays.sort(out);
        return out;
    }

    static Cleaning cleaning(double[] alpha, int offset, CleaningTask task) {
        boolean[] clean = task.clean();
        int kept = 0;
        int cleanKept = 0;
        int cleanTotal = 0;
        for (int j = 0; j < clean.length; j++) {
            boolean keep = alpha[offset + j] >= 0;
            kept += keep ? 1 : 0;
            cleanKept += keep && clean[j] ? 1 : 0;
            cleanTotal += clean[j] ? 1 : 0;
        }
        double precision = kept == 0 ? 0 : (double) cleanKept / kept;
        double recall = cleanTotal == 0 ? 0 : (double) cleanKept / cleanTotal;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new Cleaning(precision, recall, f1, kept, cleanKept, auc(alpha, offset, clean));
    }

    /** Mann–Whitney AUC of α: the probability that a clean sample has a larger α than a corrupted one. */
    static double auc(double[] alpha, int offset, boolean[] clean) {
        int n = clean.length;
        Integer[] order = new Integer[n];
        for (int j = 0; j < n; j++) {
            order[j] = j;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(alpha[offset + a], alpha[offset + b]));
        double rankSumClean = 0;
        long nClean = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && alpha[offset + order[j + 1]] == alpha[offset + order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (clean[order[k]]) {
                    rankSumClean += rank;
                    nClean++;
                }
            }
            i = j + 1;
        }
        long nNoisy = n - nClean;
        if (nClean == 0 || nNoisy == 0) {
            return Double.NaN;
        }
        return (rankSumClean - nClean * (nClean + 1) / 2.0) / ((double) nClean * nNoisy);
    }

    static double accuracy(CleaningNetwork net, int t, INDArray x, int[] y) {
        int[] pred = net.predict(t, x);
        int ok = 0;
        for (int i = 0; i < y.length; i++) {
            ok += pred[i] == y[i] ? 1 : 0;
        }
        return (double) ok / y.length;
    }

    private static double[][] gram(INDArray rows) {
        INDArray d = rows.castTo(DataType.DOUBLE);
        INDArray g = Nd4j.createUninitialized(DataType.DOUBLE, rows.rows(), rows.rows());
        Nd4j.gemm(d, d, g, false, true, 1.0, 0.0);
        double[][] out = g.toDoubleMatrix();
        for (int i = 0; i < out.length; i++) {
            for (int j = i + 1; j < out.length; j++) {
                double s = 0.5 * (out[i][j] + out[j][i]);
                out[i][j] = s;
                out[j][i] = s;
            }
        }
        return out;
    }

    private static void requireFinite(INDArray v, String what) {
        double nv = v.norm2Number().doubleValue();
        if (!Double.isFinite(nv)) {
            throw new org.mtl4j.core.grad.NonFiniteException(what + " is not finite (norm " + nv
                    + "); lower the learning rates");
        }
    }

    /** @return the configuration as a map for the result line */
    Map<String, Object> describe() {
        Map<String, Object> c = new LinkedHashMap<>();
        for (var rc : HypercleaningConfig.class.getRecordComponents()) {
            try {
                Object v = rc.getAccessor().invoke(config);
                c.put(rc.getName(), v instanceof Enum<?> e ? e.name() : v);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return c;
    }
}
