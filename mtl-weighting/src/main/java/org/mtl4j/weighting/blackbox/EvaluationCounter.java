package org.mtl4j.weighting.blackbox;

import java.util.Objects;

/**
 * Counting wrapper around a {@link BlackBoxObjective}: every point evaluated is one
 * evaluation (of all {@code m} objectives), which is the budget unit of the black-box
 * optimisers and of their comparison (§21 of the spec: ASMG spends {@code N + 1} evaluations
 * per iteration).
 *
 * <p>It also enforces the shape contract on every call: input rows must have length
 * {@code d}, and the objective must return exactly one row of length {@code m} per point,
 * where {@code d} and {@code m} are fixed when the counter is created. A result with a
 * different number of objectives (an "m mismatch" between evaluations) is an
 * {@link IllegalStateException} naming the point and both sizes.
 *
 * <p>Not thread-safe; one counter belongs to one optimiser run.
 */
public final class EvaluationCounter implements BlackBoxObjective {

    private final BlackBoxObjective delegate;
    private final int dimension;
    private final int numObjectives;
    private long evaluations;
    private long batches;

    /**
     * @param delegate the objective to count; its {@code dimension()} and {@code numObjectives()}
     *                 must be ≥ 1 and are fixed from now on
     */
    public EvaluationCounter(BlackBoxObjective delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.dimension = delegate.dimension();
        this.numObjectives = delegate.numObjectives();
        if (dimension < 1) {
            throw new IllegalArgumentException("objective dimension d must be >= 1, found " + dimension);
        }
        if (numObjectives < 1) {
            throw new IllegalArgumentException("objective numObjectives m must be >= 1, found " + numObjectives);
        }
    }

    /**
     * Wraps {@code objective} unless it already is a counter (then it is returned as is, so that
     * its count keeps accumulating).
     */
    public static EvaluationCounter of(BlackBoxObjective objective) {
        return objective instanceof EvaluationCounter counter ? counter : new EvaluationCounter(objective);
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public int numObjectives() {
        return numObjectives;
    }

    /**
     * Evaluates through the delegate, counts {@code points.length} evaluations and checks the
     * shapes of input and output.
     *
     * @throws IllegalArgumentException if a point does not have length {@code d}
     * @throws IllegalStateException    if the objective returns the wrong number of rows or a row
     *                                  whose length is not {@code m}
     */
    @Override
    public double[][] evaluate(double[][] points) {
        Objects.requireNonNull(points, "points");
        for (int j = 0; j < points.length; j++) {
            if (points[j] == null || points[j].length != dimension) {
                throw new IllegalArgumentException("point " + j + " must have length d = " + dimension
                        + ", found " + (points[j] == null ? "null" : points[j].length));
            }
        }
        double[][] values = delegate.evaluate(points);
        evaluations += points.length;
        batches++;
        if (values == null || values.length != points.length) {
            throw new IllegalStateException("objective returned " + (values == null ? "null" : values.length + " rows")
                    + " for " + points.length + " points; expected one row per point");
        }
        for (int j = 0; j < values.length; j++) {
            if (values[j] == null || values[j].length != numObjectives) {
                throw new IllegalStateException("objective returned " + (values[j] == null ? "null" : values[j].length
                        + " values") + " for point " + j + " of batch " + batches + ", expected m = "
                        + numObjectives + " (numObjectives() of the objective when the counter was created)");
            }
        }
        return values;
    }

    /** Points evaluated so far (each counts once, whatever its values). */
    public long evaluations() {
        return evaluations;
    }

    /** Calls of {@link #evaluate(double[][])} so far. */
    public long batches() {
        return batches;
    }

    /** The wrapped objective. */
    public BlackBoxObjective delegate() {
        return delegate;
    }
}
