package org.mtl4j.weighting;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.mtl4j.core.weighting.GramianWeighting;
import org.mtl4j.core.weighting.JacobianAggregator;
import org.mtl4j.core.weighting.LossWeighting;
import org.mtl4j.core.weighting.ParameterBlocksAware;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.WeightingConfig;
import org.mtl4j.core.weighting.WeightingProvider;
import org.mtl4j.core.weighting.WeightingRegistry;
import org.mtl4j.core.weighting.WeightingStrategy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Timing of the gradient-level strategies (not a unit test): for each registered strategy of
 * {@link GradientWeightingProvider} with default configuration, m ∈ {2, 3, 10, 40} and
 * p ∈ {1e4, 1e6}, a float Jacobian with correlated rows (shared direction, a quarter of the tasks
 * in conflict, norms spread over [0.5, 2]) and the warm median / min / p90 of
 * <ul>
 *   <li>{@code total}: what the trainer pays once J is known. Jacobian aggregators: {@code aggregate(J)}.
 *       Gramian weightings: {@code G = JJᵀ} (float GEMM, copied to double) + {@code weigh(G)} +
 *       {@code d = Jᵀw};</li>
 *   <li>{@code solve}: the m×m part only, on a fresh instance each call (cold start). Gramian
 *       weightings: {@code weigh(G)}. Jacobian aggregators
 *       that work on the Gram matrix: {@code aggregate} on the m×m Cholesky factor L of G (same Gram,
 *       so the same m×m problem; PCGrad, GradVac, CAGrad); GradDrop has no m×m part.</li>
 * </ul>
 * Run (from the repository root, one OpenMP thread):
 * <pre>
 *   mvn -q test-compile -pl mtl-weighting -am
 *   mvn -q -pl mtl-weighting dependency:build-classpath -Dmdep.outputFile=/tmp/mtl-cp.txt -Dmdep.includeScope=test
 *   OMP_NUM_THREADS=1 java -Xmx2g -cp mtl-weighting/target/test-classes:mtl-weighting/target/classes:\
 *       mtl-core/target/classes:$(cat /tmp/mtl-cp.txt) org.mtl4j.weighting.WeightingTiming [methods...]
 * </pre>
 */
public final class WeightingTiming {
    private static final int[] TASKS = {2, 3, 10, 40};
    private static final long[] PARAMS = {10_000, 1_000_000};

    private WeightingTiming() {
    }

    /** @param args optional method names (default: every gradient strategy) */
    public static void main(String[] args) {
        WeightingRegistry registry = WeightingRegistry.load();
        List<String> names = new ArrayList<>();
        for (WeightingProvider.Entry e : new GradientWeightingProvider().entries()) {
            if (args.length == 0 || Arrays.asList(args).contains(e.name())) {
                names.add(e.name());
            }
        }
        System.out.println("# warm median (min, p90) in ms; float J; OMP_NUM_THREADS=" + System.getenv("OMP_NUM_THREADS"));
        System.out.printf(Locale.ROOT, "%-9s %3s %8s  %-26s  %-26s  %s%n", "method", "m", "p", "total", "solve (m×m)", "diagnostics");
        for (long p : PARAMS) {
            for (int m : TASKS) {
                INDArray jacobian = structuredJacobian(m, p, 1000L * m + p);
                double[][] gram = gram(jacobian);
                INDArray factor = Nd4j.create(cholesky(gram));
                double[] losses = new double[m];
                Arrays.fill(losses, 1.0);
                INDArray direction = Nd4j.create(DataType.FLOAT, p);
                INDArray smallDirection = Nd4j.create(DataType.DOUBLE, m);
                int warm = p > 100_000 ? 3 : 20;
                int reps = p > 100_000 ? 11 : 51;
                for (String name : names) {
                    WeightingConfig config = registry.configure(name, Map.of());
                    WeightingStrategy s = config.create(m);
                    if (s instanceof ParameterBlocksAware pba) {
                        pba.setParameterBlocks(split(p, 4), split(p, 8));
                    }
                    String[] diagnostics = {""};
                    // total: one instance over consecutive steps (warm starts and state as in training)
                    double[] total = time(warm, reps, t -> {
                        if (s instanceof JacobianAggregator a) {
                            diagnostics[0] = a.aggregate(jacobian, losses, step(t), direction).diagnostics().toString();
                        } else if (s instanceof GramianWeighting g) {
                            double[][] gt = gram(jacobian);
                            double[] w = g.weigh(gt, losses, step(t)).weights();
                            combine(jacobian, w, direction);
                        } else if (s instanceof LossWeighting l) {
                            combine(jacobian, l.weigh(losses, step(t)).weights(), direction);
                        }
                    });
                    // m×m part, cold: a fresh instance per call (no warm start from an identical previous step)
                    double[] solve = null;
                    if (s instanceof GramianWeighting) {
                        solve = time(warm * 10, reps * 10, t -> diagnostics[0] = ((GramianWeighting) config.create(m))
                                .weigh(gram, losses, step(t)).diagnostics().toString());
                    } else if (s instanceof JacobianAggregator && !name.equals("graddrop")) {
                        solve = time(warm * 10, reps * 10, t -> ((JacobianAggregator) config.create(m))
                                .aggregate(factor, losses, step(t), smallDirection));
                    }
                    System.out.printf(Locale.ROOT, "%-9s %3d %8d  %-26s  %-26s  %s%n", name, m, p, format(total),
                            solve == null ? "-" : format(solve), diagnostics[0]);
                }
            }
        }
    }

