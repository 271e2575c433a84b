package org.mtl4j.weighting.blackbox;

/**
 * A vector objective {@code F : R^d → R^m} that can only be evaluated ("inference API"):
 * no gradient is ever requested.
 *
 * <p>Points are evaluated in batches so that an implementation can share work between them
 * (for a network: one forward pass over a common mini-batch for all points of an ASMG
 * iteration, as §21.3 step 2 of the spec recommends).
 *
 * <p>Contract: {@code evaluate(points)} returns one row per point, in the same order, each of
 * length {@link #numObjectives()}. The implementation must not modify {@code points} and must
 * not keep references to them after returning (optimisers reuse their buffers). Values may be
 * non-finite; what happens then is decided by the caller's {@link NonFinitePolicy}.
 * Optimisers always evaluate through an {@link EvaluationCounter}, which counts evaluations and
 * rejects results of the wrong shape.
 */
public interface BlackBoxObjective {

    /** Dimension {@code d ≥ 1} of the search space. */
    int dimension();

    /** Number {@code m ≥ 1} of objectives. */
    int numObjectives();

    /**
     * Evaluates all objectives at every point.
     *
     * @param points {@code n × d} array, one point per row
     * @return {@code n × m} array with {@code F(points[j])} in row {@code j}
     */
    double[][] evaluate(double[][] points);
}
