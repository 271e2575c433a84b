package org.mtl4j.weighting.gradient;

import java.util.List;
import java.util.SplittableRandom;
import org.mtl4j.core.weighting.Aggregation;
import org.mtl4j.core.weighting.GramianWeighting;
import org.mtl4j.core.weighting.JacobianAggregator;
import org.mtl4j.core.weighting.LossWeighting;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.StepWeights;
import org.mtl4j.core.weighting.WeightingStrategy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Runs any single-batch strategy on a Jacobian given as double rows, independently of the trainer. */
final class Harness {
    private Harness() {
    }

    /** Result of one step: the direction, the weights (null if none) and the raw outcome. */
    record Result(double[] direction, double[] weights, StepWeights stepWeights, Aggregation aggregation) {
    }

    static StepInfo step(long t, long seed) {
        return new StepInfo(t, 0, new SplittableRandom(seed * 1_000_003L + t), List.of());
    }

    static INDArray matrix(double[][] rows, DataType type) {
        return Nd4j.create(rows).castTo(type);
    }

    static double[] ones(int m) {
        double[] l = new double[m];
        java.util.Arrays.fill(l, 1.0);
        return l;
    }

    static Result run(WeightingStrategy s, double[][] rows, double[] losses, StepInfo step) {
        return run(s, rows, losses, step, DataType.DOUBLE);
    }

    static Result run(WeightingStrategy s, double[][] rows, double[] losses, StepInfo step, DataType type) {
        if (s instanceof JacobianAggregator a) {
            INDArray j = matrix(rows, type);
            INDArray before = j.dup();
            INDArray d = Nd4j.create(type, rows[0].length);
            Aggregation agg = a.aggregate(j, losses, step, d);
            if (!j.equals(before)) {
                throw new AssertionError("the Jacobian was modified");
            }
            return new Result(d.castTo(DataType.DOUBLE).toDoubleVector(), agg.weights(), null, agg);
        }
        double[] w;
        StepWeights sw;
        if (s instanceof GramianWeighting g) {
            double[][] gram = gram(rows);
            double[][] copy = new double[gram.length][];
            for (int i = 0; i < gram.length; i++) {
                copy[i] = gram[i].clone();
            }
            sw = g.weigh(gram, losses, step);
            for (int i = 0; i < gram.length; i++) {
                if (!java.util.Arrays.equals(copy[i], gram[i])) {
                    throw new AssertionError("the Gram matrix was modified");
                }
            }
        } else if (s instanceof LossWeighting l) {
            sw = l.weigh(losses, step);
        } else {
            throw new IllegalArgumentException("unsupported family " + s.getClass());
        }
        w = sw.weights();
        return new Result(combine(rows, w), w, sw, null);
    }

    static double[][] gram(double[][] rows) {
        int m = rows.length;
        double[][] g = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                g[i][j] = dot(rows[i], rows[j]);
            }
        }
        return g;
    }

    static double[] combine(double[][] rows, double[] w) {
        double[] d = new double[rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            for (int k = 0; k < d.length; k++) {
                d[k] += w[i] * rows[i][k];
            }
        }
        return d;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    static double[] sum(double[][] rows) {
        return combine(rows, ones(rows.length));
    }

    static double[] axpy(double a, double[] x, double[] y) {
        double[] r = y.clone();
        for (int k = 0; k < r.length; k++) {
            r[k] += a * x[k];
        }
        return r;
    }

    static double[] scale(double a, double[] x) {
        double[] r = new double[x.length];
        for (int k = 0; k < r.length; k++) {
            r[k] = a * x[k];
        }
        return r;
    }

    static double[][] gaussian(int m, int p, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] j = new double[m][p];
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < p; k++) {
                j[i][k] = nextGaussian(r);
            }
        }
        return j;
    }

    static double nextGaussian(SplittableRandom r) {
        double u = r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }

    static double maxAbsDiff(double[] a, double[] b) {
        double m = 0;
        for (int k = 0; k < a.length; k++) {
            m = Math.max(m, Math.abs(a[k] - b[k]));
        }
        return m;
    }

    static void assertClose(double[] expected, double[] actual, double tol, String what) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": length " + actual.length + " != " + expected.length);
        }
        double scale = 1;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        double diff = maxAbsDiff(expected, actual);
        if (!(diff <= tol * scale)) {
            throw new AssertionError(what + ": max |diff| = " + diff + " > " + tol + "·" + scale + "\nexpected "
                    + java.util.Arrays.toString(expected) + "\nactual   " + java.util.Arrays.toString(actual));
        }
    }

    static boolean allFinite(double[] a) {
        for (double v : a) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
