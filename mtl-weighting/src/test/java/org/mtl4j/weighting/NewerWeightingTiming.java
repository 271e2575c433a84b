package org.mtl4j.weighting;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.mtl4j.core.weighting.GramianWeighting;
import org.mtl4j.core.weighting.JacobianAggregator;
import org.mtl4j.core.weighting.LossWeighting;
import org.mtl4j.core.weighting.MultiBatchAggregator;
import org.mtl4j.core.weighting.PostStepLossHook;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.WeightingProvider;
import org.mtl4j.core.weighting.WeightingStrategy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Timing of the strategies of {@link NewerWeightingProvider} (not a unit test): default
 * configuration, m ∈ {2, 10}, p = 1e5, float Jacobians with correlated rows (a shared direction,
 * a quarter of the tasks in conflict, norms spread over [0.5, 2]); warm median (min, p90) of what
 * the trainer pays once the Jacobians are known:
 * <ul>
 *   <li>Jacobian aggregators: {@code aggregate(J)};</li>
 *   <li>Gramian weightings: {@code G = JJᵀ} (float GEMM, copied to double) + {@code weigh(G)} + {@code d = Jᵀw},
 *       and separately {@code weigh(G)} alone (the m×m solve);</li>
 *   <li>loss weightings: {@code weigh(L)} (+ the post-step hook) + {@code d = Jᵀw} (the Jacobian
 *       path of the engine; in training they need no Jacobian);</li>
 *   <li>multi-batch strategies: {@code aggregate([J¹ … J^k])} on k distinct Jacobians.</li>
 * </ul>
 * Run (from the repository root, one OpenMP thread):
 * <pre>
 *   mvn -q test-compile -pl mtl-weighting -am
 *   mvn -q -pl mtl-weighting dependency:build-classpath -Dmdep.outputFile=/tmp/mtl-cp.txt -Dmdep.includeScope=test
 *   OMP_NUM_THREADS=1 java -Xmx2g -cp mtl-weighting/target/test-classes:mtl-weighting/target/classes:\
 *       mtl-core/target/classes:$(cat /tmp/mtl-cp.txt) org.mtl4j.weighting.NewerWeightingTiming [methods...]
 * </pre>
 */
public final class NewerWeightingTiming {
    private static final int[] TASKS = {2, 10};
    private static final long P = 100_000;

    private NewerWeightingTiming() {
    }

    /** @param args optional method names (default: every strategy of the provider) */
    public static void main(String[] args) {
        System.out.println("# warm median (min, p90) in ms; float J; p = " + P + "; OMP_NUM_THREADS=" + System.getenv("OMP_NUM_THREADS"));
        System.out.printf(Locale.ROOT, "%-12s %3s  %-28s  %-28s%n", "method", "m", "total", "m×m solve (Gramian only)");
        for (int m : TASKS) {
            List<INDArray> js = new ArrayList<>();
            for (int b = 0; b < 3; b++) {
                js.add(structuredJacobian(m, P, 1000L * m + b));
            }
            double[] losses = new double[m];
            Arrays.fill(losses, 1.0);
            INDArray direction = Nd4j.create(DataType.FLOAT, P);
            for (WeightingProvider.Entry e : new NewerWeightingProvider().entries()) {
                if (args.length > 0 && !Arrays.asList(args).contains(e.name())) {
                    continue;
                }
                WeightingStrategy s = WeightingRegistryHolder.REGISTRY.configure(e.name(), java.util.Map.of()).create(m);
                double[] total = time(5, 21, t -> {
                    StepInfo info = new StepInfo(t, 0, new SplittableRandom(t), List.of());
                    if (s instanceof JacobianAggregator a) {
                        a.aggregate(js.get(0), losses, info, direction);
                    } else if (s instanceof GramianWeighting g) {
                        combine(js.get(0), g.weigh(gram(js.get(0)), losses, info).weights(), direction);
                    } else if (s instanceof LossWeighting l) {
                        combine(js.get(0), l.weigh(losses, info).weights(), direction);
                        if (s instanceof PostStepLossHook h) {
                            h.afterStep(losses, losses);
                        }
                    } else if (s instanceof MultiBatchAggregator mb) {
                        mb.aggregate(js.subList(0, mb.batchesPerStep()), List.of(losses, losses, losses).subList(0,
                                mb.batchesPerStep()), info, direction);
                    }
                });
                String solve = "-";
                if (s instanceof GramianWeighting g) {
                    double[][] gr = gram(js.get(0));
                    solve = format(time(50, 201, t -> g.weigh(gr, losses, new StepInfo(t, 0, new SplittableRandom(t), List.of()))));
                }
                System.out.printf(Locale.ROOT, "%-12s %3d  %-28s  %-28s%n", e.name(), m, format(total), solve);
            }
        }
    }

    /** The registry, loaded once. */
    private static final class WeightingRegistryHolder {
        static final org.mtl4j.core.weighting.WeightingRegistry REGISTRY = org.mtl4j.core.weighting.WeightingRegistry.load();
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
        return new double[] {ms[reps / 2], ms[0], ms[(int) Math.floor(0.9 * (reps - 1))]};
    }

    private static String format(double[] s) {
        return String.format(Locale.ROOT, "%.3f (%.3f, %.3f)", s[0], s[1], s[2]);
    }

    private static double[][] gram(INDArray j) {
        INDArray g = Nd4j.create(j.dataType(), j.rows(), j.rows());
        Nd4j.gemm(j, j, g, false, true, 1.0, 0.0);
        double[][] out = g.toDoubleMatrix();
        for (int a = 0; a < out.length; a++) {
            for (int b = 0; b < a; b++) {
                double v = 0.5 * (out[a][b] + out[b][a]);
                out[a][b] = v;
                out[b][a] = v;
            }
        }
        return out;
    }

    private static void combine(INDArray j, double[] w, INDArray d) {
        INDArray row = Nd4j.create(w).castTo(j.dataType()).reshape(1, w.length);
        Nd4j.gemm(row, j, d.reshape(1, d.length()), false, false, 1.0, 0.0);
    }

    /** Rows g_i = s_i (±u + 0.8 z_i)/‖·‖ with a shared direction u, a quarter of the signs negative. */
    private static INDArray structuredJacobian(int m, long p, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] u = new float[(int) p];
        for (int k = 0; k < p; k++) {
            u[k] = (float) gauss(r);
        }
        float[] data = new float[(int) (m * p)];
        for (int i = 0; i < m; i++) {
            double sign = i % 4 == 3 ? -1 : 1;
            double scale = 0.5 + 1.5 * r.nextDouble();
            double norm = 0;
            for (int k = 0; k < p; k++) {
                double v = sign * u[k] + 0.8 * gauss(r);
                data[(int) (i * p + k)] = (float) v;
                norm += v * v;
            }
            double f = scale / Math.sqrt(norm);
            for (int k = 0; k < p; k++) {
                data[(int) (i * p + k)] *= (float) f;
            }
        }
        return Nd4j.create(data, new long[] {m, p}, 'c');
    }

    private static double gauss(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log1p(-r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
