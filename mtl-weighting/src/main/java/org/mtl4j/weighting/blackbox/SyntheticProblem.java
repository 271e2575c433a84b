package org.mtl4j.weighting.blackbox;

/**
 * The two-objective synthetic problems of F. Ye's thesis, eqs. (4.21)–(4.23) (spec §21.5), on
 * {@code x ∈ R^d} with {@code a_i = 10^{2(i−1)/(d−1)}} and {@code b_i = 10^{(i−1)/(d−1)}},
 * {@code i = 1..d} ({@code a_1 = b_1 = 1} when {@code d = 1}).
 */
public enum SyntheticProblem {
    /**
     * Shift ℓ1-ellipsoid (4.21):
     * <pre>
     * F1 = Σ a_i |x_i − 0.01|,   F2 = Σ a_i |x_i + 0.01|
     * Pareto set [−0.01, 0.01]^d,   E(x) = ‖x − clip(x, −0.01, 0.01)‖
     * </pre>
     */
    SHIFT_L1_ELLIPSOID("shift-l1"),
    /**
     * Shift ℓ½-ellipsoid (4.22):
     * <pre>
     * F1 = Σ |x_i − 0.1|^{1/2},   F2 = Σ |x_i + 0.1|^{1/2}
     * </pre>
     * The front is concave, so ASMG and the equal-weight baselines go to the vertex set
     * {@code {x : x_i ∈ {−0.1, 0.1}}}; {@code E(x) = √(Σ_i min(|x_i − 0.1|, |x_i + 0.1|)²)}.
     */
    SHIFT_L05_ELLIPSOID("shift-l05"),
    /**
     * Mixed ellipsoid–Rastrigin-10 (4.23):
     * <pre>
     * F1 = Σ a_i |x_i|^{1/2},   F2 = 10d + Σ [(b_i x_i)² − 10 cos(2π b_i x_i)]
     * Pareto set {0},   E(x) = ‖x‖
     * </pre>
     */
    ELLIPSOID_RASTRIGIN("ellipsoid-rastrigin");

    private final String cliName;

    SyntheticProblem(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line ({@code shift-l1}, {@code shift-l05}, {@code ellipsoid-rastrigin}). */
    public String cliName() {
        return cliName;
    }

    /**
     * Parses a command-line name.
     *
     * @throws IllegalArgumentException naming the accepted names
     */
    public static SyntheticProblem fromCliName(String name) {
        for (SyntheticProblem p : values()) {
            if (p.cliName.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("problem '" + name + "' unknown; available: shift-l1, shift-l05, "
                + "ellipsoid-rastrigin");
    }

    /** The objective in dimension {@code d ≥ 1}. */
    public SyntheticObjective create(int dimension) {
        return new SyntheticObjective(this, dimension);
    }
}
