package org.mtl4j.weighting.stochastic;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.mtl4j.core.weighting.StepInfo;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Plain double-array helpers for the stochastic tests (independent of the code under test). */
final class Rows {
    private Rows() {
    }

    static StepInfo step(long t) {
        return new StepInfo(t, 0, new SplittableRandom(t), List.of());
    }

    static INDArray array(double[][] rows) {
        return Nd4j.create(rows).castTo(DataType.DOUBLE);
    }

    static List<INDArray> arrays(double[][]... js) {
        List<INDArray> out = new ArrayList<>();
        for (double[][] j : js) {
            out.add(array(j));
        }
        return out;
    }

    static List<double[]> losses(int batches, int m) {
        List<double[]> out = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            double[] l = new double[m];
            java.util.Arrays.fill(l, 1.0);
            out.add(l);
        }
        return out;
    }

    static double[] ones(int m) {
        double[] l = new double[m];
        java.util.Arrays.fill(l, 1.0);
        return l;
    }

    static double[][] gaussian(int m, int p, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] j = new double[m][p];
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < p; k++) {
                double u = r.nextDouble();
                double v = r.nextDouble();
                j[i][k] = Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
            }
        }
        return j;
    }

    static double[][] gram(double[][] a, double[][] b) {
        double[][] g = new double[a.length][b.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                g[i][j] = dot(a[i], b[j]);
            }
        }
        return g;
    }

    /** @return the largest eigenvalue of a symmetric positive semi-definite matrix (power iteration) */
    static double largestEigenvalue(double[][] g) {
        double[] v = ones(g.length);
        double lambda = 0;
        for (int it = 0; it < 1000; it++) {
            double[] w = new double[g.length];
            for (int i = 0; i < g.length; i++) {
                w[i] = dot(g[i], v);
            }
            double n = Math.sqrt(dot(w, w));
            lambda = n / Math.sqrt(dot(v, v));
            for (int i = 0; i < w.length; i++) {
                v[i] = w[i] / n;
            }
        }
        return lambda;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
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

    static double[] vector(INDArray a) {
        return a.castTo(DataType.DOUBLE).toDoubleVector();
    }

    static void assertSimplex(double[] lambda, double tol, String what) {
        double s = 0;
        for (double v : lambda) {
            if (!(v >= 0)) {
                throw new AssertionError(what + ": negative or NaN entry in " + java.util.Arrays.toString(lambda));
            }
            s += v;
        }
        if (Math.abs(s - 1) > tol) {
            throw new AssertionError(what + ": entries sum to " + s + ": " + java.util.Arrays.toString(lambda));
        }
    }

    static void assertClose(double[] expected, double[] actual, double tol, String what) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": length " + actual.length + " != " + expected.length);
        }
        double scale = 1;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= tol * scale)) {
                throw new AssertionError(what + ": entry " + i + ": expected " + expected[i] + ", found " + actual[i]
                        + "\nexpected " + java.util.Arrays.toString(expected) + "\nactual   " + java.util.Arrays.toString(actual));
            }
        }
    }
}
