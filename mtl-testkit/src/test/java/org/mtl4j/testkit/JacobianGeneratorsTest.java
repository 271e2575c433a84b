package org.mtl4j.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Structural properties of the generated matrices, checked by independent computations. */
class JacobianGeneratorsTest {

    /** Rank by Gaussian elimination with partial pivoting, relative tolerance 1e-9. */
    static int rank(double[][] a) {
        double[][] b = JacobianGenerators.copy(a);
        int rows = b.length;
        int cols = b[0].length;
        double max = 0;
        for (double[] r : b) {
            for (double v : r) {
                max = Math.max(max, Math.abs(v));
            }
        }
        double tol = 1e-9 * Math.max(max, Double.MIN_NORMAL);
        int rank = 0;
        for (int c = 0; c < cols && rank < rows; c++) {
            int piv = rank;
            for (int r = rank + 1; r < rows; r++) {
                if (Math.abs(b[r][c]) > Math.abs(b[piv][c])) {
                    piv = r;
                }
            }
            if (Math.abs(b[piv][c]) <= tol) {
                continue;
            }
            double[] t = b[piv];
            b[piv] = b[rank];
            b[rank] = t;
            for (int r = rank + 1; r < rows; r++) {
                double f = b[r][c] / b[rank][c];
                for (int k = c; k < cols; k++) {
                    b[r][k] -= f * b[rank][k];
                }
            }
            rank++;
        }
        return rank;
    }

    /** Solves {@code Σ_{i<m} λ_i g_i = −g_m} by the normal equations; returns λ (length m−1). */
    static double[] combination(double[][] j) {
        int n = j.length - 1;
        double[][] g = JacobianGenerators.gramian(Arrays.copyOf(j, n));
        double[] rhs = new double[n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < j[0].length; c++) {
                rhs[i] -= j[i][c] * j[n][c];
            }
        }
        for (int col = 0; col < n; col++) {
            for (int r = col + 1; r < n; r++) {
                double f = g[r][col] / g[col][col];
                for (int k = col; k < n; k++) {
                    g[r][k] -= f * g[col][k];
                }
                rhs[r] -= f * rhs[col];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = rhs[r];
            for (int k = r + 1; k < n; k++) {
                s -= g[r][k] * x[k];
            }
            x[r] = s / g[r][r];
        }
        return x;
    }

    @Test
    void sameSeedSameMatrixDifferentSeedDifferentMatrix() {
        assertArrayEquals(JacobianGenerators.gaussian(3, 5, new SplittableRandom(1)),
                JacobianGenerators.gaussian(3, 5, new SplittableRandom(1)));
        assertNotEquals(JacobianGenerators.gaussian(3, 5, new SplittableRandom(1))[0][0],
                JacobianGenerators.gaussian(3, 5, new SplittableRandom(2))[0][0]);
    }

