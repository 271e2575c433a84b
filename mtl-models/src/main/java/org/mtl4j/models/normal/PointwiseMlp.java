package org.mtl4j.models.normal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.LeakyReLU;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.LeakyReLUDerivative;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The two-layer network {@code y = W2ᵀ·LeakyReLU(W1ᵀx + b1) + b2} with square {@code n×n}
 * layers, applied to the rows of an {@code [N, n]} matrix. On feature maps the rows are the
 * pixels and the layers are exactly 1×1 convolutions (stride 1, padding 0).
 *
 * <p>Parameters live in a view of the model's flat buffer, laid out as
 * {@code [W1 (n×n, c-order, in × out) | b1 | W2 | b2]}; the gradient view has the same layout and
 * is accumulated into by {@link #vjp}. Forward evaluations are remembered per slot (the input
 * reference and the pre-activation) for {@link #vjp} and {@link #jvp}.
 */
final class PointwiseMlp {
    private final int width;
    private final double slope;
    private INDArray w1;
    private INDArray b1;
    private INDArray w2;
    private INDArray b2;
    private INDArray gw1;
    private INDArray gb1;
    private INDArray gw2;
    private INDArray gb2;
    private final List<INDArray> inputs = new ArrayList<>();
    private final List<INDArray> preActivations = new ArrayList<>();
    private INDArray hidden;
    private INDArray hiddenGrad;
    private INDArray ones;

    PointwiseMlp(int width, double slope) {
        this.width = width;
        this.slope = slope;
    }

    static long numParams(int n) {
        return 2L * n * n + 2L * n;
    }

    /**
     * Writes initial values into {@code out[from ...]}: PyTorch's default for {@code nn.Linear}
     * (weights and biases uniform in {@code ±1/sqrt(n)}).
     */
    static void initialise(SplittableRandom rng, int n, double[] out, int from) {
        double bound = 1.0 / Math.sqrt(n);
        for (int i = 0; i < numParams(n); i++) {
            out[from + i] = (2 * rng.nextDouble() - 1) * bound;
        }
    }

    void bind(INDArray params, INDArray grads) {
        long nn = (long) width * width;
        long o1 = nn;
        long o2 = o1 + width;
        long o3 = o2 + nn;
        w1 = params.get(NDArrayIndex.interval(0, o1)).reshape('c', width, width);
        b1 = params.get(NDArrayIndex.interval(o1, o2)).reshape('c', 1, width);
        w2 = params.get(NDArrayIndex.interval(o2, o3)).reshape('c', width, width);
        b2 = params.get(NDArrayIndex.interval(o3, o3 + width)).reshape('c', 1, width);
        gw1 = grads.get(NDArrayIndex.interval(0, o1)).reshape('c', width, width);
        gb1 = grads.get(NDArrayIndex.interval(o1, o2)).reshape('c', 1, width);
        gw2 = grads.get(NDArrayIndex.interval(o2, o3)).reshape('c', width, width);
        gb2 = grads.get(NDArrayIndex.interval(o3, o3 + width)).reshape('c', 1, width);
        checkView(w1, params, 0);
        checkView(gw2, grads, o2);
    }

    /** The reshapes must be views, or parameter updates would not reach the layers. */
    private static void checkView(INDArray view, INDArray flat, long offset) {
        if (root(view.data()) != root(flat.data()) || view.offset() != flat.offset() + offset) {
            throw new IllegalStateException("parameter reshape did not give a view of the flat buffer");
        }
    }

    private static DataBuffer root(DataBuffer b) {
        return b.originalDataBuffer() != null ? b.originalDataBuffer() : b;
    }

    /** y = W2ᵀ LeakyReLU(W1ᵀ x + b1) + b2, remembering x and the pre-activation under {@code slot}. */
    void forward(int slot, INDArray x, INDArray out) {
        INDArray pre = slotBuffer(slot, x);
        inputs.set(slot, x);
        Nd4j.gemm(x, w1, pre, false, false, 1.0, 0.0);
        pre.addiRowVector(b1);
        INDArray h = scratch(x);
        Nd4j.getExecutioner().exec(new LeakyReLU(pre, h, slope));
        Nd4j.gemm(h, w2, out, false, false, 1.0, 0.0);
        out.addiRowVector(b2);
    }

    /** y = W2ᵀ LeakyReLU(W1ᵀ x + b1) + b2 without remembering anything (no slot). */
    void apply(INDArray x, INDArray out) {
        INDArray h = scratch(x);
        Nd4j.gemm(x, w1, h, false, false, 1.0, 0.0);
        h.addiRowVector(b1);
        Nd4j.getExecutioner().exec(new LeakyReLU(h, h, slope));
        Nd4j.gemm(h, w2, out, false, false, 1.0, 0.0);
        out.addiRowVector(b2);
    }

    /** out = J(x_slot) · v = W2ᵀ (LeakyReLU'(a) ⊙ W1ᵀ v). */
    void jvp(int slot, INDArray v, INDArray out) {
        INDArray pre = preActivations.get(slot);
        INDArray h = scratch(v);
        Nd4j.gemm(v, w1, h, false, false, 1.0, 0.0);
        Nd4j.getExecutioner().exec(new LeakyReLUDerivative(pre, hiddenGrad, slope));
        h.muli(hiddenGrad);
        Nd4j.gemm(h, w2, out, false, false, 1.0, 0.0);
    }

    /**
     * {@code dxAccum += scale · J(x_slot)ᵀ dy} and the parameter gradients
     * {@code += scale · ∂⟨dy, y⟩/∂params}.
     */
    void vjp(int slot, INDArray dy, double scale, INDArray dxAccum) {
        INDArray x = inputs.get(slot);
        INDArray pre = preActivations.get(slot);
        INDArray h = scratch(dy);
        INDArray ones = ones(dy.size(0), dy.dataType());
        Nd4j.getExecutioner().exec(new LeakyReLU(pre, h, slope));
        Nd4j.gemm(h, dy, gw2, true, false, scale, 1.0);
        Nd4j.gemm(ones, dy, gb2, false, false, scale, 1.0);
        // h ← (dy W2ᵀ) ⊙ LeakyReLU'(a)
        Nd4j.gemm(dy, w2, h, false, true, 1.0, 0.0);
        Nd4j.getExecutioner().exec(new LeakyReLUDerivative(pre, hiddenGrad, slope));
        h.muli(hiddenGrad);
        Nd4j.gemm(x, h, gw1, true, false, scale, 1.0);
        Nd4j.gemm(ones, h, gb1, false, false, scale, 1.0);
        if (dxAccum != null) {
            Nd4j.gemm(h, w1, dxAccum, false, true, scale, 1.0);
        }
    }

    void zeroGradients() {
        gw1.assign(0);
        gb1.assign(0);
        gw2.assign(0);
        gb2.assign(0);
    }

    // package-private views for tests and for setting special parameter values
    INDArray w1() {
        return w1;
    }

    INDArray b1() {
        return b1;
    }

    INDArray w2() {
        return w2;
    }

    INDArray b2() {
        return b2;
    }

    private INDArray slotBuffer(int slot, INDArray like) {
        while (preActivations.size() <= slot) {
            preActivations.add(null);
            inputs.add(null);
        }
        INDArray pre = preActivations.get(slot);
        if (pre == null || pre.size(0) != like.size(0) || pre.dataType() != like.dataType()) {
            pre = Nd4j.createUninitialized(like.dataType(), like.size(0), width);
            preActivations.set(slot, pre);
        }
        return pre;
    }

    private INDArray scratch(INDArray like) {
        if (hidden == null || hidden.size(0) != like.size(0) || hidden.dataType() != like.dataType()) {
            hidden = Nd4j.createUninitialized(like.dataType(), like.size(0), width);
            hiddenGrad = Nd4j.createUninitialized(like.dataType(), like.size(0), width);
        }
        return hidden;
    }

    private INDArray ones(long n, DataType dt) {
        if (ones == null || ones.size(1) != n || ones.dataType() != dt) {
            ones = Nd4j.ones(dt, 1, n);
        }
        return ones;
    }
}
