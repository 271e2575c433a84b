package org.mtl4j.core.loss;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Mean squared error over all (counted) elements, e.g. the QM9 loss on standardised targets
 * (output and labels {@code [B, 1]}).
 *
 * <pre>
 *   L        = (1 / W) Σ_e w_e (ŷ_e − y_e)²,      W = Σ_e w_e
 *   ∂L/∂ŷ_e  = (2 w_e / W) (ŷ_e − y_e)
 * </pre>
 * Labels have exactly the output's shape; the optional mask is an element mask (see
 * {@link Layouts}). When no element counts (W = 0) the loss is 0 and the gradient zero. Stateless.
 */
public record MeanSquaredError() implements Loss {

    private static final String WHAT = "mean squared error";

    /** @return the mean squared error */
    public static MeanSquaredError defaults() {
        return new MeanSquaredError();
    }

    @Override
    public double compute(INDArray output, INDArray labels, INDArray mask, INDArray gradOut) {
        Layouts.requireFloatingOutput(output, 1, WHAT + " output");
        Layouts.requireSameShape(output, labels, WHAT);
        INDArray m = Layouts.elementMask(output, mask, WHAT);
        double total = m == null ? output.length() : Layouts.broadcastSum(m, output.shape());
        if (total == 0) {
            if (gradOut != null) {
                Layouts.zeroGradient(gradOut, output, WHAT);
            }
            return 0.0;
        }
        INDArray diff = output.sub(labels.dataType() == output.dataType() ? labels : labels.castTo(output.dataType()));
        if (m != null) {
            diff.muli(m);
        }
        double loss = diff.mul(diff).sumNumber().doubleValue() / total;
        if (gradOut != null) {
            Layouts.writeGradient(gradOut, output, diff.muli(2.0 / total), WHAT);
        }
        return loss;
    }

    @Override
    public String name() {
        return "mse";
    }
}
