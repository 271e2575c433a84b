package org.mtl4j.weighting.gradient;

import org.mtl4j.core.weighting.WeightingConfig;

/**
 * Configuration of {@link PcGrad}.
 *
 * @param reduction   how the projected gradients are combined: {@link Reduction#SUM} (default, LibMTL)
 *                    or {@link Reduction#MEAN}
 * @param includeSelf whether task i's own gradient is among the projection candidates (LibMTL and
 *                    the Nash-MTL repository shuffle all tasks); default false (paper, torchjd)
 */
public record PcGradConfig(Reduction reduction, boolean includeSelf) implements WeightingConfig {

    /** Combination of the projected gradients. */
    public enum Reduction {
        /** {@code d = Σ_i ĝ_i} (LibMTL, output scale of EW). */
        SUM,
        /** {@code d = (1/m) Σ_i ĝ_i}. */
        MEAN
    }

    /** Validates. */
    public PcGradConfig {
        if (reduction == null) {
            throw new IllegalArgumentException("reduction must be SUM or MEAN, found null");
        }
    }

    /** @return SUM, exclude self (algorithms.md §7) */
    public static PcGradConfig defaults() {
        return new PcGradConfig(Reduction.SUM, false);
    }

    /** @return a copy with the given reduction */
    public PcGradConfig withReduction(Reduction value) {
        return new PcGradConfig(value, includeSelf);
    }

    /** @return a copy with the given self-projection setting */
    public PcGradConfig withIncludeSelf(boolean value) {
        return new PcGradConfig(reduction, value);
    }

    @Override
    public PcGrad create(int numTasks) {
        return new PcGrad(this, numTasks);
    }
}
