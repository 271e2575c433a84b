package org.mtl4j.weighting.blackbox;

import java.util.Objects;

/**
 * A black-box objective searched in a random low-dimensional subspace:
 * <pre>
 *   F(v) = G(A v),   v ∈ R^d,  A : R^d → R^D  a fixed {@link RandomProjection}
 * </pre>
 * where {@code G : R^D → R^m} is the wrapped objective (e.g. a frozen network queried with the
 * prompt {@code Av}). A batch of points is mapped with one matrix product and handed to {@code G}
 * as one batch, so {@code G} sees exactly the batches the optimiser asks for (one per ASMG/ES
 * iteration). No state besides the two references.
 */
public final class ProjectedObjective implements BlackBoxObjective {

    private final BlackBoxObjective inner;
    private final RandomProjection projection;

    /**
     * @param inner      {@code G}, of dimension {@code D}
     * @param projection {@code A}, with output dimension {@code D}
     * @throws IllegalArgumentException if the dimensions do not match
     */
    public ProjectedObjective(BlackBoxObjective inner, RandomProjection projection) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.projection = Objects.requireNonNull(projection, "projection");
        if (inner.dimension() != projection.outputDimension()) {
            throw new IllegalArgumentException("projection output dimension D = " + projection.outputDimension()
                    + " must equal the inner objective's dimension " + inner.dimension());
        }
    }

    @Override
    public int dimension() {
        return projection.inputDimension();
    }

    @Override
    public int numObjectives() {
        return inner.numObjectives();
    }

    @Override
    public double[][] evaluate(double[][] points) {
        double[][] mapped = projection.project(points).toDoubleMatrix();
        return inner.evaluate(mapped);
    }

    /** The projection {@code A}. */
    public RandomProjection projection() {
        return projection;
    }
}
