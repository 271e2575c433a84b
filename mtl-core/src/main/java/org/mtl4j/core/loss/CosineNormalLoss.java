package org.mtl4j.core.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Surface-normal loss of LibMTL/mtan on NYUv2: one minus the mean cosine between the
 * per-pixel-normalised prediction and the ground-truth normal, over valid pixels.
 *
 * <pre>
 *   p̂_n       = p_n / max(‖p_n‖, ε)                       (p_n = output[b, :, h, w], normalised along axis 1)
 *   v_n       = mask_n · [Σ_c g_{n,c} ≠ 0]                  (all-zero ground truth = missing, as the peers test it)
 *   L         = 1 − (1 / W) Σ_n v_n ⟨p̂_n, g_n⟩,            W = Σ_n v_n   (number of valid pixels)
 *   ∂L/∂p_n   = −(v_n / W) (g_n − p̂_n ⟨p̂_n, g_n⟩) / ‖p_n‖   when ‖p_n‖ > ε
 *             = −(v_n / W) g_n / ε                             otherwise
 * </pre>
 * The gradient goes through the normalisation, so the network head may output unnormalised vectors
 * (LibMTL normalises inside the loss; mtan's head normalises itself, which gives the same loss). The
 * ground truth is used as given (unit vectors in the mtan NYUv2 release) and is not renormalised.
 * ε (10⁻¹² by default, as PyTorch's {@code F.normalize}) only guards exact-zero predictions; the
 * peers divide by the raw norm.
 *
 * <p>Layout: output and labels {@code [B, C, H, W]} with C = 3 for normals (any {@code [B, C, d1..dk]}
 * works), same shape; the optional mask is a position mask ({@code [B, H, W]}, {@code [B, 1, H, W]}
 * or {@code [B]}, see {@link Layouts}). When no pixel is valid (W = 0) the loss is 0 and the gradient
 * zero. Stateless.
 *
 * @param epsilon lower bound on the norm used for normalising, &gt; 0
 */
public record CosineNormalLoss(double epsilon) implements Loss {

    /** Default ε, as PyTorch's {@code F.normalize}. */
    public static final double DEFAULT_EPSILON = 1e-12;

    private static final String WHAT = "cosine normal loss";

    /** Validates. */
    public CosineNormalLoss {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be finite and > 0, found " + epsilon);
        }
    }

    /** @return the loss with ε = 1e-12 */
    public static CosineNormalLoss defaults() {
        return new CosineNormalLoss(DEFAULT_EPSILON);
    }

    @Override
    public double compute(INDArray output, INDArray labels, INDArray mask, INDArray gradOut) {
        Layouts.requireFloatingOutput(output, 2, WHAT + " output");
        Layouts.requireSameShape(output, labels, WHAT);
        INDArray g = labels.dataType() == output.dataType() ? labels : labels.castTo(output.dataType());
        INDArray valid = g.sum(true, 1).neq(0).castTo(output.dataType());
        INDArray m = Layouts.positionMask(output, mask, WHAT);
        if (m != null) {
            valid.muli(m);
        }
        double total = valid.sumNumber().doubleValue();
        if (total == 0) {
            if (gradOut != null) {
                Layouts.zeroGradient(gradOut, output, WHAT);
            }
            return 0.0;
        }
        INDArray norm = output.norm2(true, 1);
        INDArray safeNorm = Transforms.max(norm, epsilon, true);
        INDArray unit = output.div(safeNorm);
        INDArray dot = unit.mul(g).sum(true, 1);
        double loss = 1.0 - dot.mul(valid).sumNumber().doubleValue() / total;
        if (gradOut != null) {
            INDArray active = norm.gt(epsilon).castTo(output.dataType());
            INDArray grad = g.sub(unit.muli(dot.muli(active)))
                    .divi(safeNorm)
                    .muli(valid.muli(-1.0 / total));
            Layouts.writeGradient(gradOut, output, grad, WHAT);
        }
        return loss;
    }

    @Override
    public String name() {
        return "cosine-normal";
    }
}
