package org.mtl4j.weighting.gradient;

import org.mtl4j.core.weighting.FallbackPolicy;
import org.mtl4j.core.weighting.WeightingConfig;

/**
 * Configuration of {@link CaGrad}.
 *
 * @param c          conflict-aversion radius c ≥ 0 ({@code calpha}): the direction stays within
 *                   {@code c‖g₀‖} of the mean gradient g₀; default 0.5 (LibMTL; the Nash-MTL and FAMO
 *                   repositories use 0.4)
 * @param rescale    final scaling of {@code d₀ = g₀ + λ g_w}; default {@link Rescale#ONE_PLUS_C_SQUARED}
 *                   (the reference's {@code rescale = 1})
 * @param scaleToSum multiply by m to match the sum of the losses (official CAGrad code); default false
 *                   (LibMTL)
 * @param fallback   what to do when the dual solver fails; default {@link FallbackPolicy#USE_PREVIOUS}
 */
public record CaGradConfig(double c, Rescale rescale, boolean scaleToSum, FallbackPolicy fallback) implements WeightingConfig {

    /** The reference's {@code rescale} switch. */
    public enum Rescale {
        /** {@code d = d₀} (reference 0). */
        NONE,
        /** {@code d = d₀ / (1 + c²)} (reference 1, default). */
        ONE_PLUS_C_SQUARED,
        /** {@code d = d₀ / (1 + c)} (reference 2). */
        ONE_PLUS_C
    }

    /** Validates. */
    public CaGradConfig {
        if (!(c >= 0) || !Double.isFinite(c)) {
            throw new IllegalArgumentException("c must be a finite number >= 0, found " + c);
        }
        if (rescale == null) {
            throw new IllegalArgumentException("rescale must be NONE, ONE_PLUS_C_SQUARED or ONE_PLUS_C, found null");
        }
        if (fallback == null) {
            throw new IllegalArgumentException("fallback must be FAIL, USE_PREVIOUS or USE_UNIFORM, found null");
        }
    }

    /** @return c = 0.5, rescale 1 (÷(1+c²)), no ×m, USE_PREVIOUS (algorithms.md §11, LibMTL) */
    public static CaGradConfig defaults() {
        return new CaGradConfig(0.5, Rescale.ONE_PLUS_C_SQUARED, false, FallbackPolicy.USE_PREVIOUS);
    }

    /** @return a copy with the given c */
    public CaGradConfig withC(double value) {
        return new CaGradConfig(value, rescale, scaleToSum, fallback);
    }

    /** @return a copy with the given rescaling */
    public CaGradConfig withRescale(Rescale value) {
        return new CaGradConfig(c, value, scaleToSum, fallback);
    }

    /** @return a copy with the given ×m setting */
    public CaGradConfig withScaleToSum(boolean value) {
        return new CaGradConfig(c, rescale, value, fallback);
    }

    /** @return a copy with the given fallback policy */
    public CaGradConfig withFallback(FallbackPolicy value) {
        return new CaGradConfig(c, rescale, scaleToSum, value);
    }

    /** @return the factor applied to {@code d₀}: rescaling, times m when {@link #scaleToSum()} */
    double outputFactor(int m) {
        double f = switch (rescale) {
            case NONE -> 1.0;
            case ONE_PLUS_C_SQUARED -> 1.0 / (1.0 + c * c);
            case ONE_PLUS_C -> 1.0 / (1.0 + c);
        };
        return scaleToSum ? f * m : f;
    }

    @Override
    public CaGrad create(int numTasks) {
        return new CaGrad(this, numTasks);
    }
}
