package org.mtl4j.weighting;

import java.util.List;
import org.mtl4j.core.weighting.WeightingProvider;
import org.mtl4j.weighting.gradient.CaGradConfig;
import org.mtl4j.weighting.gradient.GradDropConfig;
import org.mtl4j.weighting.gradient.GradVacConfig;
import org.mtl4j.weighting.gradient.ImtlConfig;
import org.mtl4j.weighting.gradient.MgdaConfig;
import org.mtl4j.weighting.gradient.NashMtlConfig;
import org.mtl4j.weighting.gradient.PcGradConfig;

/**
 * Registers the gradient-level strategies of {@code org.mtl4j.weighting.gradient} by name for the
 * CLI and config files (listed in {@code META-INF/services/org.mtl4j.core.weighting.WeightingProvider}).
 */
public final class GradientWeightingProvider implements WeightingProvider {
    @Override
    public List<Entry> entries() {
        return List.of(
                new Entry("mgda", MgdaConfig.class,
                        "MGDA: min-norm point of the task gradients (gradientSpace=REPRESENTATION for MGDA-UB)"),
                new Entry("pcgrad", PcGradConfig.class, "PCGrad: project each gradient off the conflicting others, then sum"),
                new Entry("graddrop", GradDropConfig.class, "GradDrop: per-coordinate sign dropout by gradient purity"),
                new Entry("gradvac", GradVacConfig.class, "GradVac: raise pairwise gradient cosines to their EMA targets"),
                new Entry("imtl", ImtlConfig.class, "IMTL: equal projections on unit gradients (G), learnable loss scales (L), or both"),
                new Entry("cagrad", CaGradConfig.class, "CAGrad: best worst-task improvement within c·‖g₀‖ of the mean gradient"),
                new Entry("nash-mtl", NashMtlConfig.class, "Nash-MTL: Nash bargaining weights (Gα = 1/α), max-norm clipped"));
    }
}
