package org.mtl4j.weighting.stochastic;

import java.util.Arrays;
import java.util.List;
import org.mtl4j.core.weighting.Diagnostics;
import org.mtl4j.weighting.solver.MinNormResult;
import org.mtl4j.weighting.solver.SolverStatus;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Input checks and Jacobian-sized kernels shared by the stochastic strategies: Gram and cross-Gram
 * matrices ({@code A Bᵀ}, one GEMM in the Jacobians' data type, then double), the combination
 * {@code d = Jᵀw} (one BLAS axpy per row, works on strided views), and the mean of several
 * Jacobians. No element-wise Java loops over p.
 */
final class StochasticMath {
    /** Additive guard for norms and denominators (algorithms.md §0.5). */
    static final double EPS = 1e-8;

    private StochasticMath() {
    }

    /** @throws IllegalArgumentException unless {@code m ≥ 1} */
    static void checkTaskCount(int m) {
        if (m < 1) {
            throw new IllegalArgumentException("number of tasks m must be >= 1, found " + m);
        }
    }

    /** Validates one Jacobian {@code [m, p]}, its losses and the direction buffer. */
    static void checkSingle(INDArray jacobian, double[] losses, INDArray direction, int m) {
        checkJacobian("jacobian", jacobian, m);
        checkDirection(direction, jacobian);
        checkLosses("losses", losses, m);
    }

    /**
     * Validates the inputs of a multi-batch call: at least {@code minBatches} Jacobians of equal
     * shape {@code [m, p]} and data type, one loss vector per Jacobian, and the direction buffer.
     */
    static void checkBatches(List<INDArray> jacobians, List<double[]> losses, INDArray direction, int m, int minBatches) {
        if (jacobians == null || jacobians.size() < minBatches) {
            throw new IllegalArgumentException("expected at least " + minBatches + " Jacobians (one per batch), found "
                    + (jacobians == null ? "null" : jacobians.size()));
        }
        if (losses == null || losses.size() != jacobians.size()) {
            throw new IllegalArgumentException("expected one loss vector per batch (" + jacobians.size() + "), found "
                    + (losses == null ? "null" : losses.size()));
        }
        INDArray first = jacobians.get(0);
        for (int b = 0; b < jacobians.size(); b++) {
            INDArray j = jacobians.get(b);
            checkJacobian("jacobian of batch " + b, j, m);
            if (j.columns() != first.columns() || j.dataType() != first.dataType()) {
                throw new IllegalArgumentException("all Jacobians must have the shape and type of batch 0 ["
                        + m + ", " + first.columns() + "] " + first.dataType() + ", batch " + b + " has "
                        + Arrays.toString(j.shape()) + " " + j.dataType());
            }
            checkLosses("losses of batch " + b, losses.get(b), m);
        }
        checkDirection(direction, first);
    }

    private static void checkJacobian(String what, INDArray j, int m) {
        if (j == null || j.rank() != 2) {
            throw new IllegalArgumentException(what + " must be a [m, p] matrix, found "
                    + (j == null ? "null" : Arrays.toString(j.shape())));
        }
        if (j.rows() != m) {
            throw new IllegalArgumentException(what + " must have m = " + m + " rows, found " + j.rows());
        }
    }

    private static void checkDirection(INDArray direction, INDArray jacobian) {
        long p = jacobian.columns();
        if (direction == null || direction.length() != p
                || !(direction.rank() == 1 || direction.rank() == 2 && direction.rows() == 1)) {
            throw new IllegalArgumentException("direction must be a vector of length p = " + p + ", found "
                    + (direction == null ? "null" : Arrays.toString(direction.shape())));
        }
        if (direction.dataType() != jacobian.dataType()) {
            throw new IllegalArgumentException("direction must have the Jacobian's data type " + jacobian.dataType()
                    + ", found " + direction.dataType());
        }
    }

    /** Validates a loss vector: length m, finite values. */
    static void checkLosses(String what, double[] losses, int m) {
        if (losses == null || losses.length != m) {
            throw new IllegalArgumentException(what + " must have length m = " + m + ", found "
                    + (losses == null ? "null" : losses.length));
        }
        for (int i = 0; i < m; i++) {
            if (!Double.isFinite(losses[i])) {
                throw new IllegalArgumentException(what + ": loss of task " + i + " must be finite, found " + losses[i]);
            }
        }
    }

    /** @return {@code G = J Jᵀ} in double, symmetrised; throws when a row is not finite */
    static double[][] gram(INDArray jacobian) {
        double[][] g = crossGram(jacobian, jacobian);
        for (int i = 0; i < g.length; i++) {
            for (int j = 0; j < i; j++) {
                double s = 0.5 * (g[i][j] + g[j][i]);
                g[i][j] = s;
                g[j][i] = s;
            }
        }
        return g;
    }

    /** @return {@code A Bᵀ} ({@code m × m}) in double; throws when an entry is not finite */
    static double[][] crossGram(INDArray a, INDArray b) {
        INDArray g = Nd4j.create(a.dataType(), a.rows(), b.rows());
        Nd4j.gemm(a, b, g, false, true, 1.0, 0.0);
        double[][] out = g.toDoubleMatrix();
        for (int i = 0; i < out.length; i++) {
            for (int j = 0; j < out[i].length; j++) {
                if (!Double.isFinite(out[i][j])) {
                    throw new IllegalArgumentException("inner product of the gradients of tasks " + i + " and " + j
                            + " is not finite (" + out[i][j] + "): non-finite or overflowing gradients");
                }
            }
        }
        return out;
    }

    /** Overwrites {@code direction} with {@code Jᵀw}. */
    static void combine(INDArray jacobian, double[] w, INDArray direction) {
        INDArray out = direction.rank() == 1 ? direction : direction.get(NDArrayIndex.point(0), NDArrayIndex.all());
        out.assign(0.0);
        long p = jacobian.columns();
        for (int i = 0; i < w.length; i++) {
            if (w[i] != 0.0) {
                Nd4j.getBlasWrapper().level1().axpy(p, w[i], jacobian.getRow(i), out);
            }
        }
    }

    /** @return {@code buffer = (1/k) Σ_b J^b} (buffer of J's shape and type), or J itself when k = 1 */
    static INDArray mean(List<INDArray> jacobians, INDArray buffer) {
        if (jacobians.size() == 1) {
            return jacobians.get(0);
        }
        buffer.assign(jacobians.get(0));
        for (int b = 1; b < jacobians.size(); b++) {
            buffer.addi(jacobians.get(b));
        }
        return buffer.divi(jacobians.size());
    }

    /** @return a buffer of J's shape and type, reusing {@code old} when it fits */
    static INDArray bufferLike(INDArray old, INDArray jacobian) {
        if (old != null && old.rows() == jacobian.rows() && old.columns() == jacobian.columns()
                && old.dataType() == jacobian.dataType()) {
            return old;
        }
        return Nd4j.create(jacobian.dataType(), jacobian.rows(), jacobian.columns());
    }

    /** @return the diagnostics for a min-norm solve */
    static Diagnostics diagnostics(String method, MinNormResult r) {
        if (r.status() == SolverStatus.OPTIMAL) {
            return Diagnostics.solved(r.iterations());
        }
        Diagnostics.Outcome o = r.status() == SolverStatus.APPROXIMATE ? Diagnostics.Outcome.APPROXIMATE : Diagnostics.Outcome.FAILED;
        return new Diagnostics(o, r.iterations(), false, method + " min-norm solve " + r.status());
    }

    /** @return {@code Σ_j a_ij x_j} */
    static double[] multiply(double[][] a, double[] x) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            double s = 0;
            for (int j = 0; j < x.length; j++) {
                s += a[i][j] * x[j];
            }
            y[i] = s;
        }
        return y;
    }

    /** @return {@code softmax(a)} computed stably (max subtracted) */
    static double[] softmax(double[] a) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : a) {
            max = Math.max(max, v);
        }
        double[] out = new double[a.length];
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            out[i] = Math.exp(a[i] - max);
            sum += out[i];
        }
        for (int i = 0; i < a.length; i++) {
            out[i] /= sum;
        }
        return out;
    }

    /** @return a copy of {@code state[key]} checked for length and finiteness, or null when absent */
    static double[] stateVector(String method, java.util.Map<String, double[]> state, String key, int length) {
        double[] v = state.get(key);
        if (v == null) {
            return null;
        }
        if (length >= 0 && v.length != length) {
            throw new IllegalArgumentException(method + " state '" + key + "' must have length " + length + ", found " + v.length);
        }
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(method + " state '" + key + "'[" + i + "] must be finite, found " + v[i]);
            }
        }
        return v.clone();
    }

    /** @throws IllegalArgumentException naming the unknown keys of a state map */
    static void rejectUnknownKeys(String method, java.util.Map<String, double[]> state, java.util.Set<String> known) {
        for (String k : state.keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException(method + " state has unknown key '" + k + "'; expected keys " + known);
            }
        }
    }
}
