package org.mtl4j.weighting.gradient;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An {@code m × p} buffer of per-task state kept across steps (DB-MTL's gradient EMA, ExcessMTL's
 * squared-gradient sums): allocated with zeros at the first step in the Jacobian's shape and data
 * type, saved as a flat row-major {@code double[]} (exact for float and double), and restored
 * lazily from a loaded state at the next step, when p and the data type are known.
 */
final class TrackedRows {
    private final String owner;
    private final String key;
    private final int m;
    private INDArray rows;
    private double[] pending;

    /**
     * @param owner method name for messages
     * @param key   state key for messages
     * @param m     number of rows
     */
    TrackedRows(String owner, String key, int m) {
        this.owner = owner;
        this.key = key;
        this.m = m;
    }

    /** @return the buffer for this step's Jacobian (allocated, or restored from a loaded state, on first use) */
    INDArray forJacobian(INDArray jacobian) {
        long p = jacobian.columns();
        if (rows == null) {
            rows = Nd4j.zeros(jacobian.dataType(), m, p);
            if (pending != null) {
                if (pending.length != m * p) {
                    throw new IllegalArgumentException(owner + " state '" + key + "' has " + pending.length
                            + " entries, expected m·p = " + m * p);
                }
                rows.assign(Nd4j.create(pending, new long[] {m, p}, 'c').castTo(jacobian.dataType()));
                pending = null;
            }
        } else if (rows.columns() != p || rows.dataType() != jacobian.dataType()) {
            throw new IllegalArgumentException(owner + " keeps " + Arrays.toString(rows.shape()) + " " + rows.dataType()
                    + " state; this step's Jacobian is " + Arrays.toString(jacobian.shape()) + " " + jacobian.dataType()
                    + " (reset() before changing the model)");
        }
        return rows;
    }

    /** @return the state as a flat row-major copy, or null before the first step (and with nothing loaded) */
    double[] save() {
        if (rows != null) {
            return rows.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        }
        return pending == null ? null : pending.clone();
    }

    /** Loads a flat row-major state (null = empty); checked for finiteness and a length divisible by m. */
    void load(double[] values) {
        rows = null;
        pending = null;
        if (values == null) {
            return;
        }
        if (values.length % m != 0 || values.length == 0) {
            throw new IllegalArgumentException(owner + " state '" + key + "' must have m·p entries (m = " + m + "), found "
                    + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(owner + " state '" + key + "'[" + i + "] must be finite, found " + values[i]);
            }
        }
        pending = values.clone();
    }

    /** Forgets the state. */
    void reset() {
        rows = null;
        pending = null;
    }
}
