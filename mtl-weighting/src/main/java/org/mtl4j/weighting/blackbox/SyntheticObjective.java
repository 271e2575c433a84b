package org.mtl4j.weighting.blackbox;

/**
 * A {@link SyntheticProblem} instantiated in dimension {@code d}: evaluates both objectives and
 * the distance {@code E(x)} to the problem's Pareto (or vertex) set, spec §21.5. Stateless and
 * immutable; {@code a_i} and {@code b_i} are precomputed.
 */
public final class SyntheticObjective implements BlackBoxObjective {

    private static final double SHIFT_L1 = 0.01;
    private static final double SHIFT_L05 = 0.1;

    private final SyntheticProblem problem;
    private final int dimension;
    private final double[] a;
    private final double[] b;

    SyntheticObjective(SyntheticProblem problem, int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension d must be >= 1, found " + dimension);
        }
        this.problem = problem;
        this.dimension = dimension;
        this.a = new double[dimension];
        this.b = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            double r = dimension == 1 ? 0.0 : (double) i / (dimension - 1);
            a[i] = Math.pow(10.0, 2.0 * r);
            b[i] = Math.pow(10.0, r);
        }
    }

    /** The problem. */
    public SyntheticProblem problem() {
        return problem;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public int numObjectives() {
        return 2;
    }

    @Override
    public double[][] evaluate(double[][] points) {
        double[][] out = new double[points.length][];
        for (int j = 0; j < points.length; j++) {
            out[j] = values(points[j]);
        }
        return out;
    }

    /** {@code (F1(x), F2(x))} for one point of length {@code d}. */
    public double[] values(double[] x) {
        if (x.length != dimension) {
            throw new IllegalArgumentException("x must have length d = " + dimension + ", found " + x.length);
        }
        double f1 = 0;
        double f2 = 0;
        switch (problem) {
            case SHIFT_L1_ELLIPSOID -> {
                for (int i = 0; i < dimension; i++) {
                    f1 += a[i] * Math.abs(x[i] - SHIFT_L1);
                    f2 += a[i] * Math.abs(x[i] + SHIFT_L1);
                }
            }
            case SHIFT_L05_ELLIPSOID -> {
                for (int i = 0; i < dimension; i++) {
                    f1 += Math.sqrt(Math.abs(x[i] - SHIFT_L05));
                    f2 += Math.sqrt(Math.abs(x[i] + SHIFT_L05));
                }
            }
            case ELLIPSOID_RASTRIGIN -> {
                f2 = 10.0 * dimension;
                for (int i = 0; i < dimension; i++) {
                    f1 += a[i] * Math.sqrt(Math.abs(x[i]));
                    double y = b[i] * x[i];
                    f2 += y * y - 10.0 * Math.cos(2.0 * Math.PI * y);
                }
            }
            default -> throw new IllegalStateException("unhandled problem " + problem);
        }
        return new double[] {f1, f2};
    }

    /** Distance {@code E(x)} to the Pareto set (vertex set for the ℓ½ problem), spec §21.5. */
    public double distanceToParetoSet(double[] x) {
        if (x.length != dimension) {
            throw new IllegalArgumentException("x must have length d = " + dimension + ", found " + x.length);
        }
        double s = 0;
        for (int i = 0; i < dimension; i++) {
            double e = switch (problem) {
                case SHIFT_L1_ELLIPSOID -> x[i] - Math.max(-SHIFT_L1, Math.min(SHIFT_L1, x[i]));
                case SHIFT_L05_ELLIPSOID -> Math.min(Math.abs(x[i] - SHIFT_L05), Math.abs(x[i] + SHIFT_L05));
                case ELLIPSOID_RASTRIGIN -> x[i];
            };
            s += e * e;
        }
        return Math.sqrt(s);
    }

    /** The coefficients {@code a_i = 10^{2(i−1)/(d−1)}} (copy). */
    public double[] ellipsoidCoefficients() {
        return a.clone();
    }
}
