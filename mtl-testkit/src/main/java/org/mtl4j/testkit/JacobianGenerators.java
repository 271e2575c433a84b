package org.mtl4j.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Seeded generators of structured Jacobians {@code J ∈ R^{m×p}} (rows are per-task gradients
 * {@code g_i}) and their Gramians {@code G = J Jᵀ}, for property tests of weighting strategies.
 *
 * <p>Structures (after TorchJD's matrix samplers, own construction):
 * <pre>
 *   gaussian            J_ij ~ N(0, 1)
 *   ofRank(r)           J = A B, A ∈ R^{m×r}, B ∈ R^{r×p} Gaussian  (rank r almost surely)
 *   stronglyStationary  Σ_i λ_i g_i = 0 for some λ with every λ_i &gt; 0
 *                       (0 in the relative interior of the convex hull of the rows)
 *   weaklyStationary    Σ_i λ_i g_i = 0 for some λ ≥ 0, λ ≠ 0, and (when p ≥ m − 1) for no λ &gt; 0
 *   withZeroRows        Gaussian with the given rows set to 0
 *   withDuplicateRows   rows cycle through k distinct Gaussian rows
 *   withNormSpread      random directions, row norms log-spaced from lo to hi (shuffled)
 *   scaled              c · J
 * </pre>
 * Every generator takes the caller's {@link SplittableRandom}, so a test is reproducible from
 * one seed. Matrices are {@code double[][]} (row i = {@code g_i}); {@link #toArray} converts to
 * an ND4J {@code [m, p]} array of the requested type, and {@link #gramian} computes
 * {@code G} in double precision (from the rounded values for a float array).
 */
public final class JacobianGenerators {
    /** Scale factors used by {@link #standardCases}: 1e-10 … 1e10. */
    public static final double[] SCALES = {1e-10, 1e-5, 1.0, 1e5, 1e10};

    private JacobianGenerators() {
    }

    /** A named test matrix. */
    public record Case(String name, double[][] jacobian) {
        /** Copies. */
        public Case {
            if (name == null || jacobian == null) {
                throw new IllegalArgumentException("name and jacobian must not be null");
            }
            jacobian = copy(jacobian);
        }

        /** @return a copy of the matrix */
        @Override
        public double[][] jacobian() {
            return copy(jacobian);
        }

        /** @return number of rows m */
        public int numTasks() {
            return jacobian.length;
        }

        /** @return number of columns p */
        public int numParams() {
            return jacobian[0].length;
        }
    }

    /** @return {@code J_ij ~ N(0,1)} */
    public static double[][] gaussian(int m, int p, SplittableRandom rng) {
        checkDims(m, p);
        double[][] j = new double[m][p];
        for (double[] row : j) {
            fillGaussian(row, rng);
        }
        return j;
    }

    /**
     * @param rank r with {@code 0 ≤ r ≤ min(m, p)}
     * @return {@code J = A B} with Gaussian factors, of rank r almost surely
     */
    public static double[][] ofRank(int m, int p, int rank, SplittableRandom rng) {
        checkDims(m, p);
        if (rank < 0 || rank > Math.min(m, p)) {
            throw new IllegalArgumentException("rank must be in [0, min(m, p) = " + Math.min(m, p) + "], found " + rank);
        }
        double[][] a = gaussian(m, Math.max(rank, 1), rng);
        double[][] b = gaussian(Math.max(rank, 1), p, rng);
        double[][] j = new double[m][p];
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < rank; k++) {
                for (int c = 0; c < p; c++) {
                    j[i][c] += a[i][k] * b[k][c];
                }
            }
        }
        return j;
    }

    /**
     * Strongly stationary: the first m − 1 rows are Gaussian, the last is
     * {@code g_m = −(Σ_{i<m} λ_i g_i)/λ_m} with {@code λ_i ~ U[0.5, 1.5]}, so
     * {@code Σ λ_i g_i = 0} with every {@code λ_i > 0}. For m = 1 the single row is 0.
     */
    public static double[][] stronglyStationary(int m, int p, SplittableRandom rng) {
        checkDims(m, p);
        double[][] j = new double[m][p];
        if (m == 1) {
            return j;
        }
        double[] lambda = new double[m];
        for (int i = 0; i < m; i++) {
            lambda[i] = 0.5 + rng.nextDouble();
        }
        for (int i = 0; i < m - 1; i++) {
            fillGaussian(j[i], rng);
            for (int c = 0; c < p; c++) {
                j[m - 1][c] -= lambda[i] * j[i][c] / lambda[m - 1];
            }
        }
        return j;
    }

    /**
     * Weakly but (for p ≥ m − 1, almost surely) not strongly stationary: the first m − 1 rows
     * are strongly stationary among themselves (a zero row when m = 2) and the last row is
     * Gaussian. For m = 1 the single row is 0 (weakly and strongly stationary).
     */
    public static double[][] weaklyStationary(int m, int p, SplittableRandom rng) {
        checkDims(m, p);
        double[][] j = new double[m][p];
        if (m == 1) {
            return j;
        }
        double[][] head = stronglyStationary(m - 1, p, rng);
        for (int i = 0; i < m - 1; i++) {
            j[i] = head[i];
        }
        fillGaussian(j[m - 1], rng);
        return j;
    }

    /** @return a Gaussian matrix whose rows {@code zeroRows} are 0 */
    public static double[][] withZeroRows(int m, int p, SplittableRandom rng, int... zeroRows) {
        double[][] j = gaussian(m, p, rng);
        for (int r : zeroRows) {
            if (r < 0 || r >= m) {
                throw new IllegalArgumentException("zero row index must be in [0, " + m + "), found " + r);
            }
            j[r] = new double[p];
        }
        return j;
    }

    /** @return rows {@code g_i = b_{i mod k}} for k distinct Gaussian rows b (1 ≤ k ≤ m) */
    public static double[][] withDuplicateRows(int m, int p, int distinct, SplittableRandom rng) {
        checkDims(m, p);
        if (distinct < 1 || distinct > m) {
            throw new IllegalArgumentException("number of distinct rows must be in [1, " + m + "], found " + distinct);
        }
        double[][] base = gaussian(distinct, p, rng);
        double[][] j = new double[m][];
        for (int i = 0; i < m; i++) {
            j[i] = base[i % distinct].clone();
        }
        return j;
    }

    /**
     * @return rows with random directions and norms {@code lo·(hi/lo)^{k/(m−1)}}, k = 0..m−1, in a
     *         random order (norm lo when m = 1)
     */
    public static double[][] withNormSpread(int m, int p, double lo, double hi, SplittableRandom rng) {
        checkDims(m, p);
        if (!(lo > 0) || !(hi >= lo) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("norm range must satisfy 0 < lo <= hi < inf, found [" + lo + ", " + hi + "]");
        }
        int[] order = permutation(m, rng);
        double[][] j = gaussian(m, p, rng);
        for (int i = 0; i < m; i++) {
            double target = m == 1 ? lo : lo * Math.pow(hi / lo, (double) order[i] / (m - 1));
            double norm = norm(j[i]);
            for (int c = 0; c < p; c++) {
                j[i][c] *= target / norm;
            }
        }
        return j;
    }

    /** @return {@code factor · j} (a new matrix) */
    public static double[][] scaled(double[][] j, double factor) {
        double[][] out = copy(j);
        for (double[] row : out) {
            for (int c = 0; c < row.length; c++) {
                row[c] *= factor;
            }
        }
        return out;
    }

    /**
     * The standard catalogue of degenerate and structured cases for m tasks and p parameters:
     * Gaussian, rank 1, strongly and weakly stationary, all rows zero, one zero row, duplicate
     * rows, norms spread 1e-3 … 1e3, every scale in {@link #SCALES}, plus the shape cases
     * m = 1 and m &gt; p (these two use their own sizes).
     *
     * @param m    number of tasks (≥ 1)
     * @param p    number of parameters (≥ 1)
     * @param seed seed of the generator
     * @return named matrices
     */
    public static List<Case> standardCases(int m, int p, long seed) {
        checkDims(m, p);
        SplittableRandom rng = new SplittableRandom(seed);
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("gaussian", gaussian(m, p, rng)));
        cases.add(new Case("rank 1", ofRank(m, p, 1, rng)));
        cases.add(new Case("strongly stationary", stronglyStationary(m, p, rng)));
        cases.add(new Case("weakly stationary", weaklyStationary(m, p, rng)));
        cases.add(new Case("all rows zero", new double[m][p]));
        cases.add(new Case("one zero row", withZeroRows(m, p, rng, 0)));
        cases.add(new Case("duplicate rows", withDuplicateRows(m, p, Math.max(1, m / 2), rng)));
        cases.add(new Case("norms 1e-3..1e3", withNormSpread(m, p, 1e-3, 1e3, rng)));
        double[][] base = gaussian(m, p, rng);
        for (double s : SCALES) {
            cases.add(new Case("scaled by " + s, scaled(base, s)));
        }
        cases.add(new Case("m = 1", gaussian(1, p, rng)));
        cases.add(new Case("m > p", gaussian(Math.max(m, 2) + 2, Math.max(1, Math.min(p, Math.max(m, 2) + 1)), rng)));
        return cases;
    }

    /** @return {@code j} as an ND4J {@code [m, p]} c-order array of the given floating type */
    public static INDArray toArray(double[][] j, DataType type) {
        if (type != DataType.DOUBLE && type != DataType.FLOAT) {
            throw new IllegalArgumentException("data type must be DOUBLE or FLOAT, found " + type);
        }
        int m = j.length;
        int p = j[0].length;
        double[] flat = new double[m * p];
        for (int i = 0; i < m; i++) {
            if (j[i].length != p) {
                throw new IllegalArgumentException("row " + i + " has length " + j[i].length + ", expected " + p);
            }
            System.arraycopy(j[i], 0, flat, i * p, p);
        }
        INDArray d = Nd4j.create(flat, new long[] {m, p}, DataType.DOUBLE);
        return type == DataType.DOUBLE ? d : d.castTo(DataType.FLOAT);
    }

    /** @return the rows of an {@code [m, p]} array as doubles */
    public static double[][] toMatrix(INDArray j) {
        if (j.rank() != 2) {
            throw new IllegalArgumentException("expected a [m, p] matrix, found shape " + java.util.Arrays.toString(j.shape()));
        }
        int m = (int) j.size(0);
        int p = (int) j.size(1);
        double[] flat = j.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[][] out = new double[m][p];
        for (int i = 0; i < m; i++) {
            System.arraycopy(flat, i * p, out[i], 0, p);
        }
        return out;
    }

    /** @return {@code G = J Jᵀ} in double precision, exactly symmetric */
    public static double[][] gramian(double[][] j) {
        int m = j.length;
        double[][] g = new double[m][m];
        for (int a = 0; a < m; a++) {
            for (int b = a; b < m; b++) {
                double s = 0;
                for (int c = 0; c < j[a].length; c++) {
                    s += j[a][c] * j[b][c];
                }
                g[a][b] = s;
                g[b][a] = s;
            }
        }
        return g;
    }

    /** @return {@code G = J Jᵀ} in double precision from an ND4J Jacobian (float values are widened first) */
    public static double[][] gramian(INDArray j) {
        return gramian(toMatrix(j));
    }

    /** @return a deep copy */
    public static double[][] copy(double[][] a) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }

    private static void checkDims(int m, int p) {
        if (m < 1) {
            throw new IllegalArgumentException("number of tasks m must be >= 1, found " + m);
        }
        if (p < 1) {
            throw new IllegalArgumentException("number of parameters p must be >= 1, found " + p);
        }
    }

    private static void fillGaussian(double[] row, SplittableRandom rng) {
        for (int c = 0; c < row.length; c++) {
            row[c] = rng.nextGaussian();
        }
    }


    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    private static int[] permutation(int m, SplittableRandom rng) {
        int[] a = new int[m];
        for (int i = 0; i < m; i++) {
            a[i] = i;
        }
        for (int i = m - 1; i > 0; i--) {
            int k = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[k];
            a[k] = t;
        }
        return a;
    }
}