    private interface Body {
        void run(long step);
    }

    private static double[] time(int warm, int reps, Body body) {
        long t = 1;
        for (int i = 0; i < warm; i++) {
            body.run(t++);
        }
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            long start = System.nanoTime();
            body.run(t++);
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {ms[reps / 2], ms[0], ms[(int) Math.ceil(0.9 * reps) - 1]};
    }

    private static String format(double[] t) {
        return String.format(Locale.ROOT, "%8.3f (%7.3f, %8.3f)", t[0], t[1], t[2]);
    }

    private static StepInfo step(long t) {
        return new StepInfo(t, 0, new SplittableRandom(t * 0x9E3779B97F4A7C15L), List.of());
    }

    private static long[] split(long p, int parts) {
        long[] sizes = new long[parts];
        for (int i = 0; i < parts; i++) {
            sizes[i] = p / parts + (i < p % parts ? 1 : 0);
        }
        return sizes;
    }

    /** Rows {@code g_i = scale_i (±0.6 s + n_i)}: shared direction s, every fourth task in conflict. */
    private static INDArray structuredJacobian(int m, long p, long seed) {
        INDArray j = Nd4j.create(DataType.FLOAT, m, p);
        INDArray shared = Nd4j.create(DataType.FLOAT, p);
        try (Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed)) {
            Nd4j.getExecutioner().exec(new GaussianDistribution(j, 0.0, 1.0), rng);
            Nd4j.getExecutioner().exec(new GaussianDistribution(shared, 0.0, 1.0), rng);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < m; i++) {
            double sign = i % 4 == 3 ? -1 : 1;
            double scale = Math.exp((r.nextDouble() * 2 - 1) * Math.log(2));
            INDArray row = j.getRow(i);
            Nd4j.getBlasWrapper().level1().axpy(p, 0.6 * sign, shared, row);
            row.muli(scale / Math.sqrt(p));
        }
        return j;
    }

    private static double[][] gram(INDArray j) {
        INDArray g = Nd4j.create(j.dataType(), j.rows(), j.rows());
        Nd4j.gemm(j, j, g, false, true, 1.0, 0.0);
        double[][] out = g.toDoubleMatrix();
        for (int a = 0; a < out.length; a++) {
            for (int b = 0; b < a; b++) {
                double s = 0.5 * (out[a][b] + out[b][a]);
                out[a][b] = s;
                out[b][a] = s;
            }
        }
        return out;
    }

    private static void combine(INDArray j, double[] w, INDArray out) {
        out.assign(0.0);
        for (int i = 0; i < w.length; i++) {
            Nd4j.getBlasWrapper().level1().axpy(j.columns(), w[i], j.getRow(i), out);
        }
    }

    /** @return L with L Lᵀ = G (a tiny ridge is added if G is not numerically positive definite) */
    private static double[][] cholesky(double[][] g) {
        int m = g.length;
        for (double ridge = 0; ; ridge = ridge == 0 ? 1e-12 : ridge * 10) {
            double[][] l = new double[m][m];
            boolean ok = true;
            for (int i = 0; i < m && ok; i++) {
                for (int k = 0; k <= i; k++) {
                    double s = g[i][k] + (i == k ? ridge * g[i][i] : 0);
                    for (int q = 0; q < k; q++) {
                        s -= l[i][q] * l[k][q];
                    }
                    if (i == k) {
                        if (!(s > 0)) {
                            ok = false;
                            break;
                        }
                        l[i][i] = Math.sqrt(s);
                    } else {
                        l[i][k] = s / l[k][k];
                    }
                }
            }
            if (ok) {
                return l;
            }
        }
    }
}
