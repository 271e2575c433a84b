package org.mtl4j.weighting.gradient;

import org.mtl4j.core.weighting.WeightingConfig;

/**
 * Configuration of {@link GradVac}.
 *
 * @param beta      EMA rate β ∈ (0, 1] of the cosine-similarity targets; default 0.5 (LibMTL; the
 *                  paper's value is recorded in algorithms.md as 0.01, unverified)
 * @param groupType how the shared parameters are split into blocks with their own targets;
 *                  default {@link GroupType#WHOLE_MODEL}
 */
public record GradVacConfig(double beta, GroupType groupType) implements WeightingConfig {

    /** Parameter blocks with separate similarity targets (LibMTL's {@code GradVac_group_type}). */
    public enum GroupType {
        /** One block: the whole shared parameter vector (LibMTL 0). */
        WHOLE_MODEL,
        /** One block per layer (LibMTL 1, "all_layer"). */
        ALL_LAYER,
        /** One block per parameter tensor, e.g. a weight matrix or a bias (LibMTL 2, "all_matrix"). */
        ALL_MATRIX
    }

    /** Validates. */
    public GradVacConfig {
        if (!(beta > 0 && beta <= 1)) {
            throw new IllegalArgumentException("beta must be in (0, 1], found " + beta);
        }
        if (groupType == null) {
            throw new IllegalArgumentException("groupType must be WHOLE_MODEL, ALL_LAYER or ALL_MATRIX, found null");
        }
    }

    /** @return β = 0.5, whole model (LibMTL) */
    public static GradVacConfig defaults() {
        return new GradVacConfig(0.5, GroupType.WHOLE_MODEL);
    }

    /** @return a copy with the given β */
    public GradVacConfig withBeta(double value) {
        return new GradVacConfig(value, groupType);
    }

    /** @return a copy with the given grouping */
    public GradVacConfig withGroupType(GroupType value) {
        return new GradVacConfig(beta, value);
    }

    @Override
    public GradVac create(int numTasks) {
        return new GradVac(this, numTasks);
    }
}
