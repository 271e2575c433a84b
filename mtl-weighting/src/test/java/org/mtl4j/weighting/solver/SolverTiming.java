package org.mtl4j.weighting.solver;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Timing harness (not a unit test): warm median milliseconds per solve for m ∈ {2, 3, 10, 40}.
 *
 * <pre>
 * cd mtl-weighting &amp;&amp; mvn -q test-compile &amp;&amp; java -cp target/classes:target/test-classes:$(mvn -q \
 *   dependency:build-classpath -Dmdep.outputFile=/dev/stdout) org.mtl4j.weighting.solver.SolverTiming
 * </pre>
 * Each configuration cycles through 8 seeded Gram matrices (p = 2m full rank for even seeds,
 * p = max(1, m/3) rank-deficient for odd seeds), runs 200 warm-up solves and then times 400 solves.
 */
public final class SolverTiming {

    private static final int WARMUP = 200;
    private static final int MEASURED = 400;
    private static final int PROBLEMS = 8;

    private SolverTiming() {
    }

    public static void main(String[] args) {
        int[] sizes = {2, 3, 10, 40};
        System.out.printf("%-28s %10s %10s %10s %10s%n", "solver (median ms / solve)", "m=2", "m=3", "m=10", "m=40");
        for (MinNormSolver.Method method : MinNormSolver.Method.values()) {
            MinNormSolver solver = new MinNormSolver(method, false);
            row("MinNorm " + method, sizes, m -> {
                double[][][] gs = grams(m);
                int[] k = {0};
                return () -> solver.solve(gs[k[0]++ % PROBLEMS]);
            });
        }
        NashBargainingSolver nash = NashBargainingSolver.defaults();
        row("Nash (cold start)", sizes, m -> {
            double[][][] gs = positiveGrams(m);
            int[] k = {0};
            return () -> nash.solve(gs[k[0]++ % PROBLEMS]);
        });
        ShiftedNonNegQp k3 = ShiftedNonNegQp.defaults();
        row("UPGrad weights (m K3s)", sizes, m -> {
            double[][][] gs = grams(m);
            double[] pref = new double[m];
            Arrays.fill(pref, 1.0 / m);
            int[] k = {0};
            return () -> k3.dualConeWeights(gs[k[0]++ % PROBLEMS], pref);
        });
        OjAlgoQpSolver qp = new OjAlgoQpSolver();
        row("FORUM QP (m+1 vars)", sizes, m -> {
            QpProblem[] ps = forumProblems(m);
            int[] k = {0};
            return () -> qp.solve(ps[k[0]++ % PROBLEMS]);
        });
    }

    private interface Bench {
        Supplier<Object> make(int m);
    }

    private static void row(String label, int[] sizes, Bench bench) {
        StringBuilder sb = new StringBuilder(String.format("%-28s", label));
        for (int m : sizes) {
            Supplier<Object> task = bench.make(m);
            for (int i = 0; i < WARMUP; i++) {
                task.get();
            }
            double[] t = new double[MEASURED];
            for (int i = 0; i < MEASURED; i++) {
                long s = System.nanoTime();
                task.get();
                t[i] = (System.nanoTime() - s) / 1e6;
            }
            Arrays.sort(t);
            sb.append(String.format(" %10.4f", t[MEASURED / 2]));
        }
        System.out.println(sb);
    }

    private static double[][][] grams(int m) {
        SplittableRandom rng = new SplittableRandom(m);
        double[][][] gs = new double[PROBLEMS][][];
        for (int k = 0; k < PROBLEMS; k++) {
            int p = k % 2 == 0 ? 2 * m : Math.max(1, m / 3);
            gs[k] = GramFixtures.gram(GramFixtures.gaussian(rng, m, p));
        }
        return gs;
    }

    /** Gradients in a common half-space, so that the Nash system is solvable. */
    private static double[][][] positiveGrams(int m) {
        SplittableRandom rng = new SplittableRandom(m);
        double[][][] gs = new double[PROBLEMS][][];
        for (int k = 0; k < PROBLEMS; k++) {
            double[][] j = GramFixtures.gaussian(rng, m, k % 2 == 0 ? 2 * m : Math.max(1, m / 3));
            for (double[] row : j) {
                row[0] = Math.abs(row[0]) + 1.0;
            }
            gs[k] = GramFixtures.gram(j);
        }
        return gs;
    }

    private static QpProblem[] forumProblems(int m) {
        SplittableRandom rng = new SplittableRandom(m);
        QpProblem[] ps = new QpProblem[PROBLEMS];
        double rho = 0.1;
        for (int k = 0; k < PROBLEMS; k++) {
            double[][] a = GramFixtures.gaussian(rng, m + 1, k % 2 == 0 ? 2 * m + 2 : Math.max(2, m / 3));
            double[] q = a[m];
            double bigQ = GramFixtures.dot(q, q) + 1e-8;
            double[] piRow = new double[m + 1];
            for (int i = 0; i < m; i++) {
                piRow[i] = rho - GramFixtures.dot(q, a[i]) / bigQ;
            }
            piRow[m] = -1;
            double[] c = new double[m + 1];
            c[m] = -rho * bigQ;
            ps[k] = QpProblem.onSimplex(GramFixtures.scaled(GramFixtures.gram(a), 2.0), c, m)
                    .withLowerBound(m, 0.0).withInequality(piRow, 0.0);
        }
        return ps;
    }
}
