package org.mtl4j.benchmarks.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.mtl4j.core.io.AtomicFiles;
import org.mtl4j.core.weighting.GramianWeighting;
import org.mtl4j.core.weighting.JacobianAggregator;
import org.mtl4j.core.weighting.LossWeighting;
import org.mtl4j.core.weighting.MultiBatchAggregator;
import org.mtl4j.core.weighting.ParameterBlocksAware;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.StepWeights;
import org.mtl4j.core.weighting.WeightingProvider;
import org.mtl4j.core.weighting.WeightingRegistry;
import org.mtl4j.core.weighting.WeightingStrategy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mtl4j bench weighting}: time of each registered loss/Gramian/Jacobian/multi-batch strategy's
 * aggregation given a float Jacobian J [m, p] with random conflicting rows: for Gramian and loss
 * strategies the weights from G (the solver alone) and the combination d = Jᵀw, for Jacobian
 * aggregators the whole {@code aggregate} call given G (as the gradient engine calls it; those that
 * read J only through G then skip their own pass over J). The Gramian itself (J cast to double, G = J Jᵀ)
 * is timed once per (m, p) and reported as its own row, since the engine forms it once per step
 * for every Gramian strategy. Multi-batch strategies are timed on {@code batchesPerStep()} Jacobians
 * (J and scaled copies of it), the whole {@code aggregate} call.
 */
@Command(name = "weighting", description = "Time each strategy's aggregation given J (m x p).")
public final class BenchWeightingCommand implements Callable<Integer> {
    @Option(names = "--tasks", split = ",", description = "Numbers of tasks m (default: 2,3,10,40).")
    int[] tasks = {2, 3, 10, 40};

    @Option(names = "--params", split = ",", description = "Numbers of shared parameters p (default: 10000,1000000).")
    long[] params = {10_000, 1_000_000};

    @Option(names = "--repeats", description = "Timed calls per case (default: ${DEFAULT-VALUE}).")
    int repeats = 15;

    @Option(names = "--methods", split = ",", description = "Strategies to time (default: every loss/gramian/jacobian/multi-batch one).")
    List<String> methods;

