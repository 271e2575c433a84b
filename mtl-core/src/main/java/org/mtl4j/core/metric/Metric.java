package org.mtl4j.core.metric;

/**
 * An evaluation metric of one task, with the direction that says whether higher or lower is
 * better. Values are accumulated over a whole evaluation set by a fresh
 * {@link MetricAccumulator} (so that ratios and medians are computed over the set, not averaged
 * over batches).
 */
public interface Metric {
    /** @return stable short name used as a key in results (e.g. {@code "accuracy"}) */
    String name();

    /** @return whether higher or lower values are better */
    Direction direction();

    /** @return a fresh accumulator over an evaluation set */
    MetricAccumulator newAccumulator();
}
