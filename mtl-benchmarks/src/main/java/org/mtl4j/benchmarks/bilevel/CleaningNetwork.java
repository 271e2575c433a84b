package org.mtl4j.benchmarks.bilevel;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LogSoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The hyper-cleaning network: a shared MLP {@code 784 → 512 → 256} (ReLU) and one linear head
 * {@code 256 → 10} per dataset, softmax cross-entropy, hand-written on ND4J ops with
 * preallocated buffers (one GEMM per layer, {@code Nd4j.gemm} into c-order outputs, no input
 * gradient for the first layer):
 * <pre>
 *   h1 = relu(X W1 + b1),  h2 = relu(h1 W2 + b2),  o = h2 W3_t + b3_t,  ℓ_j = −log softmax(o_j)[y_j]
 *   ∇ Σ_j w_j ℓ_j:  δo = w ⊙ (softmax(o) − Y),  δh2 = δo W3_tᵀ ⊙ 1[h2 &gt; 0],  δh1 = δh2 W2ᵀ ⊙ 1[h1 &gt; 0]
 *                   ∇W3_t = h2ᵀ δo, ∇W2 = h1ᵀ δh2, ∇W1 = Xᵀ δh1, biases = column sums
 * </pre>
 * Parameters and gradients are flat buffers laid out {@code [W1 | b1 | W2 | b2 | W3_1 | b3_1 | … ]};
 * initialisation is Glorot-uniform for weights and zero for biases from a seeded RNG. Not
 * thread-safe.
 */
final class CleaningNetwork {
    static final int INPUT = 784;
    static final int HIDDEN1 = 512;
    static final int HIDDEN2 = 256;
    static final int CLASSES = 10;

    private final int tasks;
    private final DataType dt;
    private final INDArray params;
    private final INDArray grads;
    private final INDArray w1;
    private final INDArray b1;
    private final INDArray w2;
    private final INDArray b2;
    private final INDArray[] w3;
    private final INDArray[] b3;
    private final INDArray gw1;
    private final INDArray gb1;
    private final INDArray gw2;
    private final INDArray gb2;
    private final INDArray[] gw3;
    private final INDArray[] gb3;
    private final Map<Long, Buffers> buffers = new HashMap<>();
    private final int h1Size;
    private final int h2Size;

    /**
     * @param tasks    number of heads
     * @param dataType FLOAT (benchmarks) or DOUBLE (gradient checks)
     * @param seed     initialisation seed
     */
    CleaningNetwork(int tasks, DataType dataType, long seed) {
        this(tasks, dataType, seed, HIDDEN1, HIDDEN2);
    }

    /** As above with other hidden sizes (tests and the cost benchmark's size sweep). */
    CleaningNetwork(int tasks, DataType dataType, long seed, int hidden1, int hidden2) {
        if (tasks < 1 || hidden1 < 1 || hidden2 < 1) {
            throw new IllegalArgumentException("tasks and hidden sizes must be >= 1, found " + tasks + ", " + hidden1 + ", " + hidden2);
        }
        this.tasks = tasks;
        this.dt = dataType;
        this.h1Size = hidden1;
        this.h2Size = hidden2;
        long p = numParams(tasks, hidden1, hidden2);
        params = Nd4j.zeros(dataType, p);
        grads = Nd4j.zeros(dataType, p);
        long[] at = {0};
        w1 = view(params, at, INPUT, hidden1);
        b1 = view(params, at, 1, hidden1);
        w2 = view(params, at, hidden1, hidden2);
        b2 = view(params, at, 1, hidden2);
        w3 = new INDArray[tasks];
        b3 = new INDArray[tasks];
        for (int t = 0; t < tasks; t++) {
            w3[t] = view(params, at, hidden2, CLASSES);
            b3[t] = view(params, at, 1, CLASSES);
        }
        at[0] = 0;
        gw1 = view(grads, at, INPUT, hidden1);
        gb1 = view(grads, at, 1, hidden1);
        gw2 = view(grads, at, hidden1, hidden2);
        gb2 = view(grads, at, 1, hidden2);
        gw3 = new INDArray[tasks];
        gb3 = new INDArray[tasks];
        for (int t = 0; t < tasks; t++) {
            gw3[t] = view(grads, at, hidden2, CLASSES);
            gb3[t] = view(grads, at, 1, CLASSES);
        }
        SplittableRandom r = new SplittableRandom(seed);
        glorot(w1, INPUT, hidden1, r);
        glorot(w2, hidden1, hidden2, r);
        for (int t = 0; t < tasks; t++) {
            glorot(w3[t], hidden2, CLASSES, r);
        }
    }

    /** @return the number of parameters of a network with these sizes */
    static long numParams(int tasks, int hidden1, int hidden2) {
        return (long) INPUT * hidden1 + hidden1 + (long) hidden1 * hidden2 + hidden2 + (long) tasks * (hidden2 * CLASSES + CLASSES);
    }

    private static INDArray view(INDArray flat, long[] at, long rows, long cols) {
        long n = rows * cols;
        INDArray v = flat.get(NDArrayIndex.interval(at[0], at[0] + n)).reshape('c', rows, cols);
        at[0] += n;
        return v;
    }

    private void glorot(INDArray w, int fanIn, int fanOut, SplittableRandom r) {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        double[] v = new double[fanIn * fanOut];
        for (int i = 0; i < v.length; i++) {
            v[i] = (2 * r.nextDouble() - 1) * limit;
        }
        w.assign(Nd4j.create(v, new long[] {fanIn, fanOut}, 'c').castTo(dt));
    }

