package org.mtl4j.core.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Central finite differences of a loss w.r.t. its output, in double precision. */
final class FiniteDifferences {
    private FiniteDifferences() {
    }

    /**
     * Compares the analytic gradient of {@code loss} at {@code output} with central differences
     * (step 1e-6): |analytic − numeric| ≤ 1e-7 + 1e-5·|numeric| per element. With h = 1e-6 in
     * double the truncation error is O(h²·f''') ≈ 1e-12 and the rounding error ≈ 1e-16/1e-6 =
     * 1e-10, far below the tolerance.
     */
    static void check(Loss loss, INDArray output, INDArray labels, INDArray mask) {
        assertEquals(DataType.DOUBLE, output.dataType(), "gradient checks run in double");
        INDArray analytic = output.ulike();
        loss.compute(output, labels, mask, analytic);
        INDArray x = output.dup();
        INDArray flat = x.reshape(x.length());
        double h = 1e-6;
        double maxAbs = 0;
        for (long i = 0; i < x.length(); i++) {
            double orig = flat.getDouble(i);
            flat.putScalar(i, orig + h);
            double plus = loss.value(x, labels, mask);
            flat.putScalar(i, orig - h);
            double minus = loss.value(x, labels, mask);
            flat.putScalar(i, orig);
            double numeric = (plus - minus) / (2 * h);
            double a = analytic.reshape(analytic.length()).getDouble(i);
            maxAbs = Math.max(maxAbs, Math.abs(numeric));
            assertEquals(numeric, a, 1e-7 + 1e-5 * Math.abs(numeric),
                    loss.name() + ": gradient element " + i + " analytic " + a + " numeric " + numeric);
        }
        assertTrue(maxAbs > 1e-4, "the check must see a non-trivial gradient, max |g| = " + maxAbs);
    }
}
