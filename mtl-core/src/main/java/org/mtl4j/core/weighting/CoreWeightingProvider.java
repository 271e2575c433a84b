package org.mtl4j.core.weighting;

import java.util.List;

/** Registers the strategies of mtl-core (EW). */
public final class CoreWeightingProvider implements WeightingProvider {
    @Override
    public List<Entry> entries() {
        return List.of(new Entry("ew", EqualWeighting.Config.class, "Equal weighting: d = Σ g_i (or the mean)"));
    }
}
