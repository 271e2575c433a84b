package org.mtl4j.weighting.solver;

import java.util.SplittableRandom;

/** Seeded generators of task-gradient matrices J (rows g_i) and their Gram matrices, for tests. */
final class GramFixtures {

    private GramFixtures() {
    }

    static double[][] gaussian(SplittableRandom rng, int m, int p) {
        double[][] j = new double[m][p];
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < p; k++) {
                j[i][k] = gauss(rng);
            }
        }
        return j;
    }

    static double gauss(SplittableRandom rng) {
        double u = rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2.0 * Math.log(1.0 - u)) * Math.cos(2 * Math.PI * v);
    }

    /** Gram {@code J Jᵀ}, computed in double. */
    static double[][] gram(double[][] j) {
        int m = j.length;
        double[][] g = new double[m][m];
        for (int a = 0; a < m; a++) {
            for (int b = a; b < m; b++) {
                double s = 0;
                for (int k = 0; k < j[a].length; k++) {
                    s += j[a][k] * j[b][k];
                }
                g[a][b] = s;
                g[b][a] = s;
            }
        }
        return g;
    }

    /** {@code d = Jᵀ w}. */
    static double[] combine(double[][] j, double[] w) {
        double[] d = new double[j[0].length];
        for (int i = 0; i < j.length; i++) {
            for (int k = 0; k < d.length; k++) {
                d[k] += w[i] * j[i][k];
            }
        }
        return d;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double frobenius(double[][] a) {
        double s = 0;
        for (double[] row : a) {
            for (double v : row) {
                s += v * v;
            }
        }
        return Math.sqrt(s);
    }

    static double[][] scaled(double[][] a, double c) {
        double[][] r = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i].clone();
            for (int k = 0; k < r[i].length; k++) {
                r[i][k] *= c;
            }
        }
        return r;
    }

    /** Rows rescaled to norms spread log-uniformly over [lo, hi]. */
    static double[][] spreadNorms(double[][] j, double lo, double hi) {
        double[][] r = new double[j.length][];
        for (int i = 0; i < j.length; i++) {
            double n = Math.sqrt(dot(j[i], j[i]));
            double t = j.length == 1 ? 0 : (double) i / (j.length - 1);
            double target = lo * Math.pow(hi / lo, t);
            r[i] = j[i].clone();
            for (int k = 0; k < r[i].length; k++) {
                r[i][k] *= target / n;
            }
        }
        return r;
    }
}
