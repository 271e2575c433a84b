package org.mtl4j.weighting.solver;

/** Input validation and small dense helpers shared by the solvers of this package. */
final class Checks {

    /** Relative tolerance for the symmetry check of Gram and Hessian matrices. */
    static final double SYMMETRY_TOLERANCE = 1e-9;

    private Checks() {
    }

    /** Throws unless {@code v} is non-null, non-empty (when {@code minLength > 0}) and finite. */
    static void requireFiniteVector(String name, double[] v, int minLength) {
        if (v == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (v.length < minLength) {
            throw new IllegalArgumentException(
                    name + " must have length >= " + minLength + ", found " + v.length);
        }
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(
                        name + "[" + i + "] must be finite, found " + v[i]);
            }
        }
    }

    /** Throws unless {@code a} is a finite {@code rows × cols} matrix (no ragged rows). */
    static void requireFiniteMatrix(String name, double[][] a, int rows, int cols) {
        if (a == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (rows >= 0 && a.length != rows) {
            throw new IllegalArgumentException(
                    name + " must have " + rows + " rows, found " + a.length);
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] == null) {
                throw new IllegalArgumentException(name + "[" + i + "] must not be null");
            }
            if (a[i].length != cols) {
                throw new IllegalArgumentException(name + "[" + i + "] must have length " + cols
                        + " (rectangular matrix), found " + a[i].length);
            }
            for (int j = 0; j < cols; j++) {
                if (!Double.isFinite(a[i][j])) {
                    throw new IllegalArgumentException(
                            name + "[" + i + "][" + j + "] must be finite, found " + a[i][j]);
                }
            }
        }
    }

    /**
     * Throws unless {@code q} is a finite, square, non-empty matrix that is symmetric up to a
     * relative {@value #SYMMETRY_TOLERANCE} (relative to its largest absolute entry).
     */
    static void requireSymmetric(String name, double[][] q) {
        if (q == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (q.length == 0) {
            throw new IllegalArgumentException(name + " must be at least 1x1, found 0 rows");
        }
        requireFiniteMatrix(name, q, q.length, q.length);
        double scale = maxAbs(q);
        double tol = SYMMETRY_TOLERANCE * scale;
        for (int i = 0; i < q.length; i++) {
            for (int j = i + 1; j < q.length; j++) {
                if (Math.abs(q[i][j] - q[j][i]) > tol) {
                    throw new IllegalArgumentException(name + " must be symmetric (relative tolerance "
                            + SYMMETRY_TOLERANCE + "), found " + name + "[" + i + "][" + j + "] = " + q[i][j]
                            + " but " + name + "[" + j + "][" + i + "] = " + q[j][i]);
                }
            }
        }
    }

    /** {@link #requireSymmetric} plus a non-negative diagonal, as every Gram matrix has. */
    static void requireGram(String name, double[][] g) {
        requireSymmetric(name, g);
        for (int i = 0; i < g.length; i++) {
            if (g[i][i] < 0) {
                throw new IllegalArgumentException(name + "[" + i + "][" + i
                        + "] must be >= 0 (squared norm of a gradient), found " + g[i][i]);
            }
        }
    }

    static double maxAbs(double[][] a) {
        double s = 0;
        for (double[] row : a) {
            for (double v : row) {
                s = Math.max(s, Math.abs(v));
            }
        }
        return s;
    }

    static double maxAbs(double[] a) {
        double s = 0;
        for (double v : a) {
            s = Math.max(s, Math.abs(v));
        }
        return s;
    }

    /** Symmetrised copy {@code (A + Aᵀ)/2 · factor}. */
    static double[][] symmetrisedCopy(double[][] a, double factor) {
        int n = a.length;
        double[][] r = new double[n][n];
        for (int i = 0; i < n; i++) {
            r[i][i] = a[i][i] * factor;
            for (int j = i + 1; j < n; j++) {
                double v = 0.5 * (a[i][j] + a[j][i]) * factor;
                r[i][j] = v;
                r[j][i] = v;
            }
        }
        return r;
    }

    static double[][] deepCopy(double[][] a) {
        double[][] r = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i].clone();
        }
        return r;
    }

    /** {@code y = A x}. */
    static void multiply(double[][] a, double[] x, double[] y) {
        for (int i = 0; i < a.length; i++) {
            double[] row = a[i];
            double s = 0;
            for (int j = 0; j < x.length; j++) {
                s += row[j] * x[j];
            }
            y[i] = s;
        }
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** {@code xᵀ A x}. */
    static double quadratic(double[][] a, double[] x) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double[] row = a[i];
            double r = 0;
            for (int j = 0; j < x.length; j++) {
                r += row[j] * x[j];
            }
            s += x[i] * r;
        }
        return s;
    }

    static boolean allFinite(double[] v) {
        for (double x : v) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }
}