    @Test
    void givenRankIsAttained() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int r = 0; r <= 4; r++) {
            assertEquals(r, rank(JacobianGenerators.ofRank(4, 6, r, rng)), "rank " + r);
        }
        assertThrows(IllegalArgumentException.class, () -> JacobianGenerators.ofRank(3, 2, 3, rng));
    }

    @Test
    void stronglyStationaryHasAStrictlyPositiveNullCombination() {
        SplittableRandom rng = new SplittableRandom(4);
        for (int m = 2; m <= 5; m++) {
            double[][] j = JacobianGenerators.stronglyStationary(m, 8, rng);
            assertEquals(m - 1, rank(j));
            double[] lambda = combination(j);
            for (double l : lambda) {
                assertTrue(l > 0, "coefficients " + Arrays.toString(lambda));
            }
            double[] residual = new double[8];
            for (int c = 0; c < 8; c++) {
                residual[c] = j[m - 1][c];
                for (int i = 0; i < m - 1; i++) {
                    residual[c] += lambda[i] * j[i][c];
                }
                assertEquals(0, residual[c], 1e-10);
            }
        }
        assertArrayEquals(new double[1][3], JacobianGenerators.stronglyStationary(1, 3, rng));
    }

    @Test
    void weaklyStationaryIsStationaryOnlyWithoutTheLastRow() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int m = 3; m <= 5; m++) {
            double[][] j = JacobianGenerators.weaklyStationary(m, 8, rng);
            // rank m-1 with the first m-1 rows of rank m-2: the left null space is spanned by a vector
            // whose last entry is 0, so no strictly positive combination exists
            assertEquals(m - 1, rank(j));
            assertEquals(m - 2, rank(Arrays.copyOf(j, m - 1)));
            double[] lambda = combination(Arrays.copyOf(j, m - 1));
            for (double l : lambda) {
                assertTrue(l > 0);
            }
        }
        double[][] two = JacobianGenerators.weaklyStationary(2, 4, rng);
        assertArrayEquals(new double[4], two[0]);
        assertEquals(1, rank(two));
    }

    @Test
    void zeroAndDuplicateRows() {
        SplittableRandom rng = new SplittableRandom(6);
        double[][] z = JacobianGenerators.withZeroRows(4, 3, rng, 1, 3);
        assertArrayEquals(new double[3], z[1]);
        assertArrayEquals(new double[3], z[3]);
        assertNotEquals(0.0, z[0][0]);
        double[][] d = JacobianGenerators.withDuplicateRows(5, 3, 2, rng);
        assertArrayEquals(d[0], d[2]);
        assertArrayEquals(d[0], d[4]);
        assertArrayEquals(d[1], d[3]);
        assertEquals(2, rank(d));
    }

    @Test
    void normsAreLogSpaced() {
        double[][] j = JacobianGenerators.withNormSpread(4, 6, 1e-3, 1e3, new SplittableRandom(7));
        double[] norms = new double[4];
        for (int i = 0; i < 4; i++) {
            norms[i] = Math.sqrt(JacobianGenerators.gramian(j)[i][i]);
        }
        Arrays.sort(norms);
        assertArrayEquals(new double[] {1e-3, 1e-1, 1e1, 1e3}, norms, 1e-12 * 1e3);
        assertEquals(1e-3, norms[0], 1e-15);
    }

    @Test
    void arraysAndGramians() {
        double[][] j = {{1, 2, 3}, {-1, 0.5, 4}};
        INDArray d = JacobianGenerators.toArray(j, DataType.DOUBLE);
        INDArray f = JacobianGenerators.toArray(j, DataType.FLOAT);
        assertEquals(DataType.DOUBLE, d.dataType());
        assertEquals(DataType.FLOAT, f.dataType());
        assertArrayEquals(new long[] {2, 3}, f.shape());
        assertArrayEquals(j, JacobianGenerators.toMatrix(f));
        double[][] g = JacobianGenerators.gramian(d);
        assertArrayEquals(new double[][] {{14, 12}, {12, 17.25}}, g);
        assertArrayEquals(JacobianGenerators.scaled(j, 2)[1], new double[] {-2, 1, 8});
    }

    @Test
    void standardCasesCoverTheCatalogue() {
        List<JacobianGenerators.Case> cases = JacobianGenerators.standardCases(3, 5, 11);
        Set<String> names = new HashSet<>();
        boolean sawMGreaterP = false;
        boolean sawSingle = false;
        for (JacobianGenerators.Case c : cases) {
            assertTrue(names.add(c.name()), "duplicate case " + c.name());
            sawMGreaterP |= c.numTasks() > c.numParams();
            sawSingle |= c.numTasks() == 1;
        }
        assertTrue(sawMGreaterP && sawSingle);
        assertTrue(names.containsAll(List.of("all rows zero", "one zero row", "duplicate rows", "norms 1e-3..1e3",
                "strongly stationary", "weakly stationary", "scaled by 1.0E-10", "scaled by 1.0E10")), names.toString());
        assertArrayEquals(JacobianGenerators.standardCases(3, 5, 11).get(0).jacobian(), cases.get(0).jacobian());
    }
}
