package org.mtl4j.weighting.bilevel;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mtl4j.weighting.solver.SolverStatus;

/**
 * FORUM's aggregation of the upper-level gradients {@code u_i} and the constraint gradient
 * {@code q} into one direction (algorithms.md §20, steps 7–11; thesis Algorithm 2):
 * <pre>
 *   (λ, γ)  = the subproblem's solution ({@link ForumSubproblem})
 *   β       = (idx + 1)^{−3/4}
 *   λ̃       ← λ̃ + β (λ − λ̃)                      (λ̃ starts at 1/m; the first β is 1)
 *   ν       = max(Σ_i λ̃_i π_i, 0)                 (the QP's γ is discarded)
 *   D       = Σ_i λ̃_i u_i + ν q,                  z ← z − μ D
 * </pre>
 * The caller forms D from its own vectors with the returned λ̃ and ν. Barrier property: when
 * ν &gt; 0, {@code ⟨q, D⟩ = ρ‖q‖²} up to the 1e-8 guards, otherwise {@code ⟨q, D⟩ ≥ ρ‖q‖²}.
 * State: λ̃. Not thread-safe.
 */
public final class ForumCombiner {
    private final ForumSubproblem subproblem;
    private final double rho;
    private final double[] lambdaTilde;
    private boolean started;

    /**
     * @param numObjectives m ≥ 1
     * @param rho           ρ &gt; 0
     * @param method        QP method
     */
    public ForumCombiner(int numObjectives, double rho, ForumQpMethod method) {
        if (numObjectives < 1) {
            throw new IllegalArgumentException("numObjectives must be >= 1, found " + numObjectives);
        }
        if (!(rho > 0) || !Double.isFinite(rho)) {
            throw new IllegalArgumentException("rho must be > 0, found " + rho);
        }
        this.subproblem = new ForumSubproblem(method);
        this.rho = rho;
        this.lambdaTilde = new double[numObjectives];
        Arrays.fill(lambdaTilde, 1.0 / numObjectives);
    }

    /**
     * The combination weights of one iteration.
     *
     * @param lambdaTilde the momentum weights λ̃ (on the simplex) that form D
     * @param nu          ν = max(πᵀλ̃, 0), the weight of q in D
     * @param beta        the momentum step used
     * @param solution    the subproblem's solution (λ, γ, π, Q, status)
     */
    public record Weights(double[] lambdaTilde, double nu, double beta, ForumSubproblem.Solution solution) {
        /** Copies. */
        public Weights {
            lambdaTilde = lambdaTilde.clone();
        }

        @Override
        public double[] lambdaTilde() {
            return lambdaTilde.clone();
        }

        /** @return whether the QP failed and λ is the MGDA fallback */
        public boolean fallbackUsed() {
            return solution.status() == SolverStatus.FAILED;
        }

        /** @return {@code ⟨q, D⟩} from the Gram matrix (for the barrier check) */
        public double constraintInner(double[][] gram) {
            int m = lambdaTilde.length;
            double s = nu * gram[m][m];
            for (int i = 0; i < m; i++) {
                s += lambdaTilde[i] * gram[i][m];
            }
            return s;
        }
    }

    /**
     * @param gram          {@code (m+1)×(m+1)} Gram matrix of {@code [u_1 … u_m, q]}
     * @param momentumIndex idx ≥ 0 of {@code β = (idx+1)^{−3/4}}
     * @return λ̃ and ν for {@code D = Σ λ̃_i u_i + ν q}
     */
    public Weights combine(double[][] gram, long momentumIndex) {
        if (gram == null || gram.length != lambdaTilde.length + 1) {
            throw new IllegalArgumentException("gram must be " + (lambdaTilde.length + 1) + "×" + (lambdaTilde.length + 1)
                    + " (m upper-level gradients and q), found " + (gram == null ? "null" : gram.length + " rows"));
        }
        if (momentumIndex < 0) {
            throw new IllegalArgumentException("momentumIndex must be >= 0, found " + momentumIndex);
        }
        ForumSubproblem.Solution sol = subproblem.solve(gram, rho);
        double beta = started ? Math.pow(momentumIndex + 1.0, -0.75) : 1.0;
        started = true;
        double[] lambda = sol.lambda();
        for (int i = 0; i < lambda.length; i++) {
            lambdaTilde[i] += beta * (lambda[i] - lambdaTilde[i]);
        }
        double nu = Math.max(ForumSubproblem.dot(sol.pi(), lambdaTilde), 0.0);
        return new Weights(lambdaTilde, nu, beta, sol);
    }

    /** Back to λ̃ = 1/m. */
    public void reset() {
        Arrays.fill(lambdaTilde, 1.0 / lambdaTilde.length);
        started = false;
    }

    /** @return the state (λ̃ and whether a step was taken) under the given prefix */
    public Map<String, double[]> saveState(String prefix) {
        Map<String, double[]> s = new LinkedHashMap<>();
        s.put(prefix + "lambdaTilde", lambdaTilde.clone());
        s.put(prefix + "started", new double[] {started ? 1 : 0});
        return s;
    }

    /** Restores {@link #saveState(String)}. */
    public void loadState(Map<String, double[]> state, String prefix) {
        double[] l = state.get(prefix + "lambdaTilde");
        double[] st = state.get(prefix + "started");
        if (l == null || st == null || l.length != lambdaTilde.length) {
            throw new IllegalArgumentException("FORUM state under '" + prefix + "' is missing or has the wrong size (expected λ̃ of length "
                    + lambdaTilde.length + ")");
        }
        System.arraycopy(l, 0, lambdaTilde, 0, l.length);
        started = st[0] != 0;
    }
}
