package org.mtl4j.models.normal;

import java.util.Arrays;

/**
 * The model ablations of thesis Table 5.4 as configuration transforms of a
 * {@link NormalConfig}.
 */
public enum NormalAblation {
    /** NORMAL as published: heavy ball, learned unconstrained positions. */
    NONE,
    /** All positions fixed at 1.0: the block is shared by all tasks (HPS with an ODE layer). */
    FIXED_IDENTICAL,
    /** Positions fixed at 1, 1.25, 1.5, 1.75, … (task i at {@code 1 + 0.25 i}), as in the thesis. */
    FIXED_DIFFERENT,
    /** Positions learned as {@code p_i = e^{v_i}} (always positive), starting from the given p. */
    EXPONENTIAL_POSITIONS,
    /** First-order NODE {@code dz/dt = g(z)} instead of the heavy-ball ODE, positions learned. */
    FIRST_ORDER_NODE;

    /** @return {@code base} changed as this ablation prescribes */
    public NormalConfig apply(NormalConfig base) {
        int m = base.numTasks();
        return switch (this) {
            case NONE -> base;
            case FIXED_IDENTICAL -> {
                double[] p = new double[m];
                Arrays.fill(p, 1.0);
                yield base.withInitialPositions(p).withPositionMode(PositionMode.FIXED);
            }
            case FIXED_DIFFERENT -> {
                double[] p = new double[m];
                for (int i = 0; i < m; i++) {
                    p[i] = 1.0 + 0.25 * i;
                }
                yield base.withInitialPositions(p).withPositionMode(PositionMode.FIXED);
            }
            case EXPONENTIAL_POSITIONS -> base.withPositionMode(PositionMode.EXPONENTIAL);
            case FIRST_ORDER_NODE -> base.withDynamics(NormalDynamics.FIRST_ORDER);
        };
    }
}
