package org.mtl4j.core.metric;

import org.mtl4j.core.loss.Layouts;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Per-pixel angular errors of a surface-normal output, in degrees:
 * {@code θ = degrees(acos(clamp(⟨p / max(‖p‖, 1e-12), g⟩, −1, 1)))} for output and labels
 * {@code [B, C, d1..dk]}; valid where {@code Σ_c g_c ≠ 0} and the position mask is 1.
 *
 * @param degrees angles {@code [B, 1, d1..dk]} in the output's data type
 * @param valid   1 where the pixel counts, else 0, same shape
 */
record NormalAngles(INDArray degrees, INDArray valid) {

    private static final double EPSILON = 1e-12;

    static NormalAngles of(INDArray output, INDArray labels, INDArray mask, String what) {
        Layouts.requireFloatingOutput(output, 2, what + " output");
        Layouts.requireSameShape(output, labels, what);
        INDArray g = labels.dataType() == output.dataType() ? labels : labels.castTo(output.dataType());
        INDArray valid = g.sum(true, 1).neq(0).castTo(output.dataType());
        INDArray m = Layouts.positionMask(output, mask, what);
        if (m != null) {
            valid.muli(m);
        }
        INDArray unit = output.div(Transforms.max(output.norm2(true, 1), EPSILON, false));
        INDArray cos = unit.muli(g).sum(true, 1);
        INDArray clamped = Transforms.min(Transforms.max(cos, -1.0, false), 1.0, false);
        INDArray degrees = Transforms.acos(clamped, false).muli(180.0 / Math.PI);
        return new NormalAngles(degrees, valid);
    }

    /** @return the angles of the valid pixels, in position order (bulk copies) */
    float[] validDegrees() {
        float[] all = degrees.ravel().toFloatVector();
        float[] keep = valid.ravel().toFloatVector();
        int n = 0;
        for (float k : keep) {
            if (k != 0) {
                n++;
            }
        }
        float[] out = new float[n];
        int j = 0;
        for (int i = 0; i < all.length; i++) {
            if (keep[i] != 0) {
                out[j++] = all[i];
            }
        }
        return out;
    }
}
