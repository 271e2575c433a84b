package org.mtl4j.benchmarks.cli;

import org.mtl4j.core.weighting.BilevelWeighting;
import org.mtl4j.core.weighting.GramianWeighting;
import org.mtl4j.core.weighting.JacobianAggregator;
import org.mtl4j.core.weighting.LossWeighting;
import org.mtl4j.core.weighting.MultiBatchAggregator;
import org.mtl4j.core.weighting.WeightingConfig;
import org.mtl4j.core.weighting.WeightingStrategy;

/** Names the SPI family of a strategy (for listings), by creating a throw-away instance. */
final class Families {
    private Families() {
    }

    static String familyOf(Class<? extends WeightingConfig> type) {
        try {
            WeightingConfig c = (WeightingConfig) type.getMethod("defaults").invoke(null);
            return familyOf(c.create(2));
        } catch (ReflectiveOperationException e) {
            return "unknown";
        }
    }

    static String familyOf(WeightingStrategy s) {
        if (s instanceof LossWeighting) {
            return "loss";
        } else if (s instanceof GramianWeighting) {
            return "gramian";
        } else if (s instanceof JacobianAggregator) {
            return "jacobian";
        } else if (s instanceof MultiBatchAggregator) {
            return "multi-batch";
        } else if (s instanceof BilevelWeighting) {
            return "bilevel";
        }
        return "unknown";
    }
}
