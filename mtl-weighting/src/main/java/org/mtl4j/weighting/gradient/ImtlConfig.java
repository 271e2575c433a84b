package org.mtl4j.weighting.gradient;

import org.mtl4j.core.weighting.GradientSpace;
import org.mtl4j.core.weighting.WeightingConfig;
import org.mtl4j.core.weighting.WeightingStrategy;

/**
 * Configuration of IMTL. {@link #create(int)} returns the class of the variant:
 * {@link ImtlHybrid} (a Gramian weighting with learnable scales), {@link ImtlG} (a Gramian
 * weighting) or {@link ImtlL} (a loss weighting, so no per-task gradients are computed).
 *
 * @param variant       which part of IMTL runs; default {@link Variant#HYBRID} (LibMTL)
 * @param gradientSpace where IMTL-G reads the gradients: shared parameters (default) or the shared
 *                      representation (the paper's efficient form; LibMTL {@code rep_grad})
 * @param initialScale  initial value of every IMTL-L scale s_i; default 0 (so e^{s_i} = 1)
 */
public record ImtlConfig(Variant variant, GradientSpace gradientSpace, double initialScale) implements WeightingConfig {

    /** Which parts of IMTL are used. */
    public enum Variant {
        /** IMTL-G on the gradients of the IMTL-L losses {@code e^{s_i} L_i − s_i} (LibMTL). */
        HYBRID,
        /** IMTL-G only (gradient balance), on the raw losses. */
        G_ONLY,
        /** IMTL-L only (loss balance): {@code d = Σ e^{s_i} g_i}. */
        L_ONLY
    }

    /** Validates. */
    public ImtlConfig {
        if (variant == null) {
            throw new IllegalArgumentException("variant must be HYBRID, G_ONLY or L_ONLY, found null");
        }
        if (gradientSpace == null) {
            throw new IllegalArgumentException("gradientSpace must be SHARED_PARAMETERS or REPRESENTATION, found null");
        }
        if (!Double.isFinite(initialScale)) {
            throw new IllegalArgumentException("initialScale must be finite, found " + initialScale);
        }
    }

    /** @return HYBRID, shared parameters, s = 0 (algorithms.md §10) */
    public static ImtlConfig defaults() {
        return new ImtlConfig(Variant.HYBRID, GradientSpace.SHARED_PARAMETERS, 0.0);
    }

    /** @return a copy with the given variant */
    public ImtlConfig withVariant(Variant value) {
        return new ImtlConfig(value, gradientSpace, initialScale);
    }

    /** @return a copy with the given gradient space */
    public ImtlConfig withGradientSpace(GradientSpace value) {
        return new ImtlConfig(variant, value, initialScale);
    }

    /** @return a copy with the given initial scale */
    public ImtlConfig withInitialScale(double value) {
        return new ImtlConfig(variant, gradientSpace, value);
    }

    @Override
    public WeightingStrategy create(int numTasks) {
        return switch (variant) {
            case HYBRID -> new ImtlHybrid(this, numTasks);
            case G_ONLY -> new ImtlG(this, numTasks);
            case L_ONLY -> new ImtlL(this, numTasks);
        };
    }
}
