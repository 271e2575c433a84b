package org.mtl4j.weighting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mtl4j.core.weighting.WeightingConfig;
import org.mtl4j.core.weighting.WeightingProvider;
import org.mtl4j.core.weighting.WeightingRegistry;
import org.mtl4j.weighting.loss.DynamicWeightAverage;
import org.mtl4j.weighting.loss.GeometricLossStrategy;
import org.mtl4j.weighting.loss.GradNorm;
import org.mtl4j.weighting.loss.RandomLossWeighting;
import org.mtl4j.weighting.loss.UncertaintyWeighting;

/** The loss-level strategies are found by name through META-INF/services and configured from strings. */
class LossWeightingProviderTest {
    private final WeightingRegistry registry = WeightingRegistry.load();

    @Test
    void everyNameResolvesToItsDefaults() {
        Map<String, WeightingConfig> expected = Map.of(
                "uw", UncertaintyWeighting.Config.defaults(),
                "dwa", DynamicWeightAverage.Config.defaults(),
                "gradnorm", GradNorm.Config.defaults(),
                "rlw", RandomLossWeighting.Config.defaults(),
                "gls", GeometricLossStrategy.Config.defaults());
        for (Map.Entry<String, WeightingConfig> e : expected.entrySet()) {
            WeightingConfig c = registry.configure(e.getKey(), Map.of());
            assertEquals(e.getValue(), c, e.getKey());
            assertEquals(e.getKey(), registry.nameOf(c));
            assertEquals(3, c.create(3).numTasks());
        }
        List<String> names = registry.entries().stream().map(WeightingProvider.Entry::name).toList();
        assertTrue(names.containsAll(List.of("uw", "dwa", "gradnorm", "rlw", "gls")), names.toString());
    }

    @Test
    void parametersAreParsedAndValidated() {
        assertEquals(new RandomLossWeighting.Config(RandomLossWeighting.Distribution.BERNOULLI_K, 1.0, 2),
                registry.configure("rlw", Map.of("distribution", "bernoulli-k", "k", "2")));
        WeightingConfig gn = registry.configure("gradnorm", Map.of("initialLoss", "first_step", "warmupEpochs", "0", "alpha", "0.5"));
        assertEquals(new GradNorm.Config(0.5, GradNorm.NormScope.ALL_SHARED, 0, GradNorm.InitialLoss.FIRST_STEP), gn);
        assertInstanceOf(UncertaintyWeighting.class, registry.configure("UW", Map.of("sInit", "0")).create(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> registry.configure("dwa", Map.of("temperature", "-1")));
        assertEquals("temperature must be finite and > 0, found -1.0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> registry.configure("gradnorm", Map.of("warmupEpochs", "0")));
    }

    @Test
    void providerListsItsEntriesSorted() {
        List<String> names = new LossWeightingProvider().entries().stream().map(WeightingProvider.Entry::name).toList();
        assertEquals(List.of("dwa", "gls", "gradnorm", "rlw", "uw"), names);
    }
}
