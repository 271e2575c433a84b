package org.mtl4j.weighting.solver;

import java.util.Arrays;

/**
 * A small dense convex quadratic program with free variables:
 *
 * <pre>
 *   minimise   ½ xᵀ Q x + cᵀ x
 *   subject to aEq · x  = bEq
 *              aIneq · x ≤ bIneq
 * </pre>
 *
 * <p>{@code Q} must be symmetric (relative tolerance 1e-9) and positive semi-definite for the
 * problem to be convex; semi-definiteness is not checked here (a solver reports a non-convex or
 * unbounded problem as {@link SolverStatus#FAILED}). Constraint blocks may have zero rows
 * ({@code new double[0][]} and {@code new double[0]}). Bounds are expressed as inequality rows,
 * e.g. {@code x_i ≥ 0} is the row {@code −e_i} with right-hand side 0.
 *
 * <p>The record is immutable: the constructor takes deep copies and the accessors return copies.
 *
 * <p>Examples: the MGDA subproblem is {@code QpProblem.onSimplex(G, new double[m])}; the FORUM
 * subproblem (algorithms.md §20, K6) over {@code w = (λ, γ)} is
 * <pre>{@code
 * QpProblem.onSimplex(twoM, c, m)           // Q = 2M, c = (0,…,0, −ρ‖q‖²), λ ∈ Δ, γ free
 *          .withLowerBound(m, 0.0)           // γ ≥ 0
 *          .withInequality(piRow, 0.0);      // Σ λ_i π_i − γ ≤ 0
 * }</pre>
 *
 * @param q     the {@code n × n} symmetric quadratic term ({@code n ≥ 1})
 * @param c     the linear term, length {@code n}
 * @param aEq   equality rows, each of length {@code n}
 * @param bEq   equality right-hand sides, one per row of {@code aEq}
 * @param aIneq inequality rows ({@code aIneq x ≤ bIneq}), each of length {@code n}
 * @param bIneq inequality right-hand sides, one per row of {@code aIneq}
 */
public record QpProblem(double[][] q, double[] c, double[][] aEq, double[] bEq, double[][] aIneq, double[] bIneq) {

    private static final double[][] NO_ROWS = new double[0][];
    private static final double[] NO_RHS = new double[0];

    /** Validates shapes, finiteness and the symmetry of {@code q}; stores deep copies. */
    public QpProblem {
        Checks.requireSymmetric("q", q);
        int n = q.length;
        Checks.requireFiniteVector("c", c, 0);
        if (c.length != n) {
            throw new IllegalArgumentException("c must have length " + n + " (size of q), found " + c.length);
        }
        if (aEq == null || bEq == null) {
            throw new IllegalArgumentException("aEq and bEq must not be null (use empty arrays for no equalities)");
        }
        Checks.requireFiniteMatrix("aEq", aEq, -1, n);
        Checks.requireFiniteVector("bEq", bEq, 0);
        if (bEq.length != aEq.length) {
            throw new IllegalArgumentException("bEq must have one entry per row of aEq (" + aEq.length
                    + "), found length " + bEq.length);
        }
        if (aIneq == null || bIneq == null) {
            throw new IllegalArgumentException("aIneq and bIneq must not be null (use empty arrays for no inequalities)");
        }
        Checks.requireFiniteMatrix("aIneq", aIneq, -1, n);
        Checks.requireFiniteVector("bIneq", bIneq, 0);
        if (bIneq.length != aIneq.length) {
            throw new IllegalArgumentException("bIneq must have one entry per row of aIneq (" + aIneq.length
                    + "), found length " + bIneq.length);
        }
        q = Checks.deepCopy(q);
        c = c.clone();
        aEq = Checks.deepCopy(aEq);
        bEq = bEq.clone();
        aIneq = Checks.deepCopy(aIneq);
        bIneq = bIneq.clone();
    }

    /** {@code min ½xᵀQx + cᵀx} over all of {@code Rⁿ}. */
    public static QpProblem unconstrained(double[][] q, double[] c) {
        return new QpProblem(q, c, NO_ROWS, NO_RHS, NO_ROWS, NO_RHS);
    }

    /** {@code min ½xᵀQx + cᵀx} over the probability simplex {@code x ≥ 0, Σx = 1}. */
    public static QpProblem onSimplex(double[][] q, double[] c) {
        if (q == null) {
            throw new IllegalArgumentException("q must not be null");
        }
        return onSimplex(q, c, q.length);
    }

