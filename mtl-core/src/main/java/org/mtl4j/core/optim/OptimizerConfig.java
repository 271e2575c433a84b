package org.mtl4j.core.optim;

import org.mtl4j.core.model.nd4j.ComputeLanes;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Immutable configuration of an optimiser that updates a flat parameter vector with a flat
 * gradient-like vector (the model's parameters and the strategy's direction).
 */
public sealed interface OptimizerConfig permits Sgd, Adam {
    /** @return the base learning rate (schedules scale it) */
    double learningRate();

    /**
     * @param params the flat parameter vector the optimiser will update (fixes size and type)
     * @return a fresh optimiser with zero state
     */
    FlatOptimizer create(INDArray params);

    /**
     * An optimiser whose CPU update loop splits the parameter vector in two halves over the given
     * lanes (the model's {@link ComputeLanes}); the same updates as {@link #create(INDArray)}
     * (every element goes through the same arithmetic).
     *
     * @param params the flat parameter vector the optimiser will update (fixes size and type)
     * @param lanes  one or two lanes
     * @return a fresh optimiser with zero state
     */
    FlatOptimizer create(INDArray params, ComputeLanes lanes);
}
