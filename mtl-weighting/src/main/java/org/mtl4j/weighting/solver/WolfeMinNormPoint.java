package org.mtl4j.weighting.solver;

/**
 * Wolfe's min-norm-point algorithm on a Gram matrix (package-private kernel of
 * {@link MinNormSolver.Method#EXACT_QP}): an exact primal active-set method for
 * {@code min λᵀGλ, λ ∈ Δ}.
 *
 * <pre>
 *   S = support of the start point (a feasible λ)
 *   major: j = argmin_i (Gλ)_i; stop if (Gλ)_j ≥ λᵀGλ − tol; else S ← S ∪ {j}
 *   minor: α = argmin_{Σα=1, α_i=0 (i∉S)} αᵀGα   (bordered system, regularised + refined)
 *          if α_S > 0: λ = α, next major
 *          else θ = min_{i∈S, α_i≤0} λ_i/(λ_i − α_i), λ ← λ + θ(α − λ), drop the zeros from S, repeat
 * </pre>
 *
 * Reference: P. Wolfe, "Finding the nearest point in a polytope", Math. Programming 11, 1976.
 */
final class WolfeMinNormPoint {

    private static final double REGULARISATION = 1e-12;
    private static final int REFINEMENT_STEPS = 60;

    private WolfeMinNormPoint() {
    }

    /**
     * Runs the algorithm from the feasible {@code lambda} (modified in place) on {@code g} (unit max
     * diagonal expected).
     *
     * @param tol major-cycle tolerance on {@code λᵀGλ − min_i (Gλ)_i}
     * @return the number of linear solves performed, or −1 if the method failed (lambda is then still a
     *         feasible point on the simplex, but not verified)
     */
    static int solve(double[][] g, double[] lambda, double tol) {
        int m = lambda.length;
        boolean[] inS = new boolean[m];
        for (int i = 0; i < m; i++) {
            inS[i] = lambda[i] > 0;
        }
        double[] h = new double[m];
        int solves = 0;
        int maxMajor = 4 * m + 20;
        for (int major = 0; major < maxMajor; major++) {
            for (int minor = 0; minor <= m + 1; minor++) {
                double[] alpha = affineMinimiser(g, inS);
                solves++;
                if (alpha == null) {
                    return -1;
                }
                boolean positive = true;
                for (int i = 0; i < m; i++) {
                    if (inS[i] && !(alpha[i] > 0)) {
                        positive = false;
                        break;
                    }
                }
                if (positive) {
                    System.arraycopy(alpha, 0, lambda, 0, m);
                    break;
                }
                double theta = Double.POSITIVE_INFINITY;
                int leaving = -1;
                for (int i = 0; i < m; i++) {
                    if (inS[i] && alpha[i] <= 0) {
                        double t = lambda[i] / (lambda[i] - alpha[i]);
                        if (t < theta) {
                            theta = t;
                            leaving = i;
                        }
                    }
                }
                if (leaving < 0) {
                    return -1;
                }
                double sum = 0;
                for (int i = 0; i < m; i++) {
                    if (inS[i]) {
                        lambda[i] += theta * (alpha[i] - lambda[i]);
                        if (i == leaving || lambda[i] <= 0) {
                            lambda[i] = 0;
                            inS[i] = false;
                        }
                        sum += lambda[i];
                    }
                }
                if (!(sum > 0)) {
                    return -1;
                }
                for (int i = 0; i < m; i++) {
                    lambda[i] /= sum;
                }
                if (minor == m + 1) {
                    return -1;
                }
            }
            Checks.multiply(g, lambda, h);
            double f = Checks.dot(lambda, h);
            int j = 0;
            for (int i = 1; i < m; i++) {
                if (h[i] < h[j]) {
                    j = i;
                }
            }
            if (h[j] >= f - tol) {
                return solves;
            }
            if (inS[j]) {
                return -1; // the affine minimiser should make h constant on S: numerical trouble
            }
            inS[j] = true;
        }
        return -1;
    }

    /**
     * {@code argmin αᵀGα} over the affine hull of the vertices in {@code inS} (zeros elsewhere), from the
     * bordered system {@code [G_SS 1; 1ᵀ 0][α; ν] = [0; 1]}, regularised by {@value #REGULARISATION} and
     * refined against the exact system so that singular {@code G_SS} (affinely dependent points) is handled.
     */
    private static double[] affineMinimiser(double[][] g, boolean[] inS) {
        int m = g.length;
        int k = 0;
        int[] idx = new int[m];
        for (int i = 0; i < m; i++) {
            if (inS[i]) {
                idx[k++] = i;
            }
        }
        int size = k + 1;
        double[][] a = new double[size][size];
        for (int p = 0; p < k; p++) {
            double[] gp = g[idx[p]];
            for (int q = 0; q < k; q++) {
                a[p][q] = gp[idx[q]];
            }
            a[p][k] = 1.0;
            a[k][p] = 1.0;
        }
        double[] rhs = new double[size];
        rhs[k] = 1.0;
        double[][] lu = Checks.deepCopy(a);
        for (int p = 0; p < k; p++) {
            lu[p][p] += REGULARISATION;
        }
        lu[k][k] -= REGULARISATION;
        int[] perm = new int[size];
        if (!DenseLinearAlgebra.lu(lu, perm)) {
            return null;
        }
        double[] sol = new double[size];
        double[] residual = rhs.clone();
        for (int step = 0; step < REFINEMENT_STEPS; step++) {
            double[] delta = DenseLinearAlgebra.luSolve(lu, perm, residual);
            double dmax = 0;
            for (int i = 0; i < size; i++) {
                sol[i] += delta[i];
                dmax = Math.max(dmax, Math.abs(delta[i]));
            }
            Checks.multiply(a, sol, residual);
            for (int i = 0; i < size; i++) {
                residual[i] = rhs[i] - residual[i];
            }
            if (dmax <= 1e-16 * (1 + Checks.maxAbs(sol))) {
                break;
            }
        }
        if (!Checks.allFinite(sol)) {
            return null;
        }
        double[] alpha = new double[m];
        double sum = 0;
        for (int p = 0; p < k; p++) {
            alpha[idx[p]] = sol[p];
            sum += sol[p];
        }
        if (Math.abs(sum - 1.0) > 1e-9) {
            return null;
        }
        for (int p = 0; p < k; p++) {
            alpha[idx[p]] /= sum;
        }
        return alpha;
    }
}
