package org.mtl4j.core.weighting;

/**
 * Implemented by strategies that treat the shared parameters block by block (GradVac per layer
 * or per parameter tensor). Before the first step the trainer (or the {@code aggregate} tool)
 * passes the sizes of the consecutive parameter blocks of θ, in flat-buffer order, summing to p.
 * Without a call, the whole vector is one block.
 */
public interface ParameterBlocksAware {
    /**
     * @param layerSizes  sizes of the layers' parameter blocks (sum = p)
     * @param tensorSizes sizes of the individual parameter tensors (weights, biases; sum = p)
     */
    void setParameterBlocks(long[] layerSizes, long[] tensorSizes);
}
