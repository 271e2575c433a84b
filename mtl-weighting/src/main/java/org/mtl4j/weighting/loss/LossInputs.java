package org.mtl4j.weighting.loss;

import java.util.Arrays;
import java.util.List;

/** Validation of the inputs shared by the loss-level strategies (package-private helpers). */
final class LossInputs {
    private LossInputs() {
    }

    /** @throws IllegalArgumentException unless {@code m ≥ 1} */
    static void checkTaskCount(int m) {
        if (m < 1) {
            throw new IllegalArgumentException("number of tasks m must be >= 1, found " + m);
        }
    }

    /** @throws IllegalArgumentException unless losses has length m and finite entries */
    static void checkLosses(String method, double[] losses, int m) {
        if (losses == null || losses.length != m) {
            throw new IllegalArgumentException(method + ": expected " + m + " losses (one per task), found "
                    + (losses == null ? "null" : losses.length + ": " + Arrays.toString(losses)));
        }
        for (int i = 0; i < m; i++) {
            if (!Double.isFinite(losses[i])) {
                throw new IllegalArgumentException(method + ": loss of task " + i + " is not finite: " + losses[i]);
            }
        }
    }

    /** @throws IllegalArgumentException unless every history entry has length m and finite entries */
    static void checkHistory(String method, List<double[]> history, int m) {
        for (int e = 0; e < history.size(); e++) {
            double[] h = history.get(e);
            if (h == null || h.length != m) {
                throw new IllegalArgumentException(method + ": epoch-loss history entry " + e + " must have length " + m
                        + ", found " + (h == null ? "null" : Arrays.toString(h)));
            }
            for (int i = 0; i < m; i++) {
                if (!Double.isFinite(h[i])) {
                    throw new IllegalArgumentException(method + ": mean loss of task " + i + " in epoch " + e
                            + " is not finite: " + h[i]);
                }
            }
        }
    }

    /** @throws IllegalArgumentException unless values has length m and finite entries */
    static double[] checkedCopy(String method, String what, double[] values, int m) {
        if (values == null || values.length != m) {
            throw new IllegalArgumentException(method + ": " + what + " must have length " + m + ", found "
                    + (values == null ? "null" : values.length + ": " + Arrays.toString(values)));
        }
        for (int i = 0; i < m; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(method + ": " + what + "[" + i + "] is not finite: " + values[i]);
            }
        }
        return values.clone();
    }

    /** @return {@code softmax(a)} computed stably (max subtracted); uniform if every entry is −∞ */
    static double[] softmax(double[] a) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : a) {
            max = Math.max(max, v);
        }
        double[] out = new double[a.length];
        if (max == Double.NEGATIVE_INFINITY) {
            Arrays.fill(out, 1.0 / a.length);
            return out;
        }
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
}
