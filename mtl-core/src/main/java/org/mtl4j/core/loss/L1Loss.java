package org.mtl4j.core.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Masked mean absolute error, the NYUv2 depth loss of LibMTL/mtan.
 *
 * <pre>
 *   v_e      = mask_e · [y_e ≠ 0 if validLabels = NONZERO, else 1]
 *   L        = (1 / W) Σ_e v_e |ŷ_e − y_e|,      W = Σ_e v_e   (number of valid elements)
 *   ∂L/∂ŷ_e  = (v_e / W) sign(ŷ_e − y_e)          (sign(0) = 0, a subgradient)
 * </pre>
 * For NYUv2 depth ({@code [B, 1, H, W]}, 0 = missing) use {@link #depth()}: the mask is formed from
 * the labels (valid where the ground-truth depth is non-zero) and multiplied with the optional
 * explicit element mask (see {@link Layouts}). Labels have exactly the output's shape. When no
 * element counts (W = 0) the loss is 0 and the gradient zero. Stateless.
 *
 * @param validLabels which label values count
 */
public record L1Loss(ValidLabels validLabels) implements Loss {

    private static final String WHAT = "L1 loss";

    /** Validates. */
    public L1Loss {
        if (validLabels == null) {
            throw new IllegalArgumentException("validLabels must be ALL or NONZERO, found null");
        }
    }

    /** @return the plain mean absolute error over all elements (explicit mask only) */
    public static L1Loss defaults() {
        return new L1Loss(ValidLabels.ALL);
    }

    /** @return the NYUv2 depth loss: mean absolute error over elements whose label is non-zero */
    public static L1Loss depth() {
        return new L1Loss(ValidLabels.NONZERO);
    }

    @Override
    public double compute(INDArray output, INDArray labels, INDArray mask, INDArray gradOut) {
        Layouts.requireFloatingOutput(output, 1, WHAT + " output");
        Layouts.requireSameShape(output, labels, WHAT);
        INDArray y = labels.dataType() == output.dataType() ? labels : labels.castTo(output.dataType());
        INDArray m = Layouts.elementMask(output, mask, WHAT);
        if (validLabels == ValidLabels.NONZERO) {
            INDArray nonzero = y.neq(0).castTo(output.dataType());
            m = m == null ? nonzero : nonzero.muli(m);
        }
        double total = m == null ? output.length() : Layouts.broadcastSum(m, output.shape());
        if (total == 0) {
            if (gradOut != null) {
                Layouts.zeroGradient(gradOut, output, WHAT);
            }
            return 0.0;
        }
        INDArray diff = output.sub(y);
        if (m != null) {
            diff.muli(m);
        }
        double loss = diff.norm1Number().doubleValue() / total;
        if (gradOut != null) {
            Layouts.writeGradient(gradOut, output, Transforms.sign(diff, false).divi(total), WHAT);
        }
        return loss;
    }

    @Override
    public String name() {
        return "l1";
    }
}