    int tasks() {
        return tasks;
    }

    long numParams() {
        return params.length();
    }

    DataType dataType() {
        return dt;
    }

    /** @return the live parameter buffer */
    INDArray params() {
        return params;
    }

    /** @return the live gradient buffer (filled by {@link #weightedGradient}) */
    INDArray gradients() {
        return grads;
    }

    /** Activations and scratch for one input row count. */
    private final class Buffers {
        final INDArray h1;
        final INDArray h2;
        final INDArray out;
        final INDArray logp;
        final INDArray dOut;
        final INDArray dh2;
        final INDArray dh1;
        final INDArray ones;

        Buffers(long n) {
            h1 = Nd4j.createUninitialized(dt, n, h1Size);
            h2 = Nd4j.createUninitialized(dt, n, h2Size);
            out = Nd4j.createUninitialized(dt, n, CLASSES);
            logp = Nd4j.createUninitialized(dt, n, CLASSES);
            dOut = Nd4j.createUninitialized(dt, n, CLASSES);
            dh2 = Nd4j.createUninitialized(dt, n, h2Size);
            dh1 = Nd4j.createUninitialized(dt, n, h1Size);
            ones = Nd4j.ones(dt, 1, n);
        }
    }

    private Buffers buffers(long n) {
        return buffers.computeIfAbsent(n, Buffers::new);
    }

    /** Forward pass of task t: fills h1, h2, out, logp of the buffers for x's row count. */
    private Buffers forward(int task, INDArray x) {
        checkTask(task);
        if (x.columns() != INPUT || x.dataType() != dt) {
            throw new IllegalArgumentException("inputs must be " + dt + " [n, " + INPUT + "], found " + x.dataType() + " "
                    + java.util.Arrays.toString(x.shape()));
        }
        Buffers b = buffers(x.rows());
        Nd4j.gemm(x, w1, b.h1, false, false, 1.0, 0.0);
        b.h1.addiRowVector(b1);
        Transforms.relu(b.h1, false);
        Nd4j.gemm(b.h1, w2, b.h2, false, false, 1.0, 0.0);
        b.h2.addiRowVector(b2);
        Transforms.relu(b.h2, false);
        Nd4j.gemm(b.h2, w3[task], b.out, false, false, 1.0, 0.0);
        b.out.addiRowVector(b3[task]);
        Nd4j.exec(new LogSoftMax(b.out, b.logp));
        return b;
    }

    /** @return per-sample cross-entropy losses of task t on (x, one-hot y) at the current parameters */
    double[] losses(int task, INDArray x, INDArray oneHot) {
        Buffers b = forward(task, x);
        return b.logp.mul(oneHot).sum(1).negi().toDoubleVector();
    }

    /** @return predicted classes of task t on x */
    int[] predict(int task, INDArray x) {
        Buffers b = forward(task, x);
        long[] am = b.out.argMax(1).toLongVector();
        int[] out = new int[am.length];
        for (int i = 0; i < am.length; i++) {
            out[i] = (int) am[i];
        }
        return out;
    }

    /**
     * Gradient of {@code Σ_j w_j ℓ_j} over task t's samples, added to the gradient buffer
     * ({@code accumulate = false} first zeroes the whole buffer).
     *
     * @param task       the head
     * @param x          inputs {@code [n, 784]}
     * @param oneHot     one-hot labels {@code [n, 10]}
     * @param weights    per-sample weights {@code [n, 1]} (the network's data type)
     * @param accumulate add to the buffer instead of overwriting it
     * @return per-sample losses ℓ_j
     */
    double[] weightedGradient(int task, INDArray x, INDArray oneHot, INDArray weights, boolean accumulate) {
        Buffers b = forward(task, x);
        double[] losses = b.logp.mul(oneHot).sum(1).negi().toDoubleVector();
        if (!accumulate) {
            grads.assign(0);
        }
        double beta = accumulate ? 1.0 : 0.0;
        Transforms.exp(b.dOut.assign(b.logp), false).subi(oneHot).muliColumnVector(weights);
        Nd4j.gemm(b.h2, b.dOut, gw3[task], true, false, 1.0, 1.0);
        Nd4j.gemm(b.ones, b.dOut, gb3[task], false, false, 1.0, 1.0);
        Nd4j.gemm(b.dOut, w3[task], b.dh2, false, true, 1.0, 0.0);
        Nd4j.exec(new RectifiedLinearDerivative(b.h2, b.dh2, b.dh2));
        Nd4j.gemm(b.h1, b.dh2, gw2, true, false, 1.0, beta);
        Nd4j.gemm(b.ones, b.dh2, gb2, false, false, 1.0, beta);
        Nd4j.gemm(b.dh2, w2, b.dh1, false, true, 1.0, 0.0);
        Nd4j.exec(new RectifiedLinearDerivative(b.h1, b.dh1, b.dh1));
        Nd4j.gemm(x, b.dh1, gw1, true, false, 1.0, beta);
        Nd4j.gemm(b.ones, b.dh1, gb1, false, false, 1.0, beta);
        return losses;
    }

    private void checkTask(int task) {
        if (task < 0 || task >= tasks) {
            throw new IllegalArgumentException("task must be in [0, " + (tasks - 1) + "], found " + task);
        }
    }
}