    @Option(names = "--out", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("runs", "bench-weighting");

    @Override
    public Integer call() throws IOException {
        if (repeats < 1) {
            throw new IllegalArgumentException("--repeats must be >= 1, found " + repeats);
        }
        WeightingRegistry reg = WeightingRegistry.load();
        List<String> names = new ArrayList<>();
        if (methods == null) {
            for (WeightingProvider.Entry e : reg.entries()) {
                names.add(e.name());
            }
        } else {
            names.addAll(methods);
        }
        Files.createDirectories(out);
        List<Map<String, Object>> rows = new ArrayList<>();
        System.out.printf("%-14s %4s %9s %11s %11s%n", "method", "m", "p", "median ms", "solver ms");
        for (long p : params) {
            for (int m : tasks) {
                if (m < 1 || p < 1) {
                    throw new IllegalArgumentException("m and p must be >= 1, found m=" + m + ", p=" + p);
                }
                INDArray j = jacobian(m, p);
                INDArray jd = Nd4j.createUninitialized(DataType.DOUBLE, m, p);
                INDArray g64 = Nd4j.createUninitialized(DataType.DOUBLE, m, m);
                double[] gramTimes = new double[repeats];
                double[][] gram = null;
                for (int r = 0; r < repeats + 2; r++) {
                    long t0 = System.nanoTime();
                    jd.assign(j);
                    Nd4j.gemm(jd, jd, g64, false, true, 1.0, 0.0);
                    gram = g64.toDoubleMatrix();
                    if (r >= 2) {
                        gramTimes[r - 2] = (System.nanoTime() - t0) / 1e6;
                    }
                }
                rows.add(row("(gramian)", m, p, gramTimes, null));
                List<INDArray> batchJacobians = new ArrayList<>(List.of(j));
                double[] losses = new double[m];
                Arrays.fill(losses, 1.0);
                INDArray dir = Nd4j.createUninitialized(DataType.FLOAT, p);
                INDArray wRow = Nd4j.createUninitialized(DataType.FLOAT, 1, m);
                for (String name : names) {
                    WeightingStrategy s = reg.configure(name, Map.of()).create(m);
                    if (!(s instanceof LossWeighting || s instanceof GramianWeighting || s instanceof JacobianAggregator
                            || s instanceof MultiBatchAggregator)) {
                        continue;
                    }
                    if (s instanceof ParameterBlocksAware pba) {
                        pba.setParameterBlocks(new long[] {p}, new long[] {p});
                    }
                    double[] total = new double[repeats];
                    double[] solver = new double[repeats];
                    for (int r = 0; r < repeats + 2; r++) {
                        StepInfo info = new StepInfo(r + 1, r / 5, new SplittableRandom(r), List.of(losses, losses));
                        long t0 = System.nanoTime();
                        double solveMs;
                        if (s instanceof JacobianAggregator ja) {
                            // as in the engine: the aggregator is handed the step's Gramian (timed in its own row)
                            ja.aggregate(j, copy(gram), losses, info, dir);
                            solveMs = Double.NaN;
                        } else if (s instanceof MultiBatchAggregator mb) {
                            int k = mb.batchesPerStep();
                            while (batchJacobians.size() < k) {
                                batchJacobians.add(j.mul(1.0 + 0.25 * batchJacobians.size()));
                            }
                            mb.aggregate(batchJacobians.subList(0, k), java.util.Collections.nCopies(k, losses), info, dir);
                            solveMs = Double.NaN;
                        } else {
                            StepWeights sw = s instanceof GramianWeighting gw ? gw.weigh(copy(gram), losses, info)
                                    : ((LossWeighting) s).weigh(losses, info);
                            solveMs = (System.nanoTime() - t0) / 1e6;
                            for (int i = 0; i < m; i++) {
                                wRow.putScalar(0, i, sw.weights()[i]);
                            }
                            Nd4j.gemm(wRow, j, dir.reshape(1, p), false, false, 1.0, 0.0);
                        }
                        if (r >= 2) {
                            total[r - 2] = (System.nanoTime() - t0) / 1e6;
                            solver[r - 2] = solveMs;
                        }
                    }
                    rows.add(row(name, m, p, total, s instanceof JacobianAggregator || s instanceof MultiBatchAggregator ? null : solver));
                }
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "weighting aggregation given J (float32), median over " + repeats + " calls");
        result.put("rows", rows);
        result.put("ompNumThreads", System.getenv("OMP_NUM_THREADS"));
        Path json = out.resolve("bench-weighting.json");
        AtomicFiles.writeJson(json, result);
        Map<String, Object> res = new LinkedHashMap<>(result);
        res.put("files", List.of(json.toString()));
        ResultLine.print(System.out, res);
        return 0;
    }

    private static INDArray jacobian(int m, long p) {
        Nd4j.getRandom().setSeed(m * 31L + p);
        INDArray common = Nd4j.randn(DataType.FLOAT, 1, p);
        INDArray j = Nd4j.randn(DataType.FLOAT, m, p);
        for (int i = 0; i < m; i++) {
            j.getRow(i).addi(common.reshape(p).mul(i % 2 == 0 ? 0.5 : -0.5)).muli(1.0 + i);
        }
        return j;
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static Map<String, Object> row(String name, int m, long p, double[] total, double[] solver) {
        double med = median(total);
        double sol = solver == null ? Double.NaN : median(solver);
        System.out.printf("%-14s %4d %9d %11.4f %11s%n", name, m, p, med, solver == null ? "-" : String.format("%.4f", sol));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("method", name);
        r.put("m", m);
        r.put("p", p);
        r.put("medianMs", med);
        r.put("solverMedianMs", sol);
        return r;
    }

    private static double[][] copy(double[][] g) {
        double[][] c = new double[g.length][];
        for (int i = 0; i < g.length; i++) {
            c[i] = g[i].clone();
        }
        return c;
    }
}
