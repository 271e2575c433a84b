package org.mtl4j.core.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Binary cross-entropy on logits (PyTorch's {@code BCEWithLogitsLoss}, mean reduction), for
 * independent binary targets such as the 40 CelebA attributes.
 *
 * <pre>
 *   ℓ(x, y)  = max(x, 0) − x·y + log(1 + exp(−|x|))        (= −y log σ(x) − (1−y) log(1−σ(x)), overflow-free)
 *   L        = (1 / W) Σ_e w_e ℓ(x_e, y_e),                 W = Σ_e w_e
 *   ∂L/∂x_e  = (w_e / W) (σ(x_e) − y_e)
 * </pre>
 * over all elements e of the output; {@code w_e} is the element mask (1 when absent). Labels have
 * the output's shape with values in [0, 1] (soft targets allowed). The optional mask is an element
 * mask (see {@link Layouts}). When no element counts (W = 0) the loss is 0 and the gradient zero.
 *
 * <p>Stateless; finite for logits of any magnitude.
 */
public record BinaryCrossEntropy() implements Loss {

    private static final String WHAT = "binary cross-entropy";

    /** @return the binary cross-entropy */
    public static BinaryCrossEntropy defaults() {
        return new BinaryCrossEntropy();
    }

    @Override
    public double compute(INDArray output, INDArray labels, INDArray mask, INDArray gradOut) {
        Layouts.requireFloatingOutput(output, 1, WHAT + " output");
        Layouts.requireSameShape(output, labels, WHAT);
        INDArray y = labels.dataType() == output.dataType() ? labels : labels.castTo(output.dataType());
        double min = y.minNumber().doubleValue();
        double max = y.maxNumber().doubleValue();
        if (!(min >= 0 && max <= 1)) {
            throw new IllegalArgumentException(WHAT + ": labels must lie in [0, 1], found range [" + min + ", " + max + "]");
        }
        INDArray m = Layouts.elementMask(output, mask, WHAT);
        double total = m == null ? output.length() : Layouts.broadcastSum(m, output.shape());
        if (total == 0) {
            if (gradOut != null) {
                Layouts.zeroGradient(gradOut, output, WHAT);
            }
            return 0.0;
        }
        INDArray perElement = Transforms.relu(output, true)
                .subi(output.mul(y))
                .addi(Transforms.softPlus(Transforms.abs(output, true).negi(), false));
        if (m != null) {
            perElement.muli(m);
        }
        double loss = perElement.sumNumber().doubleValue() / total;
        if (gradOut != null) {
            INDArray grad = Transforms.sigmoid(output, true).subi(y);
            if (m != null) {
                grad.muli(m);
            }
            Layouts.writeGradient(gradOut, output, grad.divi(total), WHAT);
        }
        return loss;
    }

    @Override
    public String name() {
        return "bce-logits";
    }
}
