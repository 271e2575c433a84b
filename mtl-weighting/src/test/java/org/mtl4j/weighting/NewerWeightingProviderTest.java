package org.mtl4j.weighting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mtl4j.core.weighting.FallbackPolicy;
import org.mtl4j.core.weighting.GramianWeighting;
import org.mtl4j.core.weighting.JacobianAggregator;
import org.mtl4j.core.weighting.LossWeighting;
import org.mtl4j.core.weighting.MultiBatchAggregator;
import org.mtl4j.core.weighting.WeightingConfig;
import org.mtl4j.core.weighting.WeightingProvider;
import org.mtl4j.core.weighting.WeightingRegistry;
import org.mtl4j.weighting.gradient.AlignedMtlConfig;
import org.mtl4j.weighting.gradient.DbMtlConfig;
import org.mtl4j.weighting.gradient.ExcessMtlConfig;
import org.mtl4j.weighting.gradient.FairGradConfig;
import org.mtl4j.weighting.gradient.UpGradConfig;
import org.mtl4j.weighting.loss.Famo;
import org.mtl4j.weighting.loss.Stch;
import org.mtl4j.weighting.solver.MinNormSolver;
import org.mtl4j.weighting.stochastic.MoCo;
import org.mtl4j.weighting.stochastic.MoDo;
import org.mtl4j.weighting.stochastic.SdmGrad;
import org.mtl4j.weighting.stochastic.Smg;

/** The new strategies are found by name through META-INF/services, in their families, and configured from strings. */
class NewerWeightingProviderTest {
    private final WeightingRegistry registry = WeightingRegistry.load();

    @Test
    void everyNameResolvesToItsDefaultsInItsFamily() {
        Map<String, WeightingConfig> expected = new LinkedHashMap<>();
        expected.put("smg", Smg.Config.defaults());
        expected.put("moco", MoCo.Config.defaults());
        expected.put("modo", MoDo.Config.defaults());
        expected.put("sdmgrad", SdmGrad.Config.defaults());
        expected.put("famo", Famo.Config.defaults());
        expected.put("stch", Stch.Config.defaults());
        expected.put("aligned-mtl", AlignedMtlConfig.defaults());
        expected.put("db-mtl", DbMtlConfig.defaults());
        expected.put("upgrad", UpGradConfig.defaults());
        expected.put("fairgrad", FairGradConfig.defaults());
        expected.put("excess-mtl", ExcessMtlConfig.defaults());
        for (Map.Entry<String, WeightingConfig> e : expected.entrySet()) {
            WeightingConfig c = registry.configure(e.getKey(), Map.of());
            assertEquals(e.getValue(), c, e.getKey());
            assertEquals(e.getKey(), registry.nameOf(c));
            assertEquals(3, c.create(3).numTasks());
        }
        assertInstanceOf(JacobianAggregator.class, registry.configure("smg", Map.of()).create(2));
        assertInstanceOf(JacobianAggregator.class, registry.configure("moco", Map.of()).create(2));
        assertInstanceOf(MultiBatchAggregator.class, registry.configure("modo", Map.of()).create(2));
        assertInstanceOf(MultiBatchAggregator.class, registry.configure("sdmgrad", Map.of()).create(2));
        assertInstanceOf(LossWeighting.class, registry.configure("famo", Map.of()).create(2));
        assertInstanceOf(LossWeighting.class, registry.configure("stch", Map.of()).create(2));
        assertInstanceOf(GramianWeighting.class, registry.configure("aligned-mtl", Map.of()).create(2));
        assertInstanceOf(JacobianAggregator.class, registry.configure("db-mtl", Map.of()).create(2));
        assertInstanceOf(GramianWeighting.class, registry.configure("upgrad", Map.of()).create(2));
        assertInstanceOf(GramianWeighting.class, registry.configure("fairgrad", Map.of()).create(2));
        assertInstanceOf(JacobianAggregator.class, registry.configure("excess-mtl", Map.of()).create(2));
        List<String> names = new NewerWeightingProvider().entries().stream().map(WeightingProvider.Entry::name).toList();
        assertEquals(List.copyOf(expected.keySet()), names);
    }

    @Test
    void parametersAreParsedAndValidated() {
        assertEquals(MoCo.Config.projected(), registry.configure("moco", Map.of("lambdaUpdate", "projection")));
        WeightingConfig smg = registry.configure("smg", Map.of("growth", "linear", "initialBatches", "2", "rate", "0.5",
                "maxBatches", "8", "solver", "frank-wolfe"));
        assertEquals(new Smg.Config(Smg.BatchGrowth.LINEAR, 2, 0.5, 8, MinNormSolver.Method.FRANK_WOLFE), smg);
        assertInstanceOf(MultiBatchAggregator.class, smg.create(2));
        assertEquals(new Famo.Config(0.025, 1e-3, new double[] {0.1, 0.2}), registry.configure("famo", Map.of("minLosses", "0.1, 0.2")));
        assertEquals(new FairGradConfig(2, FallbackPolicy.USE_UNIFORM),
                registry.configure("fairgrad", Map.of("alpha", "2", "fallback", "use-uniform")));
        assertEquals(new SdmGrad.Config(0.3, 20, SdmGrad.Sampling.TWO), registry.configure("sdmgrad", Map.of("sampling", "two")));
        assertEquals(2, ((MultiBatchAggregator) registry.configure("sdmgrad", Map.of("sampling", "two")).create(3)).batchesPerStep());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> registry.configure("smg", Map.of("growth", "linear")));
        assertTrue(e.getMessage().contains("initialBatches"), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> registry.configure("upgrad", Map.of("pref", "0.5,-1")));
        assertTrue(e2.getMessage().contains("pref[1]") && e2.getMessage().contains("-1.0"), e2.getMessage());
        assertThrows(IllegalArgumentException.class, () -> registry.configure("aligned-mtl", Map.of("pref", "1,2")).create(3));
    }
}
