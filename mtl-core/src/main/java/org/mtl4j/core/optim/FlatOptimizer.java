package org.mtl4j.core.optim;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A stateful optimiser over one flat parameter vector. The gradient-like vector is consumed
 * as-is (it is the weighting strategy's direction for the shared part).
 */
public interface FlatOptimizer {
    /**
     * Updates {@code params} in place.
     *
     * @param params       flat parameters
     * @param gradient     flat gradient-like vector of the same length (may be modified as scratch)
     * @param learningRate the learning rate of this step (after schedules)
     */
    void step(INDArray params, INDArray gradient, double learningRate);

    /** @return copies of the state arrays and counters, for checkpoints */
    Map<String, INDArray> saveState();

    /** Restores a state from {@link #saveState()}. */
    void loadState(Map<String, INDArray> state);
}
