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
 *   Bracket: h(k/√(max_i G_ii + ε)) ≤ 0 ≤ h(k/√(q_min + ε)), q_min the min-norm value of G (w(∞)).
 *   Root in log r, to |h| ≤ 1e-13·k: from the last w (first w(∞)), the exact root on the face of its
 *   support (w(r) is affine in 1/r there, so h = 0 is a quadratic in r); Illinois (regula falsi) steps
 *   when that candidate leaves the bracket, bisection as the last resort. Typically 2–3 min-norm
 *   solves in all.
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
        // h(tLo) ≤ 0 ≤ h(tHi) by construction; their values are only evaluated when needed
        double tLo = Math.log(k / Math.sqrt(maxDiag + SMOOTHING));
        double tHi = Math.log(k / Math.sqrt(qMin + SMOOTHING));
        if (!(tHi > tLo)) {
            Point only = evaluate(gram, a, g0sq, k, tLo, evaluations);
            if (only == null) {
                return failed(m, evaluations[0]);
            }
            return finish(gram, a, k, only.w, evaluations[0]);
        }
        double hLo = Double.NaN;
        double hHi = Double.NaN;
        int side = 0;
        double[] from = base.weights();      // w(∞): its face gives the first candidate
        double previousT = Double.NaN;
        Point best = null;
        while (evaluations[0] < MAX_EVALUATIONS && tHi - tLo > 1e-15 * Math.max(1.0, Math.abs(tLo))) {
            double t = faceRoot(gram, a, k, from);
            if (t == previousT) {
                t = Double.NaN;     // no progress from this face: fall back to the bracket
            }
            if (!(t >= tLo && t <= tHi) && !Double.isNaN(hLo) && !Double.isNaN(hHi) && hHi - hLo > 0) {
                t = (tLo * hHi - tHi * hLo) / (hHi - hLo);
            }
            if (!(t >= tLo && t <= tHi)) {
                t = 0.5 * (tLo + tHi);
            }
            previousT = t;
            Point p = evaluate(gram, a, g0sq, k, t, evaluations);
            if (p == null) {
                return failed(m, evaluations[0]);
            }
            if (best == null || Math.abs(p.h) < Math.abs(best.h)) {
                best = p;
            }
            if (Math.abs(p.h) <= ROOT_TOLERANCE * k) {
                break;
            }
            if (p.h < 0) {
                tLo = t;
                hLo = p.h;
                if (side == -1 && !Double.isNaN(hHi)) {
                    hHi *= 0.5;
                }
                side = -1;
            } else {
                tHi = t;
                hHi = p.h;
                if (side == 1 && !Double.isNaN(hLo)) {
                    hLo *= 0.5;
                }
                side = 1;
            }
            from = p.w;
        }
        if (best == null) {
            best = evaluate(gram, a, g0sq, k, 0.5 * (tLo + tHi), evaluations);
            if (best == null) {
                return failed(m, evaluations[0]);
            }
        }
        return finish(gram, a, k, best.w, evaluations[0]);
    }

    private static Result finish(double[][] gram, double[] a, double k, double[] w, int evaluations) {
        double residual = kktResidual(gram, a, k, w);
        SolverStatus status = residual <= KKT_TOLERANCE ? SolverStatus.OPTIMAL : SolverStatus.APPROXIMATE;
        return new Result(w, status, evaluations, residual);
    }

    private record Point(double[] w, double h) {
    }

    /**
     * Exact root on the face of w's support S. On the affine hull of {g_i : i ∈ S} the QP solution is the
     * projection of {@code −g₀/r}, affine in 1/r: with a reference i₀ ∈ S and {@code x = g_{i₀} + Σ_{i≠i₀} c_i (g_i − g_{i₀})},
     * <pre>
     *   M_ij = G_ij − G_{i i₀} − G_{i₀ j} + G_{i₀ i₀},  e_i = G_{i i₀} − G_{i₀ i₀},  f_i = a_i − a_{i₀}
     *   c(r) = −M⁺ (e + f/r)   (Cholesky when M is well conditioned, else the pseudo-inverse:
     *                            also for dependent gradients)  ⇒  w(r) = u + v/r
     * </pre>
     * and {@code r²(w(r)ᵀGw(r) + ε) = k²} is the quadratic {@code (uᵀGu + ε)r² + 2(uᵀGv)r + vᵀGv − k² = 0}.
     *
     * @return log r of its positive root, or NaN when there is none
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
        int ref = support[0];
        double[] u = new double[m];
        double[] v = new double[m];
        u[ref] = 1.0;
        if (s > 1) {
            int n = s - 1;
            double[][] mm = new double[n][n];
            double[] e = new double[n];
            double[] f = new double[n];
            for (int x = 0; x < n; x++) {
                int i = support[x + 1];
                e[x] = gram[i][ref] - gram[ref][ref];
                f[x] = a[i] - a[ref];
                for (int y = 0; y < n; y++) {
                    int j = support[y + 1];
                    mm[x][y] = gram[i][j] - gram[i][ref] - gram[ref][j] + gram[ref][ref];
                }
            }
            double[][] c = SmallLinearAlgebra.choleskySolve(mm, 1e-10, e, f);
            double[] cu = c != null ? c[0] : SmallLinearAlgebra.pseudoInverseTimes(mm, e, 1e-12);
            double[] cv = c != null ? c[1] : SmallLinearAlgebra.pseudoInverseTimes(mm, f, 1e-12);
            for (int x = 0; x < n; x++) {
                int i = support[x + 1];
                u[i] = -cu[x];
                v[i] = -cv[x];
                u[ref] += cu[x];
                v[ref] += cv[x];
            }
        }
        double[] gu = JacobianMath.multiply(gram, u);
        double[] gv = JacobianMath.multiply(gram, v);
        double uu = 0;
        double uv = 0;
        double vv = 0;
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
