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
 * The two-layer network {@code y = LeakyReLU(x W1 + b1) W2 + b2} with square {@code n×n}
 * layers, applied to the rows of an {@code [N, n]} matrix. On feature maps the rows are the
 * pixels and the layers are exactly 1×1 convolutions (stride 1, padding 0).
 *
 * <p>Parameters live in a view of the model's flat buffer, laid out as
 * {@code [W1 (n×n, c-order, in × out) | b1 | W2 | b2]}; the gradient view has the same layout.
 * Forward evaluations are remembered per slot (input reference, pre-activation, activation) for
 * {@link #vjp} and {@link #jvp}.
 *
 * <p>Per-call work avoids broadcast ops (slow per call in ND4J): biases are added by copying a
 * bias tile refreshed once per forward pass ({@link #prepare()}), and bias gradients are
 * accumulated as row sums by BLAS {@code axpy} and reduced by one GEMM in {@link #finishGradients()}.
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
    private final List<INDArray> activations = new ArrayList<>();
    private INDArray hidden;
    private INDArray mask;
    private INDArray tile1;
    private INDArray tile2;
    private INDArray onesColumn;
    private boolean tilesStale = true;
    private INDArray outputGradSum;
    private INDArray hiddenGradSum;
    private boolean gradSumsUsed;
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
        checkView(b2, params, o3);
        checkView(gw1, grads, 0);
        checkView(gb2, grads, o3);
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

    /** Marks the bias tiles stale; call once per forward pass (the parameters may have changed). */
    void prepare() {
        tilesStale = true;
    }

    private void tiles(INDArray like) {
        long rows = like.size(0);
        if (tile1 == null || tile1.size(0) != rows || tile1.dataType() != like.dataType()) {
            tile1 = Nd4j.zeros(like.dataType(), rows, width);
            tile2 = Nd4j.zeros(like.dataType(), rows, width);
            onesColumn = Nd4j.ones(like.dataType(), rows, 1);
            tilesStale = true;
        }
        if (tilesStale) {
            // every row = the bias: a rank-one GEMM 1·bᵀ
            Nd4j.gemm(onesColumn, b1, tile1, false, false, 1.0, 0.0);
            Nd4j.gemm(onesColumn, b2, tile2, false, false, 1.0, 0.0);
            tilesStale = false;
        }
    }

    /** y = LeakyReLU(x W1 + b1) W2 + b2, remembering x, the pre-activation and the activation under {@code slot}. */
    void forward(int slot, INDArray x, INDArray out) {
        tiles(x);
        grow(slot);
        INDArray pre = slotBuffer(preActivations, slot, x);
        INDArray act = slotBuffer(activations, slot, x);
        inputs.set(slot, x);
        pre.assign(tile1);
        Nd4j.gemm(x, w1, pre, false, false, 1.0, 1.0);
        Nd4j.getExecutioner().exec(new LeakyReLU(pre, act, slope));
        out.assign(tile2);
        Nd4j.gemm(act, w2, out, false, false, 1.0, 1.0);
    }

    /** y = LeakyReLU(x W1 + b1) W2 + b2 without remembering anything (no slot). */
    void apply(INDArray x, INDArray out) {
        tiles(x);
        INDArray h = scratch(x);
        h.assign(tile1);
        Nd4j.gemm(x, w1, h, false, false, 1.0, 1.0);
        Nd4j.getExecutioner().exec(new LeakyReLU(h, h, slope));
        out.assign(tile2);
        Nd4j.gemm(h, w2, out, false, false, 1.0, 1.0);
    }

    /** out = J(x_slot) · v = (LeakyReLU'(a) ⊙ (v W1)) W2. */
    void jvp(int slot, INDArray v, INDArray out) {
        INDArray pre = preActivations.get(slot);
        INDArray h = scratch(v);
        Nd4j.gemm(v, w1, h, false, false, 1.0, 0.0);
        Nd4j.getExecutioner().exec(new LeakyReLUDerivative(pre, mask, slope));
        h.muli(mask);
        Nd4j.gemm(h, w2, out, false, false, 1.0, 0.0);
    }

    /**
     * {@code dxAccum += scale · J(x_slot)ᵀ dy} and the parameter gradients
     * {@code += scale · ∂⟨dy, y⟩/∂params} (bias parts completed by {@link #finishGradients()}).
     */
    void vjp(int slot, INDArray dy, double scale, INDArray dxAccum) {
        INDArray x = inputs.get(slot);
        INDArray pre = preActivations.get(slot);
        INDArray act = activations.get(slot);
        INDArray h = scratch(dy);
        sums(dy);
        Nd4j.gemm(act, dy, gw2, true, false, scale, 1.0);
        axpy(scale, dy, outputGradSum);
        // h ← (dy W2ᵀ) ⊙ LeakyReLU'(a)
        Nd4j.gemm(dy, w2, h, false, true, 1.0, 0.0);
        Nd4j.getExecutioner().exec(new LeakyReLUDerivative(pre, mask, slope));
        h.muli(mask);
        Nd4j.gemm(x, h, gw1, true, false, scale, 1.0);
        axpy(scale, h, hiddenGradSum);
        if (dxAccum != null) {
            Nd4j.gemm(h, w1, dxAccum, false, true, scale, 1.0);
        }
    }

    void zeroGradients() {
        gw1.assign(0);
        gb1.assign(0);
        gw2.assign(0);
        gb2.assign(0);
        gradSumsUsed = false;
    }

    /** Bias gradients: column sums of the accumulated output and hidden gradients (one GEMM each). */
    void finishGradients() {
        if (!gradSumsUsed) {
            return;
        }
        Nd4j.gemm(ones, outputGradSum, gb2, false, false, 1.0, 1.0);
        Nd4j.gemm(ones, hiddenGradSum, gb1, false, false, 1.0, 1.0);
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

    private static void axpy(double alpha, INDArray x, INDArray y) {
        Nd4j.getBlasWrapper().level1().axpy(x.length(), alpha, x, y);
    }

    private void grow(int slot) {
        while (preActivations.size() <= slot) {
            preActivations.add(null);
            activations.add(null);
            inputs.add(null);
        }
    }

    private INDArray slotBuffer(List<INDArray> list, int slot, INDArray like) {
        INDArray a = list.get(slot);
        if (a == null || a.size(0) != like.size(0) || a.dataType() != like.dataType()) {
            a = Nd4j.createUninitialized(like.dataType(), like.size(0), width);
            list.set(slot, a);
        }
        return a;
    }

    private INDArray scratch(INDArray like) {
        if (hidden == null || hidden.size(0) != like.size(0) || hidden.dataType() != like.dataType()) {
            hidden = Nd4j.createUninitialized(like.dataType(), like.size(0), width);
            mask = Nd4j.createUninitialized(like.dataType(), like.size(0), width);
        }
        return hidden;
    }

    private void sums(INDArray like) {
        long rows = like.size(0);
        if (outputGradSum == null || outputGradSum.size(0) != rows || outputGradSum.dataType() != like.dataType()) {
            outputGradSum = Nd4j.zeros(like.dataType(), rows, width);
            hiddenGradSum = Nd4j.zeros(like.dataType(), rows, width);
            ones = Nd4j.ones(like.dataType(), 1, rows);
            gradSumsUsed = false;
        } else if (!gradSumsUsed) {
            // first use since zeroGradients(): clear the sums of the previous backward pass
            outputGradSum.assign(0);
            hiddenGradSum.assign(0);
        }
        gradSumsUsed = true;
    }
}
