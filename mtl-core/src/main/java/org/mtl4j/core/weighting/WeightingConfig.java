package org.mtl4j.core.weighting;

/**
 * Immutable, validated configuration of a weighting strategy (a record in practice). It is the
 * provenance unit written into run records, and the factory of fresh stateful instances.
 */
public interface WeightingConfig {
    /**
     * @param numTasks number of tasks m ≥ 1
     * @return a fresh strategy instance (independent state)
     */
    WeightingStrategy create(int numTasks);
}
