package org.mtl4j.weighting.gradient;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Jacobian-sized helpers shared by the strategies of this package: input checks, the Gram matrix
 * {@code G = J Jᵀ} (BLAS dot products for small m, else one GEMM, in J's data type; then copied to
 * double and symmetrised), and the
 * combination {@code d = Jᵀw} (one BLAS axpy per row). No element-wise Java loops over p.
 */
final class JacobianMath {
    /** Additive guard for norms and denominators (algorithms.md §0.5). */
    static final double EPS = 1e-8;

    private JacobianMath() {
    }

    /** Validates the arguments of {@code JacobianAggregator.aggregate}. */
    static void checkAggregateInputs(INDArray jacobian, double[] losses, INDArray direction, int m) {
        if (jacobian == null || jacobian.rank() != 2) {
            throw new IllegalArgumentException("jacobian must be a [m, p] matrix, found "
                    + (jacobian == null ? "null" : java.util.Arrays.toString(jacobian.shape())));
        }
        if (jacobian.rows() != m) {
            throw new IllegalArgumentException("jacobian must have m = " + m + " rows, found " + jacobian.rows());
        }
        long p = jacobian.columns();
        if (direction == null || direction.length() != p || !(direction.rank() == 1 || direction.rank() == 2 && direction.rows() == 1)) {
            throw new IllegalArgumentException("direction must be a vector of length p = " + p + ", found "
                    + (direction == null ? "null" : java.util.Arrays.toString(direction.shape())));
        }
        if (direction.dataType() != jacobian.dataType()) {
            throw new IllegalArgumentException("direction must have the Jacobian's data type " + jacobian.dataType()
                    + ", found " + direction.dataType());
        }
        checkLosses(losses, m);
    }

    /** Validates a loss vector: length m, finite values. */
    static void checkLosses(double[] losses, int m) {
        if (losses == null || losses.length != m) {
            throw new IllegalArgumentException("losses must have length m = " + m + ", found "
                    + (losses == null ? "null" : losses.length));
        }
        for (int i = 0; i < m; i++) {
            if (!Double.isFinite(losses[i])) {
                throw new IllegalArgumentException("loss of task " + i + " must be finite, found " + losses[i]);
            }
        }
    }

    /** Validates a Gram matrix handed to a Gramian weighting: m×m, finite, non-negative diagonal. */
    static void checkGram(double[][] gram, int m) {
        if (gram == null || gram.length != m) {
            throw new IllegalArgumentException("Gram matrix must be " + m + "×" + m + ", found "
                    + (gram == null ? "null" : gram.length + " rows"));
        }
        for (int i = 0; i < m; i++) {
            if (gram[i] == null || gram[i].length != m) {
                throw new IllegalArgumentException("Gram matrix row " + i + " must have length " + m + ", found "
                        + (gram[i] == null ? "null" : gram[i].length));
            }
            for (int j = 0; j < m; j++) {
                if (!Double.isFinite(gram[i][j])) {
                    throw new IllegalArgumentException("Gram matrix entry (" + i + "," + j + ") must be finite, found "
                            + gram[i][j] + " (non-finite gradient of task " + i + " or " + j + ")");
                }
            }
            if (gram[i][i] < 0) {
                throw new IllegalArgumentException("Gram matrix diagonal (" + i + "," + i + ") = ‖g_i‖² must be >= 0, found "
                        + gram[i][i]);
            }
        }
    }

    /**
     * Up to this many tasks the Gram matrix is computed by {@code m(m+1)/2} BLAS dot products over
     * the rows (measured 5–20× faster than ND4J's GEMM for m ≤ 5 and p = 1e6); above it by one GEMM.
     */
    static final int DOT_PRODUCT_MAX_TASKS = 6;

    /** @return {@code G = J Jᵀ} over all columns, in double, symmetrised; throws when a row is not finite */
    static double[][] gram(INDArray jacobian) {
        return gram(jacobian, 0, jacobian.columns());
    }

