package org.mtl4j.core.model.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link CpuBlas} straight through OpenBLAS against a recomputation in double on the host, on
 * row-strided blocks of larger buffers (as the lanes use them), every transposition, α and β;
 * column sums against the host; the fallback for operands BLAS cannot read row-major.
 */
class CpuBlasTest {

    /** op(a) op(b) α + β c0, in double on the host. */
    private static double[][] reference(INDArray a, INDArray b, INDArray c0, boolean ta, boolean tb, double alpha, double beta) {
        double[][] x = a.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] y = b.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] c = c0.castTo(DataType.DOUBLE).toDoubleMatrix();
        int m = c.length;
        int n = c[0].length;
        int k = ta ? x.length : x[0].length;
        double[][] r = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int q = 0; q < k; q++) {
                    s += (ta ? x[q][i] : x[i][q]) * (tb ? y[j][q] : y[q][j]);
                }
                r[i][j] = alpha * s + beta * c[i][j];
            }
        }
        return r;
    }

    private static void assertClose(double[][] expected, INDArray actual, double tol, String what) {
        double[][] got = actual.castTo(DataType.DOUBLE).toDoubleMatrix();
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[0].length; j++) {
                assertEquals(expected[i][j], got[i][j], tol * Math.max(1, Math.abs(expected[i][j])), what + " at " + i + "," + j);
            }
        }
    }

    /** A [rows, cols] block at column offset 3 of a [rows, cols + 7] matrix (row stride cols + 7), far into a flat buffer. */
    private static INDArray block(DataType dt, int rows, int cols, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray flat = Nd4j.rand(dt, 1, 5000 + (long) rows * (cols + 7)).reshape(5000 + (long) rows * (cols + 7)).subi(0.5);
        INDArray m = LiveViews.matrix(flat, 5000, rows, cols + 7);
        return LiveViews.block(m, 0, rows, 3, 3 + cols);
    }

    @Test
    void theDirectPathIsTakenOnTheCpuBackend() {
        assertTrue(CpuBlas.direct(), "the tests run on nd4j-native, where OpenBLAS is on the class path");
    }

    @Test
    void productsOfStridedBlocksMatchTheHostInFloatAndDouble() {
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            double tol = dt == DataType.FLOAT ? 1e-5 : 1e-12;
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    int m = 6;
                    int n = 5;
                    int k = 9;
                    INDArray a = ta ? block(dt, k, m, 1) : block(dt, m, k, 1);
                    INDArray b = tb ? block(dt, n, k, 2) : block(dt, k, n, 2);
                    INDArray c = block(dt, m, n, 3);
                    INDArray c0 = c.dup();
                    double[][] expected = reference(a, b, c0, ta, tb, 0.75, 0.5);
                    CpuBlas.gemm(a, b, c, ta, tb, 0.75, 0.5);
                    assertClose(expected, c, tol, dt + " ta=" + ta + " tb=" + tb);
                }
            }
        }
    }

    @Test
    void writesNothingOutsideTheOutputBlock() {
        INDArray big = Nd4j.rand(DataType.FLOAT, 8, 12);
        INDArray before = big.dup();
        INDArray c = LiveViews.block(big, 2, 6, 4, 9);
        CpuBlas.gemm(Nd4j.rand(DataType.FLOAT, 4, 3), Nd4j.rand(DataType.FLOAT, 3, 5), c, false, false, 1.0, 0.0);
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 12; j++) {
                if (i < 2 || i >= 6 || j < 4 || j >= 9) {
                    assertEquals(before.getFloat(i, j), big.getFloat(i, j), 0f, "outside at " + i + "," + j);
                }
            }
        }
    }

    /** Views made by ND4J's get (their buffers start at their own offsets) read and write the right elements. */
    @Test
    void viewsMadeByGetToo() {
        INDArray big = Nd4j.rand(DataType.DOUBLE, 9, 10);
        INDArray a = big.get(NDArrayIndex.interval(3, 7), NDArrayIndex.interval(0, 10)).dup().get(NDArrayIndex.interval(1, 4),
                NDArrayIndex.all());
        INDArray b = Nd4j.rand(DataType.DOUBLE, 20, 5).get(NDArrayIndex.interval(10, 20), NDArrayIndex.all());
        INDArray outer = Nd4j.zeros(DataType.DOUBLE, 6, 5);
        INDArray c = outer.get(NDArrayIndex.interval(2, 5), NDArrayIndex.all());
        CpuBlas.gemm(a, b, c, false, false, 1.0, 0.0);
        assertClose(reference(a, b, Nd4j.zeros(DataType.DOUBLE, 3, 5), false, false, 1.0, 0.0), c, 1e-12, "get views");
        assertEquals(0.0, outer.get(NDArrayIndex.interval(0, 2), NDArrayIndex.all()).sumNumber().doubleValue(), 0.0, "rows above untouched");
        assertEquals(0.0, outer.get(NDArrayIndex.interval(5, 6), NDArrayIndex.all()).sumNumber().doubleValue(), 0.0, "row below untouched");
    }

    @Test
    void columnSumsOfAStridedBlock() {
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray d = block(dt, 7, 4, 5);
            INDArray ones = Nd4j.ones(dt, 7, 1);
            INDArray out = LiveViews.block(Nd4j.zeros(dt, 1, 10), 0, 1, 2, 6);
            CpuBlas.columnSums(d, ones, out);
            double[][] x = d.castTo(DataType.DOUBLE).toDoubleMatrix();
            for (int j = 0; j < 4; j++) {
                double s = 0;
                for (double[] row : x) {
                    s += row[j];
                }
                assertEquals(s, out.getDouble(0, j), (dt == DataType.FLOAT ? 1e-5 : 1e-12) * Math.max(1, Math.abs(s)), dt + " column " + j);
            }
        }
    }

    @Test
    void operandsBlasCannotReadFallBackToNd4j() {
        INDArray a = Nd4j.rand(DataType.FLOAT, 'f', 4, 6); // columns contiguous, rows strided
        INDArray b = Nd4j.rand(DataType.FLOAT, 6, 3);
        INDArray c = Nd4j.zeros(DataType.FLOAT, 4, 3);
        CpuBlas.gemm(a, b, c, false, false, 1.0, 0.0);
        assertClose(reference(a, b, Nd4j.zeros(DataType.FLOAT, 4, 3), false, false, 1.0, 0.0), c, 1e-5, "f-order a");
        INDArray every2nd = Nd4j.rand(DataType.FLOAT, 3, 8).get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2, 8));
        INDArray c2 = Nd4j.zeros(DataType.FLOAT, 3, 3);
        INDArray b2 = Nd4j.rand(DataType.FLOAT, 4, 3);
        CpuBlas.gemm(every2nd, b2, c2, false, false, 1.0, 0.0);
        assertClose(reference(every2nd, b2, Nd4j.zeros(DataType.FLOAT, 3, 3), false, false, 1.0, 0.0), c2, 1e-5, "strided row");
    }

    @Test
    void shapesThatDoNotFitAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CpuBlas.gemm(Nd4j.zeros(DataType.FLOAT, 2, 3), Nd4j.zeros(DataType.FLOAT, 4, 5), Nd4j.zeros(DataType.FLOAT, 2, 5),
                        false, false, 1.0, 0.0));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4, 5]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CpuBlas.gemm(Nd4j.zeros(DataType.FLOAT, 3), Nd4j.zeros(DataType.FLOAT, 3, 2), Nd4j.zeros(DataType.FLOAT, 1, 2),
                        false, false, 1.0, 0.0));
        assertTrue(e.getMessage().contains("ranks 1, 2 and 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CpuBlas.columnSums(Nd4j.zeros(DataType.FLOAT, 3, 4), Nd4j.ones(DataType.FLOAT, 2, 1), Nd4j.zeros(DataType.FLOAT, 1, 4)));
        assertTrue(e.getMessage().contains("need 3 ones"), e.getMessage());
    }
}