    /**
     * {@code min ½xᵀQx + cᵀx} with the first {@code simplexSize} variables on the probability
     * simplex and the remaining variables free (add bounds with {@link #withLowerBound}).
     *
     * @param simplexSize number of leading variables constrained to the simplex, {@code 1 ≤ simplexSize ≤ n}
     */
    public static QpProblem onSimplex(double[][] q, double[] c, int simplexSize) {
        if (q == null) {
            throw new IllegalArgumentException("q must not be null");
        }
        int n = q.length;
        if (simplexSize < 1 || simplexSize > n) {
            throw new IllegalArgumentException("simplexSize must be in [1, " + n + "], found " + simplexSize);
        }
        double[][] eq = new double[1][n];
        Arrays.fill(eq[0], 0, simplexSize, 1.0);
        double[][] ineq = new double[simplexSize][n];
        for (int i = 0; i < simplexSize; i++) {
            ineq[i][i] = -1.0;
        }
        return new QpProblem(q, c, eq, new double[] {1.0}, ineq, new double[simplexSize]);
    }

    /** This problem with one more inequality {@code row · x ≤ rhs}. */
    public QpProblem withInequality(double[] row, double rhs) {
        double[][] rows = Arrays.copyOf(aIneq, aIneq.length + 1);
        rows[aIneq.length] = row;
        double[] b = Arrays.copyOf(bIneq, bIneq.length + 1);
        b[bIneq.length] = rhs;
        return new QpProblem(q, c, aEq, bEq, rows, b);
    }

    /** This problem with one more equality {@code row · x = rhs}. */
    public QpProblem withEquality(double[] row, double rhs) {
        double[][] rows = Arrays.copyOf(aEq, aEq.length + 1);
        rows[aEq.length] = row;
        double[] b = Arrays.copyOf(bEq, bEq.length + 1);
        b[bEq.length] = rhs;
        return new QpProblem(q, c, rows, b, aIneq, bIneq);
    }

    /** This problem with the bound {@code x_index ≥ bound} (stored as the row {@code −e_index ≤ −bound}). */
    public QpProblem withLowerBound(int index, double bound) {
        if (index < 0 || index >= dimension()) {
            throw new IllegalArgumentException("index must be in [0, " + (dimension() - 1) + "], found " + index);
        }
        double[] row = new double[dimension()];
        row[index] = -1.0;
        return withInequality(row, -bound);
    }

    /** Number of variables {@code n}. */
    public int dimension() {
        return q.length;
    }

    /** Number of equality rows. */
    public int equalityCount() {
        return aEq.length;
    }

    /** Number of inequality rows. */
    public int inequalityCount() {
        return aIneq.length;
    }

    /** {@code ½xᵀQx + cᵀx}. */
    public double objective(double[] x) {
        checkPoint(x);
        return 0.5 * Checks.quadratic(q, x) + Checks.dot(c, x);
    }

    /** Largest constraint violation of {@code x}: {@code max(|aEq x − bEq|, (aIneq x − bIneq)⁺)}, 0 if none. */
    public double maxViolation(double[] x) {
        checkPoint(x);
        double v = 0;
        for (int r = 0; r < aEq.length; r++) {
            v = Math.max(v, Math.abs(Checks.dot(aEq[r], x) - bEq[r]));
        }
        for (int r = 0; r < aIneq.length; r++) {
            v = Math.max(v, Checks.dot(aIneq[r], x) - bIneq[r]);
        }
        return v;
    }

    private void checkPoint(double[] x) {
        if (x == null || x.length != q.length) {
            throw new IllegalArgumentException("x must have length " + q.length + ", found "
                    + (x == null ? "null" : String.valueOf(x.length)));
        }
    }

    @Override
    public double[][] q() {
        return Checks.deepCopy(q);
    }

    @Override
    public double[] c() {
        return c.clone();
    }

    @Override
    public double[][] aEq() {
        return Checks.deepCopy(aEq);
    }

    @Override
    public double[] bEq() {
        return bEq.clone();
    }

    @Override
    public double[][] aIneq() {
        return Checks.deepCopy(aIneq);
    }

    @Override
    public double[] bIneq() {
        return bIneq.clone();
    }

    /** Package-private zero-copy access for the solvers of this package. */
    double[][] qView() {
        return q;
    }

    double[] cView() {
        return c;
    }

    double[][] aEqView() {
        return aEq;
    }

    double[] bEqView() {
        return bEq;
    }

    double[][] aIneqView() {
        return aIneq;
    }

    double[] bIneqView() {
        return bIneq;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QpProblem p && Arrays.deepEquals(q, p.q) && Arrays.equals(c, p.c)
                && Arrays.deepEquals(aEq, p.aEq) && Arrays.equals(bEq, p.bEq)
                && Arrays.deepEquals(aIneq, p.aIneq) && Arrays.equals(bIneq, p.bIneq);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(new Object[] {q, c, aEq, bEq, aIneq, bIneq});
    }

    @Override
    public String toString() {
        return "QpProblem[n=" + q.length + ", q=" + Arrays.deepToString(q) + ", c=" + Arrays.toString(c)
                + ", aEq=" + Arrays.deepToString(aEq) + ", bEq=" + Arrays.toString(bEq)
                + ", aIneq=" + Arrays.deepToString(aIneq) + ", bIneq=" + Arrays.toString(bIneq) + "]";
    }
}