    /** @return the Gram matrix of the column block {@code [from, from + length)} of J */
    static double[][] gram(INDArray jacobian, long from, long length) {
        int m = (int) jacobian.rows();
        if (m <= DOT_PRODUCT_MAX_TASKS) {
            INDArray[] rows = new INDArray[m];
            for (int i = 0; i < m; i++) {
                rows[i] = rowSegment(jacobian, i, from, length);
            }
            double[][] g = new double[m][m];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j <= i; j++) {
                    g[i][j] = Nd4j.getBlasWrapper().level1().dot(length, 1.0, rows[i], rows[j]);
                    g[j][i] = g[i][j];
                }
            }
            return symmetricFinite(g);
        }
        INDArray block = from == 0 && length == jacobian.columns() ? jacobian
                : jacobian.get(NDArrayIndex.all(), NDArrayIndex.interval(from, from + length));
        INDArray g = Nd4j.create(jacobian.dataType(), m, m);
        Nd4j.gemm(block, block, g, false, true, 1.0, 0.0);
        return symmetricFinite(g.toDoubleMatrix());
    }

    private static double[][] symmetricFinite(double[][] g) {
        int m = g.length;
        for (int i = 0; i < m; i++) {
            if (!Double.isFinite(g[i][i])) {
                throw new IllegalArgumentException("gradient of task " + i + " is not finite (‖g_" + i + "‖² = " + g[i][i] + ")");
            }
            for (int j = 0; j < i; j++) {
                double s = 0.5 * (g[i][j] + g[j][i]);
                g[i][j] = s;
                g[j][i] = s;
            }
        }
        return g;
    }

    /** Overwrites {@code direction} with {@code Jᵀw}. */
    static void combine(INDArray jacobian, double[] w, INDArray direction) {
        combine(jacobian, w, direction, 0, jacobian.columns());
    }

    /** Overwrites {@code direction[from, from + length)} with {@code J[:, from, from + length)ᵀ w}. */
    static void combine(INDArray jacobian, double[] w, INDArray direction, long from, long length) {
        INDArray out = segment(direction, from, length);
        out.assign(0.0);
        for (int i = 0; i < w.length; i++) {
            if (w[i] != 0.0) {
                Nd4j.getBlasWrapper().level1().axpy(length, w[i], rowSegment(jacobian, i, from, length), out);
            }
        }
    }

    /** @return a view of entries {@code [from, from + length)} of a vector ([p] or [1, p]) */
    static INDArray segment(INDArray vector, long from, long length) {
        if (vector.rank() == 1) {
            return from == 0 && length == vector.length() ? vector : vector.get(NDArrayIndex.interval(from, from + length));
        }
        return vector.get(NDArrayIndex.point(0), NDArrayIndex.interval(from, from + length));
    }

    /** @return a rank-1 view of row {@code i}, columns {@code [from, from + length)} */
    static INDArray rowSegment(INDArray matrix, int i, long from, long length) {
        return matrix.get(NDArrayIndex.point(i), NDArrayIndex.interval(from, from + length));
    }

    /** @return {@code Σ_j a_ij x_j} for a small dense matrix */
    static double[] multiply(double[][] a, double[] x) {
        int m = x.length;
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            double s = 0;
            for (int j = 0; j < m; j++) {
                s += a[i][j] * x[j];
            }
            y[i] = s;
        }
        return y;
    }

    /** @return {@code xᵀ A x} */
    static double quadraticForm(double[][] a, double[] x) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double r = 0;
            for (int j = 0; j < x.length; j++) {
                r += a[i][j] * x[j];
            }
            s += x[i] * r;
        }
        return s;
    }

    /** Fills {@code order} with a uniformly random permutation of {@code order}'s current content. */
    static void shuffle(int[] order, int length, java.util.random.RandomGenerator random) {
        for (int k = length - 1; k > 0; k--) {
            int r = random.nextInt(k + 1);
            int t = order[k];
            order[k] = order[r];
            order[r] = t;
        }
    }
}
