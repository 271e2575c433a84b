package org.mtl4j.weighting.gradient;

import java.util.Arrays;
import org.mtl4j.core.weighting.GradientSpace;
import org.mtl4j.core.weighting.WeightingConfig;

/**
 * Configuration of {@link GradDrop}.
 *
 * @param leak          leak ℓ ∈ [0, 1]: one value shared by all tasks, or one per task (length m);
 *                      ℓ = 1 keeps a task's gradient entirely; default {@code {0}}
 * @param gradientSpace {@link GradientSpace#SHARED_PARAMETERS} (default here; Cranial-XIX/CAGrad and
 *                      torchjd) or {@link GradientSpace#REPRESENTATION} (paper, LibMTL), which also
 *                      needs the shared representation Z of the step ({@link GradDrop#setRepresentation})
 * @param eps           guard ε &gt; 0 in the purity {@code P = ½(1 + ΣS/(Σ|S| + ε))}; default 1e-7 (LibMTL)
 */
public record GradDropConfig(double[] leak, GradientSpace gradientSpace, double eps) implements WeightingConfig {

    /** Validates and copies. */
    public GradDropConfig {
        if (leak == null || leak.length == 0) {
            throw new IllegalArgumentException("leak must hold one value or one per task, found "
                    + (leak == null ? "null" : "an empty array"));
        }
        leak = leak.clone();
        for (int i = 0; i < leak.length; i++) {
            if (!(leak[i] >= 0 && leak[i] <= 1)) {
                throw new IllegalArgumentException("leak[" + i + "] must be in [0, 1], found " + leak[i]);
            }
        }
        if (gradientSpace == null) {
            throw new IllegalArgumentException("gradientSpace must be SHARED_PARAMETERS or REPRESENTATION, found null");
        }
        if (!(eps > 0) || !Double.isFinite(eps)) {
            throw new IllegalArgumentException("eps must be a finite number > 0, found " + eps);
        }
    }

    /** @return leak 0, parameter space, ε = 1e-7 */
    public static GradDropConfig defaults() {
        return new GradDropConfig(new double[] {0.0}, GradientSpace.SHARED_PARAMETERS, 1e-7);
    }

    /** @return a copy with the given leak (one value, or one per task) */
    public GradDropConfig withLeak(double... value) {
        return new GradDropConfig(value, gradientSpace, eps);
    }

    /** @return a copy reading the given gradient space */
    public GradDropConfig withGradientSpace(GradientSpace value) {
        return new GradDropConfig(leak, value, eps);
    }

    /** @return a copy with the given ε */
    public GradDropConfig withEps(double value) {
        return new GradDropConfig(leak, gradientSpace, value);
    }

    /** @return a copy of the leak values */
    @Override
    public double[] leak() {
        return leak.clone();
    }

    /** @return the leak of task {@code i} */
    double leakOf(int i) {
        return leak.length == 1 ? leak[0] : leak[i];
    }

    @Override
    public GradDrop create(int numTasks) {
        if (leak.length != 1 && leak.length != numTasks) {
            throw new IllegalArgumentException("leak must hold 1 or m = " + numTasks + " values, found " + leak.length);
        }
        return new GradDrop(this, numTasks);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GradDropConfig c && Arrays.equals(leak, c.leak) && gradientSpace == c.gradientSpace
                && Double.compare(eps, c.eps) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(leak) + gradientSpace.hashCode()) + Double.hashCode(eps);
    }

    @Override
    public String toString() {
        return "GradDropConfig[leak=" + Arrays.toString(leak) + ", gradientSpace=" + gradientSpace + ", eps=" + eps + "]";
    }
}
