package org.mtl4j.weighting.gradient;

import org.mtl4j.weighting.solver.MinNormResult;
import org.mtl4j.weighting.solver.MinNormSolver;
import org.mtl4j.weighting.solver.SolverStatus;

/**
 * The CAGrad dual problem (algorithms.md §11, kernel K5), solved through a sequence of min-norm
 * problems (kernel K2) and a one-dimensional root:
 * <pre>
 *   minimise F(w) = aᵀw + k √(wᵀGw + ε)   over the simplex,   a = G·1/m,  ε = 1e-8
 *
 *   For r &gt; 0 let w(r) = argmin_{w∈Δ} aᵀw + (r/2) wᵀGw
 *                      = argmin_{w∈Δ} ‖Σ w_i (g_i + g₀/r)‖²       (min-norm point of the shifted gradients,
 *                                                                 Gram r²G_ij + r(a_i + a_j) + ‖g₀‖², up to r²)
 *   The KKT conditions of F at w are those of this QP with r = k / √(wᵀGw + ε), so the minimiser is
 *   w(r*) where h(r*) = 0,  h(r) = r √(w(r)ᵀGw(r) + ε) − k   (h is non-decreasing in r).
 *   Bracket: h(k/√(max_i G_ii + ε)) ≤ 0 ≤ h(k/√(q_min + ε)), q_min the min-norm value of G.
 *   Root in log r, to |h| ≤ 1e-13·k: from each evaluated w, the exact root on the face of its support
 *   (w(r) is affine in 1/r there, so h = 0 is a quadratic in r); Illinois (regula falsi) steps when
 *   that candidate leaves the bracket, bisection as the last resort.
 * </pre>
 * The result is certified by the KKT residual of F on the simplex,
 * {@code max_{w_i>0} ∇F_i − min_j ∇F_j} relative to {@code max_j |∇F_j|}: OPTIMAL when ≤ 1e-9,
 * else APPROXIMATE; FAILED when a min-norm solve fails.
 */
final class CaGradDual {
    static final double SMOOTHING = 1e-8;
    private static final int MAX_EVALUATIONS = 200;
    private static final double ROOT_TOLERANCE = 1e-13;
    private static final double KKT_TOLERANCE = 1e-9;

    private final MinNormSolver minNorm;

    CaGradDual(MinNormSolver minNorm) {
        this.minNorm = minNorm;
    }

    /** Solution of the dual. */
    record Result(double[] weights, SolverStatus status, int evaluations, double kktResidual) {
    }

