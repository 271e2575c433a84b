package org.mtl4j.weighting.bilevel;

import org.mtl4j.core.data.MtlBatch;
import org.mtl4j.core.grad.NonFiniteException;
import org.mtl4j.core.weighting.BilevelContext;
import org.mtl4j.core.weighting.Diagnostics;
import org.mtl4j.core.weighting.UpperLevelData;
import org.mtl4j.weighting.solver.SolverStatus;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small helpers shared by {@link Moml} and {@link Forum}: batch checks, Gram matrices in double, diagnostics. */
final class BilevelSteps {
    private BilevelSteps() {
    }

    static void checkTasks(BilevelContext context, int m, String method) {
        if (context.numTasks() != m) {
            throw new IllegalArgumentException(method + " was created for " + m + " tasks, the context has " + context.numTasks());
        }
    }

    static MtlBatch lower(BilevelContext context, String method) {
        MtlBatch b = context.nextLowerBatch();
        if (b == null) {
            throw new IllegalStateException(method + " needs lower-level (training) batches, but the context returned none");
        }
        return b;
    }

    static MtlBatch upper(BilevelContext context, String method, UpperLevelData data) {
        MtlBatch b = context.nextUpperBatch();
        if (b == null) {
            throw new IllegalStateException(method + " needs upper-level batches (upperData = " + data
                    + "), but the context returned none; give the trainer "
                    + (data == UpperLevelData.VALIDATION_SPLIT ? "validation data" : "training data"));
        }
        return b;
    }

    /** @return {@code rows · rowsᵀ} of an {@code [n, P]} matrix, computed in double */
    static double[][] gram(INDArray rows) {
        INDArray d = rows.dataType() == DataType.DOUBLE ? rows : rows.castTo(DataType.DOUBLE);
        int n = (int) rows.rows();
        INDArray g = Nd4j.createUninitialized(DataType.DOUBLE, n, n);
        Nd4j.gemm(d, d, g, false, true, 1.0, 0.0);
        double[][] out = g.toDoubleMatrix();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = 0.5 * (out[i][j] + out[j][i]);
                out[i][j] = s;
                out[j][i] = s;
            }
        }
        return out;
    }

    /** @return {@code a · bᵀ} of {@code [n, P]} and {@code [k, P]} matrices, computed in double */
    static double[][] cross(INDArray a, INDArray b) {
        INDArray da = a.dataType() == DataType.DOUBLE ? a : a.castTo(DataType.DOUBLE);
        INDArray db = b.dataType() == DataType.DOUBLE ? b : b.castTo(DataType.DOUBLE);
        INDArray g = Nd4j.createUninitialized(DataType.DOUBLE, a.rows(), b.rows());
        Nd4j.gemm(da, db, g, false, true, 1.0, 0.0);
        return g.toDoubleMatrix();
    }

    /** @return {@code wᵀ rows} as a vector of length P in the rows' data type */
    static INDArray combine(INDArray rows, double[] w) {
        INDArray wr = Nd4j.create(new double[][] {w}).castTo(rows.dataType());
        INDArray out = Nd4j.createUninitialized(rows.dataType(), 1, rows.columns());
        Nd4j.gemm(wr, rows, out, false, false, 1.0, 0.0);
        return out.reshape(rows.columns());
    }

    static Diagnostics diagnostics(SolverStatus status, boolean fallback, String message) {
        if (fallback) {
            return new Diagnostics(Diagnostics.Outcome.FAILED, 0, true, message);
        }
        return status == SolverStatus.OPTIMAL ? Diagnostics.ok()
                : new Diagnostics(Diagnostics.Outcome.APPROXIMATE, 0, false, message);
    }

    static void requireFinite(INDArray v, String what) {
        double n = v.norm2Number().doubleValue();
        if (!Double.isFinite(n)) {
            throw new NonFiniteException(what + " is not finite (norm " + n + "); lower the learning rates or check the losses");
        }
    }
}
