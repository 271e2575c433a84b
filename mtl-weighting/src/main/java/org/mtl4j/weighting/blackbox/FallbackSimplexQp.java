package org.mtl4j.weighting.blackbox;

/**
 * Exact small-{@code m} solver for {@link SimplexQp}, used until the project's shared min-norm
 * solver is available to this package.
 *
 * <ul>
 *   <li>{@code m = 1}: {@code λ = (1)}.</li>
 *   <li>{@code m = 2}: the closed form of spec §0.6 K2 with exact end points:
 *       {@code γ = (M₂₂ − M₁₂)/(M₁₁ + M₂₂ − 2M₁₂)} on objective 1, {@code γ = 1} if
 *       {@code M₁₂ ≥ M₁₁}, {@code γ = 0} if {@code M₁₂ ≥ M₂₂}.</li>
 *   <li>{@code 3 ≤ m ≤ 16}: active-set enumeration. For every support {@code S} the equality
 *       constrained problem gives {@code M_SS λ_S = c·1}, {@code 1ᵀλ_S = 1}; a solution with
 *       {@code λ_S ≥ 0} and {@code (Mλ)_i ≥ c} off the support satisfies the KKT conditions of
 *       the convex QP and is therefore optimal. The one with the smallest objective is returned.</li>
 *   <li>larger {@code m}, or if no support qualifies numerically: Frank–Wolfe with exact line
 *       search from {@code 1/m}, until the duality gap is below {@code 1e-12·max(1, max|M|)}
 *       or 20,000 iterations.</li>
 * </ul>
 * Round-off negatives of size at most {@code 1e-12} in a support solution are set to 0 and the
 * vector renormalised to sum 1.
 */
final class FallbackSimplexQp implements SimplexQp {

    private static final int MAX_ENUMERATION_M = 16;
    private static final int MAX_FW_ITERATIONS = 20_000;

    @Override
    public double[] minimise(double[][] gram) {
        int m = gram.length;
        if (m < 1) {
            throw new IllegalArgumentException("gram must be at least 1x1, found " + m + " rows");
        }
        for (int i = 0; i < m; i++) {
            if (gram[i].length != m) {
                throw new IllegalArgumentException("gram must be square " + m + "x" + m + ", row " + i
                        + " has length " + gram[i].length);
            }
            for (int j = 0; j < m; j++) {
                if (!Double.isFinite(gram[i][j])) {
                    throw new IllegalArgumentException("gram must be finite, found " + gram[i][j] + " at (" + i + ", "
                            + j + ")");
                }
            }
        }
        if (m == 1) {
            return new double[] {1.0};
        }
        if (m == 2) {
            return twoObjectives(gram);
        }
        if (m <= MAX_ENUMERATION_M) {
            double[] best = enumerateSupports(gram);
            if (best != null) {
                return best;
            }
        }
        return frankWolfe(gram);
    }

    private static double[] twoObjectives(double[][] g) {
        double g11 = g[0][0];
        double g12 = 0.5 * (g[0][1] + g[1][0]);
        double g22 = g[1][1];
        double gamma;
        if (g12 >= g11) {
            gamma = 1.0;
        } else if (g12 >= g22) {
            gamma = 0.0;
        } else {
            gamma = (g22 - g12) / (g11 + g22 - 2.0 * g12);
        }
        return new double[] {gamma, 1.0 - gamma};
    }

    private static double scale(double[][] g) {
        double s = 0;
        for (double[] row : g) {
            for (double v : row) {
                s = Math.max(s, Math.abs(v));
            }
        }
        return Math.max(1.0, s);
    }

    private static double[] enumerateSupports(double[][] g) {
        int m = g.length;
        double tol = 1e-12 * scale(g);
        double[] best = null;
        double bestValue = Double.POSITIVE_INFINITY;
        for (int mask = 1; mask < (1 << m); mask++) {
            int[] support = new int[Integer.bitCount(mask)];
            for (int i = 0, s = 0; i < m; i++) {
                if ((mask & (1 << i)) != 0) {
                    support[s++] = i;
                }
            }
            double[] lambda = solveOnSupport(g, support);
            if (lambda == null) {
                continue;
            }
            boolean feasible = true;
            for (double v : lambda) {
                if (v < -tol) {
                    feasible = false;
                    break;
                }
            }
            if (!feasible) {
                continue;
            }
            double sum = 0;
            for (int i = 0; i < m; i++) {
                lambda[i] = Math.max(0.0, lambda[i]);
                sum += lambda[i];
            }
            for (int i = 0; i < m; i++) {
                lambda[i] /= sum;
            }
            double[] ml = multiply(g, lambda);
            double value = dot(lambda, ml);
            boolean optimal = true;
            for (int i = 0; i < m; i++) {
                if (ml[i] < value - 1e-9 * scale(g)) {
                    optimal = false;
                    break;
                }
            }
            if (optimal && value < bestValue) {
                bestValue = value;
                best = lambda;
            }
        }
        return best;
    }

    /** Solves [[M_SS, -1],[1ᵀ, 0]] [λ_S; c] = [0; 1]; null if (numerically) singular. */
    private static double[] solveOnSupport(double[][] g, int[] support) {
        int s = support.length;
        int n = s + 1;
        double[][] a = new double[n][n + 1];
        for (int r = 0; r < s; r++) {
            for (int c = 0; c < s; c++) {
                a[r][c] = g[support[r]][support[c]];
            }
            a[r][s] = -1.0;
            a[r][n] = 0.0;
        }
        for (int c = 0; c < s; c++) {
            a[s][c] = 1.0;
        }
        a[s][n] = 1.0;
        double tiny = 1e-13 * scale(g);
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            if (Math.abs(a[pivot][col]) <= tiny) {
                return null;
            }
            double[] tmp = a[col];
            a[col] = a[pivot];
            a[pivot] = tmp;
            for (int r = 0; r < n; r++) {
                if (r != col) {
                    double f = a[r][col] / a[col][col];
                    if (f != 0) {
                        for (int c = col; c <= n; c++) {
                            a[r][c] -= f * a[col][c];
                        }
                    }
                }
            }
        }
        double[] lambda = new double[g.length];
        for (int r = 0; r < s; r++) {
            lambda[support[r]] = a[r][n] / a[r][r];
            if (!Double.isFinite(lambda[support[r]])) {
                return null;
            }
        }
        return lambda;
    }

    private static double[] frankWolfe(double[][] g) {
        int m = g.length;
        double[] lambda = new double[m];
        java.util.Arrays.fill(lambda, 1.0 / m);
        double tol = 1e-12 * scale(g);
        for (int it = 0; it < MAX_FW_ITERATIONS; it++) {
            double[] grad = multiply(g, lambda);
            int best = 0;
            for (int i = 1; i < m; i++) {
                if (grad[i] < grad[best]) {
                    best = i;
                }
            }
            double gap = dot(lambda, grad) - grad[best];
            if (gap <= tol) {
                break;
            }
            // exact line search on λ + s (e_best − λ): minimise along the segment
            double lgl = dot(lambda, grad);
            double ege = g[best][best];
            double lge = grad[best];
            double denom = lgl - 2 * lge + ege;
            double step = denom <= 0 ? 1.0 : Math.min(1.0, Math.max(0.0, (lgl - lge) / denom));
            for (int i = 0; i < m; i++) {
                lambda[i] *= 1 - step;
            }
            lambda[best] += step;
        }
        return lambda;
    }

    private static double[] multiply(double[][] g, double[] v) {
        double[] out = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            out[i] = dot(g[i], v);
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