    /**
     * @param gram symmetric PSD m×m Gram matrix
     * @param k    weight of the norm term, {@code √φ = c‖g₀‖ + 1e-8 > 0}
     */
    Result solve(double[][] gram, double k) {
        int m = gram.length;
        if (m == 1) {
            return new Result(new double[] {1.0}, SolverStatus.OPTIMAL, 0, 0.0);
        }
        double[] a = new double[m];
        double maxDiag = 0;
        double mean = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                a[i] += gram[i][j] / m;
            }
            mean += a[i] / m;
            maxDiag = Math.max(maxDiag, gram[i][i]);
        }
        double g0sq = Math.max(mean, 0.0);
        if (!(maxDiag > 0)) {
            double[] w = new double[m];
            java.util.Arrays.fill(w, 1.0 / m);
            return new Result(w, SolverStatus.OPTIMAL, 0, 0.0);
        }
        int[] evaluations = {0};
        MinNormResult base = minNorm.solve(gram);
        evaluations[0]++;
        if (base.status() == SolverStatus.FAILED) {
            return new Result(base.weights(), SolverStatus.FAILED, evaluations[0], Double.NaN);
        }
        double qMin = Math.max(JacobianMath.quadraticForm(gram, base.weights()), 0.0);
        double tLo = Math.log(k / Math.sqrt(maxDiag + SMOOTHING));
        double tHi = Math.log(k / Math.sqrt(qMin + SMOOTHING));
        Point lo = evaluate(gram, a, g0sq, k, tLo, evaluations);
        if (lo == null) {
            return failed(m, evaluations[0]);
        }
        Point best = lo;
        if (Math.abs(lo.h) > ROOT_TOLERANCE * k && tHi > tLo) {
            Point hi = evaluate(gram, a, g0sq, k, tHi, evaluations);
            if (hi == null) {
                return failed(m, evaluations[0]);
            }
            best = Math.abs(hi.h) < Math.abs(lo.h) ? hi : lo;
            double hLo = Math.min(lo.h, 0.0);
            double hHi = Math.max(hi.h, 0.0);
            int side = 0;
            Point last = best;
            while (Math.abs(best.h) > ROOT_TOLERANCE * k && evaluations[0] < MAX_EVALUATIONS
                    && tHi - tLo > 1e-15 * Math.max(1.0, Math.abs(tLo))) {
                double t = faceRoot(gram, a, k, last.w);
                if (!(t > tLo && t < tHi)) {
                    t = hHi - hLo > 0 ? (tLo * hHi - tHi * hLo) / (hHi - hLo) : 0.5 * (tLo + tHi);
                }
                if (!(t > tLo && t < tHi)) {
                    t = 0.5 * (tLo + tHi);
                }
                Point p = evaluate(gram, a, g0sq, k, t, evaluations);
                if (p == null) {
                    return failed(m, evaluations[0]);
                }
                last = p;
                if (Math.abs(p.h) < Math.abs(best.h)) {
                    best = p;
                }
                if (p.h < 0) {
                    tLo = t;
                    hLo = p.h;
                    if (side == -1) {
                        hHi *= 0.5;
                    }
                    side = -1;
                } else {
                    tHi = t;
                    hHi = p.h;
                    if (side == 1) {
                        hLo *= 0.5;
                    }
                    side = 1;
                }
            }
        }
        double residual = kktResidual(gram, a, k, best.w);
        SolverStatus status = residual <= KKT_TOLERANCE ? SolverStatus.OPTIMAL : SolverStatus.APPROXIMATE;
        return new Result(best.w, status, evaluations[0], residual);
    }

    private record Point(double[] w, double h) {
    }

    /**
     * Exact root on the face of w's support S: there the QP solution is {@code w_S(r) = u + v/r}
     * with {@code x = G_SS⁻¹1, y = G_SS⁻¹a_S, u = x/1ᵀx, v = (1ᵀy/1ᵀx)x − y}, and
     * {@code r²(w(r)ᵀGw(r) + ε) = k²} is the quadratic {@code (uᵀGu + ε)r² + 2(uᵀGv)r + vᵀGv − k² = 0}.
     *
     * @return log r of its positive root, or NaN when G_SS is singular or there is no positive root
     */
    private static double faceRoot(double[][] gram, double[] a, double k, double[] w) {
        int m = w.length;
        int[] support = new int[m];
        int s = 0;
        for (int i = 0; i < m; i++) {
            if (w[i] > 0) {
                support[s++] = i;
            }
        }
        if (s == 0) {
            return Double.NaN;
        }
        double[][] sub = new double[s][s];
        double[] ones = new double[s];
        double[] as = new double[s];
        for (int x = 0; x < s; x++) {
            ones[x] = 1.0;
            as[x] = a[support[x]];
            for (int y = 0; y < s; y++) {
                sub[x][y] = gram[support[x]][support[y]];
            }
        }
        double[] x = SmallLinearAlgebra.solve(sub, ones);
        double[] y = SmallLinearAlgebra.solve(sub, as);
        if (x == null || y == null) {
            return Double.NaN;
        }
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < s; i++) {
            sx += x[i];
            sy += y[i];
        }
        if (!(Math.abs(sx) > 0)) {
            return Double.NaN;
        }
        double[] u = new double[m];
        double[] v = new double[m];
        for (int i = 0; i < s; i++) {
            u[support[i]] = x[i] / sx;
            v[support[i]] = sy / sx * x[i] - y[i];
        }
        double[] gu = JacobianMath.multiply(gram, u);
        double uu = 0;
        double uv = 0;
        double vv = 0;
        double[] gv = JacobianMath.multiply(gram, v);
        for (int i = 0; i < m; i++) {
            uu += u[i] * gu[i];
            uv += u[i] * gv[i];
            vv += v[i] * gv[i];
        }
        double qa = Math.max(uu, 0.0) + SMOOTHING;
        double qb = 2 * uv;
        double qc = Math.max(vv, 0.0) - k * k;
        double disc = qb * qb - 4 * qa * qc;
        if (!(disc >= 0)) {
            return Double.NaN;
        }
        double root = qb > 0 ? -2 * qc / (qb + Math.sqrt(disc)) : (-qb + Math.sqrt(disc)) / (2 * qa);
        return root > 0 && Double.isFinite(root) ? Math.log(root) : Double.NaN;
    }

    private Point evaluate(double[][] gram, double[] a, double g0sq, double k, double t, int[] evaluations) {
        int m = a.length;
        double r = Math.exp(t);
        double[][] shifted = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                shifted[i][j] = r * r * gram[i][j] + r * (a[i] + a[j]) + g0sq;
            }
        }
        for (int i = 0; i < m; i++) {
            shifted[i][i] = Math.max(shifted[i][i], 0.0);
        }
        evaluations[0]++;
        MinNormResult res = minNorm.solve(shifted);
        if (res.status() == SolverStatus.FAILED) {
            return null;
        }
        double[] w = res.weights();
        double q = Math.max(JacobianMath.quadraticForm(gram, w), 0.0);
        return new Point(w, r * Math.sqrt(q + SMOOTHING) - k);
    }

    private static Result failed(int m, int evaluations) {
        double[] w = new double[m];
        java.util.Arrays.fill(w, 1.0 / m);
        return new Result(w, SolverStatus.FAILED, evaluations, Double.NaN);
    }

    /** @return {@code F(w) = aᵀw + k√(wᵀGw + ε)} */
    static double objective(double[][] gram, double[] a, double k, double[] w) {
        double lin = 0;
        for (int i = 0; i < w.length; i++) {
            lin += a[i] * w[i];
        }
        return lin + k * Math.sqrt(Math.max(JacobianMath.quadraticForm(gram, w), 0.0) + SMOOTHING);
    }

    /** @return the relative KKT residual of F on the simplex at w */
    static double kktResidual(double[][] gram, double[] a, double k, double[] w) {
        int m = w.length;
        double[] gw = JacobianMath.multiply(gram, w);
        double q = 0;
        for (int i = 0; i < m; i++) {
            q += w[i] * gw[i];
        }
        double s = Math.sqrt(Math.max(q, 0.0) + SMOOTHING);
        double min = Double.POSITIVE_INFINITY;
        double scale = 0;
        double[] grad = new double[m];
        for (int i = 0; i < m; i++) {
            grad[i] = a[i] + k * gw[i] / s;
            min = Math.min(min, grad[i]);
            scale = Math.max(scale, Math.abs(a[i]) + Math.abs(k * gw[i] / s));
        }
        double r = 0;
        for (int i = 0; i < m; i++) {
            if (w[i] > 0) {
                r = Math.max(r, grad[i] - min);
            }
        }
        return scale > 0 ? r / scale : 0.0;
    }
}
