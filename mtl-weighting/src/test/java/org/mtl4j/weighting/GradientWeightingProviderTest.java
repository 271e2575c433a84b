package org.mtl4j.weighting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mtl4j.core.weighting.GradientSpace;
import org.mtl4j.core.weighting.WeightingProvider;
import org.mtl4j.core.weighting.WeightingRegistry;
import org.mtl4j.weighting.gradient.CaGradConfig;
import org.mtl4j.weighting.gradient.GradDropConfig;
import org.mtl4j.weighting.gradient.GradVacConfig;
import org.mtl4j.weighting.gradient.ImtlConfig;
import org.mtl4j.weighting.gradient.MgdaConfig;
import org.mtl4j.weighting.gradient.NashMtlConfig;
import org.mtl4j.weighting.gradient.PcGradConfig;

class GradientWeightingProviderTest {
    private final WeightingRegistry registry = WeightingRegistry.load();

    @Test
    void everyGradientStrategyIsRegisteredWithItsDefaults() {
        List<String> expected = List.of("mgda", "pcgrad", "graddrop", "gradvac", "imtl", "cagrad", "nash-mtl");
        for (WeightingProvider.Entry e : new GradientWeightingProvider().entries()) {
            assertEquals(e.configType(), registry.find(e.name()).configType(), e.name());
        }
        for (String name : expected) {
            assertEquals(name, registry.nameOf(registry.configure(name, Map.of())));
        }
        assertEquals(MgdaConfig.defaults(), registry.configure("mgda", Map.of()));
        assertEquals(PcGradConfig.defaults(), registry.configure("pcgrad", Map.of()));
        assertEquals(GradDropConfig.defaults(), registry.configure("graddrop", Map.of()));
        assertEquals(GradVacConfig.defaults(), registry.configure("gradvac", Map.of()));
        assertEquals(ImtlConfig.defaults(), registry.configure("imtl", Map.of()));
        assertEquals(CaGradConfig.defaults(), registry.configure("cagrad", Map.of()));
        assertEquals(NashMtlConfig.defaults(), registry.configure("nash-mtl", Map.of()));
    }

    @Test
    void parametersParseFromText() {
        assertEquals(CaGradConfig.defaults().withC(0.4).withRescale(CaGradConfig.Rescale.NONE).withScaleToSum(true),
                registry.configure("cagrad", Map.of("c", "0.4", "rescale", "none", "scaleToSum", "true")));
        assertEquals(MgdaConfig.upperBound(),
                registry.configure("mgda", Map.of("gradientSpace", "representation", "normalization", "loss-plus")));
        assertEquals(GradVacConfig.GroupType.ALL_MATRIX,
                ((GradVacConfig) registry.configure("gradvac", Map.of("groupType", "all-matrix"))).groupType());
        GradDropConfig drop = (GradDropConfig) registry.configure("graddrop", Map.of("leak", "0.1, 0.2", "gradientSpace", "REPRESENTATION"));
        assertArrayEquals(new double[] {0.1, 0.2}, drop.leak(), 0.0);
        assertEquals(GradientSpace.REPRESENTATION, drop.gradientSpace());
        assertEquals(NashMtlConfig.defaults().withUpdateWeightsEvery(5).withMaxNorm(0),
                registry.configure("nash-mtl", Map.of("updateWeightsEvery", "5", "maxNorm", "0")));
        assertEquals(ImtlConfig.Variant.L_ONLY, ((ImtlConfig) registry.configure("imtl", Map.of("variant", "l-only"))).variant());
    }

    @Test
    void badParametersAreRejectedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.configure("cagrad", Map.of("c", "-0.1")));
        assertTrue(e.getMessage().contains("-0.1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> registry.configure("pcgrad", Map.of("reduction", "median")));
        assertThrows(IllegalArgumentException.class, () -> registry.configure("gradvac", Map.of("beta", "2")));
        assertThrows(IllegalArgumentException.class, () -> registry.configure("mgda", Map.of("calpha", "1")));
    }
}
