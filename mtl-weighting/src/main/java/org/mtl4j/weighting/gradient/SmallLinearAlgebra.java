package org.mtl4j.weighting.gradient;

/**
 * Dense double-precision linear algebra for the m×m problems of this package (m ≤ a few
 * hundred): a cyclic Jacobi eigen-decomposition of symmetric matrices, the Moore–Penrose
 * pseudo-inverse applied to a vector, and Gaussian elimination with partial pivoting.
 */
final class SmallLinearAlgebra {
    private static final int MAX_SWEEPS = 100;

    private SmallLinearAlgebra() {
    }

    /** Eigen-decomposition {@code A = V diag(values) Vᵀ}; {@code vectors[k]} is the k-th eigenvector. */
    record Eigen(double[] values, double[][] vectors) {
    }

    /** @return the eigen-decomposition of the symmetric matrix {@code a} (not modified), by cyclic Jacobi rotations */
    static Eigen symmetricEigen(double[][] a) {
        int n = a.length;
        double[][] s = new double[n][];
        for (int i = 0; i < n; i++) {
            s[i] = a[i].clone();
        }
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            v[i][i] = 1.0;
        }
        double total = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                total += s[i][j] * s[i][j];
            }
        }
        double tolerance = 1e-30 * total;
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    off += s[i][j] * s[i][j];
                }
            }
            if (off <= tolerance || off == 0) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = s[p][q];
                    if (apq == 0) {
                        continue;
                    }
                    double theta = (s[q][q] - s[p][p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double sn = t * c;
                    for (int k = 0; k < n; k++) {
                        double skp = s[k][p];
                        double skq = s[k][q];
                        s[k][p] = c * skp - sn * skq;
                        s[k][q] = sn * skp + c * skq;
                    }
                    for (int k = 0; k < n; k++) {
                        double spk = s[p][k];
                        double sqk = s[q][k];
                        s[p][k] = c * spk - sn * sqk;
                        s[q][k] = sn * spk + c * sqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k][p];
                        double vkq = v[k][q];
                        v[k][p] = c * vkp - sn * vkq;
                        v[k][q] = sn * vkp + c * vkq;
                    }
                }
            }
        }
        double[] values = new double[n];
        double[][] vectors = new double[n][n];
        for (int k = 0; k < n; k++) {
            values[k] = s[k][k];
            for (int i = 0; i < n; i++) {
                vectors[k][i] = v[i][k];
            }
        }
        return new Eigen(values, vectors);
    }

    /**
     * @param a               symmetric positive semi-definite matrix
     * @param b               right-hand side
     * @param relativeCutoff  eigenvalues {@code ≤ relativeCutoff · λ_max} are treated as 0
     * @return {@code A⁺ b} (Moore–Penrose pseudo-inverse; zero vector when A = 0)
     */
    static double[] pseudoInverseTimes(double[][] a, double[] b, double relativeCutoff) {
        int n = b.length;
        Eigen e = symmetricEigen(a);
        double max = 0;
        for (double value : e.values()) {
            max = Math.max(max, value);
        }
        double[] x = new double[n];
        if (!(max > 0)) {
            return x;
        }
        for (int k = 0; k < n; k++) {
            double lambda = e.values()[k];
            if (lambda <= relativeCutoff * max) {
                continue;
            }
            double[] u = e.vectors()[k];
            double proj = 0;
            for (int i = 0; i < n; i++) {
                proj += u[i] * b[i];
            }
            double f = proj / lambda;
            for (int i = 0; i < n; i++) {
                x[i] += f * u[i];
            }
        }
        return x;
    }

    /**
     * Solves {@code A x = b_k} for each right-hand side by Cholesky factorisation of the symmetric
     * matrix A.
     *
     * @param relativePivot smallest accepted pivot relative to {@code max_i A_ii}
     * @return the solutions, or null when A is not numerically positive definite at that threshold
     */
    static double[][] choleskySolve(double[][] a, double relativePivot, double[]... rhs) {
        int n = a.length;
        double maxDiag = 0;
        for (int i = 0; i < n; i++) {
            maxDiag = Math.max(maxDiag, a[i][i]);
        }
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k <= i; k++) {
                double sum = a[i][k];
                for (int q = 0; q < k; q++) {
                    sum -= l[i][q] * l[k][q];
                }
                if (i == k) {
                    if (!(sum > relativePivot * maxDiag)) {
                        return null;
                    }
                    l[i][i] = Math.sqrt(sum);
                } else {
                    l[i][k] = sum / l[k][k];
                }
            }
        }
        double[][] out = new double[rhs.length][];
        for (int r = 0; r < rhs.length; r++) {
            double[] y = rhs[r].clone();
            for (int i = 0; i < n; i++) {
                for (int q = 0; q < i; q++) {
                    y[i] -= l[i][q] * y[q];
                }
                y[i] /= l[i][i];
            }
            for (int i = n - 1; i >= 0; i--) {
                for (int q = i + 1; q < n; q++) {
                    y[i] -= l[q][i] * y[q];
                }
                y[i] /= l[i][i];
            }
            out[r] = y;
        }
        return out;
    }

    /**
     * Solves {@code A x = b} by Gaussian elimination with partial pivoting.
     *
     * @return x, or null when a pivot is smaller than {@code 1e-300} (numerically singular)
     */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = java.util.Arrays.copyOf(a[i], n + 1);
            m[i][n] = b[i];
        }
        for (int col = 0; col < n; col++) {
            int piv = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[piv][col])) {
                    piv = r;
                }
            }
            if (!(Math.abs(m[piv][col]) > 1e-300)) {
                return null;
            }
            double[] t = m[piv];
            m[piv] = m[col];
            m[col] = t;
            for (int r = col + 1; r < n; r++) {
                double f = m[r][col] / m[col][col];
                if (f != 0) {
                    for (int k = col; k <= n; k++) {
                        m[r][k] -= f * m[col][k];
                    }
                }
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = m[i][n];
            for (int k = i + 1; k < n; k++) {
                s -= m[i][k] * x[k];
            }
            x[i] = s / m[i][i];
        }
        return x;
    }
}
