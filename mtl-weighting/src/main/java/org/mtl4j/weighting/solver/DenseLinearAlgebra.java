package org.mtl4j.weighting.solver;

/** Small dense factorisations in double (package-private; sizes are a few dozen at most). */
final class DenseLinearAlgebra {

    private DenseLinearAlgebra() {
    }

    /**
     * In-place Cholesky factorisation {@code A = L Lᵀ} of a symmetric positive-definite matrix; the lower
     * triangle of {@code a} is overwritten with {@code L} (the strict upper triangle is left unchanged).
     *
     * @return {@code false} if a pivot is not positive and finite (the matrix is not numerically SPD)
     */
    static boolean cholesky(double[][] a) {
        int n = a.length;
        for (int j = 0; j < n; j++) {
            double d = a[j][j];
            double[] rj = a[j];
            for (int k = 0; k < j; k++) {
                d -= rj[k] * rj[k];
            }
            if (!(d > 0) || !Double.isFinite(d)) {
                return false;
            }
            double ljj = Math.sqrt(d);
            rj[j] = ljj;
            for (int i = j + 1; i < n; i++) {
                double[] ri = a[i];
                double s = ri[j];
                for (int k = 0; k < j; k++) {
                    s -= ri[k] * rj[k];
                }
                ri[j] = s / ljj;
            }
        }
        return true;
    }

    /** Solves {@code L Lᵀ x = b} given the factor from {@link #cholesky}; {@code b} is overwritten with {@code x}. */
    static void choleskySolve(double[][] l, double[] b) {
        int n = l.length;
        for (int i = 0; i < n; i++) {
            double s = b[i];
            double[] ri = l[i];
            for (int k = 0; k < i; k++) {
                s -= ri[k] * b[k];
            }
            b[i] = s / ri[i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = b[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k][i] * b[k];
            }
            b[i] = s / l[i][i];
        }
    }

    /**
     * LU factorisation with partial pivoting, in place; {@code perm} receives the row permutation.
     *
     * @return {@code false} if a pivot is exactly zero or non-finite
     */
    static boolean lu(double[][] a, int[] perm) {
        int n = a.length;
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int k = 0; k < n; k++) {
            int p = k;
            double best = Math.abs(a[k][k]);
            for (int i = k + 1; i < n; i++) {
                double v = Math.abs(a[i][k]);
                if (v > best) {
                    best = v;
                    p = i;
                }
            }
            if (!(best > 0) || !Double.isFinite(best)) {
                return false;
            }
            if (p != k) {
                double[] t = a[k];
                a[k] = a[p];
                a[p] = t;
                int ti = perm[k];
                perm[k] = perm[p];
                perm[p] = ti;
            }
            double[] rk = a[k];
            for (int i = k + 1; i < n; i++) {
                double[] ri = a[i];
                double f = ri[k] / rk[k];
                ri[k] = f;
                if (f != 0) {
                    for (int j = k + 1; j < n; j++) {
                        ri[j] -= f * rk[j];
                    }
                }
            }
        }
        return true;
    }

    /** Solves {@code A x = b} from the output of {@link #lu}; returns a new vector. */
    static double[] luSolve(double[][] lu, int[] perm, double[] b) {
        int n = lu.length;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[perm[i]];
            double[] ri = lu[i];
            for (int k = 0; k < i; k++) {
                s -= ri[k] * x[k];
            }
            x[i] = s;
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = x[i];
            double[] ri = lu[i];
            for (int k = i + 1; k < n; k++) {
                s -= ri[k] * x[k];
            }
            x[i] = s / ri[i];
        }
        return x;
    }
}
