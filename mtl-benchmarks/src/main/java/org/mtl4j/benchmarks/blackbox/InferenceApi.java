package org.mtl4j.benchmarks.blackbox;

import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The only way the black-box benchmark touches the frozen network: forward evaluations of
 * prompted inputs, returning a loss and an accuracy per prompt. It never returns gradients,
 * weights or activations, and it counts every query.
 *
 * <p>A client first uploads a labelled batch ({@link #upload}) and then queries it with
 * {@code n} prompts {@code p_j ∈ R^D} at once. For every prompt the server evaluates the
 * frozen classifier on the prompted images {@code x' = x + p_j} (an additive input prompt, the
 * "visual prompt" / model-reprogramming analogue of prompt tuning):
 * <pre>
 *   loss_j = (1/B) Σ_b −log softmax(logits(x_b + p_j))[y_b]
 *   acc_j  = (1/B) Σ_b [argmax logits(x_b + p_j) = y_b]
 * </pre>
 * Server-side shortcut (exact up to float32 rounding, checked by the unit tests): the first
 * layer is linear, so {@code W1ᵀ(x + p) = W1ᵀx + W1ᵀp}; {@code W1ᵀx + b1} is computed once per
 * uploaded batch and {@code W1ᵀp} once per prompt.
 *
 * <p>Counters: {@link #queries()} = prompts evaluated (one per prompt and batch),
 * {@link #imagesForwarded()} = prompted images pushed through the network. Not thread-safe.
 */
public final class InferenceApi {

    /** A labelled batch held by the server (its first-layer pre-activations are cached). */
    public static final class Batch {
        private final INDArray hiddenInput;
        private final int[] labels;

        private Batch(INDArray hiddenInput, int[] labels) {
            this.hiddenInput = hiddenInput;
            this.labels = labels;
        }

        /** Number of images {@code B}. */
        public int size() {
            return labels.length;
        }
    }

    /**
     * Loss and accuracy of each prompt of a query.
     *
     * @param loss     mean cross-entropy per prompt
     * @param accuracy fraction of correctly classified images per prompt
     */
    public record Answer(double[] loss, double[] accuracy) {
    }

    private final FrozenClassifier network;
    private long queries;
    private long imagesForwarded;

    /** An API in front of a frozen classifier. */
    public InferenceApi(FrozenClassifier network) {
        this.network = Objects.requireNonNull(network, "network");
    }

    /** Input size {@code D} (also the prompt size). */
    public int inputSize() {
        return network.inputSize();
    }

    /** Number of output classes. */
    public int numClasses() {
        return network.numClasses();
    }

    /**
     * Uploads {@code B} labelled images.
     *
     * @param images {@code B·D} row-major pixels
     * @param labels {@code B} labels in {@code [0, C)}
     */
    public Batch upload(float[] images, int[] labels) {
        int d = inputSize();
        int b = labels.length;
        if (b < 1 || images.length != (long) b * d) {
            throw new IllegalArgumentException("images must hold labels.length * D = " + b + " * " + d
                    + " values, found " + images.length);
        }
        for (int i = 0; i < b; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses()) {
                throw new IllegalArgumentException("label " + labels[i] + " at " + i + " outside [0, " + numClasses()
                        + ")");
            }
        }
        INDArray x = Nd4j.create(images, new long[] {b, d}, 'c');
        INDArray pre = Nd4j.createUninitialized(DataType.FLOAT, b, network.hidden());
        Nd4j.gemm(x, network.w1(), pre, false, false, 1.0, 0.0);
        pre.addiRowVector(network.b1());
        return new Batch(pre, labels.clone());
    }

    /**
     * Evaluates every prompt on the batch.
     *
     * @param prompts {@code n × D} float32, one prompt per row
     * @param batch   an uploaded batch
     */
    public Answer query(INDArray prompts, Batch batch) {
        Objects.requireNonNull(prompts, "prompts");
        Objects.requireNonNull(batch, "batch");
        if (prompts.rank() != 2 || prompts.size(1) != inputSize() || prompts.size(0) < 1) {
            throw new IllegalArgumentException("prompts must be n x D with n >= 1, D = " + inputSize() + ", found "
                    + java.util.Arrays.toString(prompts.shape()));
        }
        int n = (int) prompts.size(0);
        int b = batch.size();
        int h = network.hidden();
        int c = numClasses();
        INDArray promptHidden = Nd4j.createUninitialized(DataType.FLOAT, n, h);
        Nd4j.gemm(prompts.castTo(DataType.FLOAT), network.w1(), promptHidden, false, false, 1.0, 0.0);
        INDArray hidden = Nd4j.createUninitialized(DataType.FLOAT, (long) n * b, h);
        for (int j = 0; j < n; j++) {
            hidden.get(NDArrayIndex.interval((long) j * b, (long) (j + 1) * b), NDArrayIndex.all())
                    .assign(batch.hiddenInput).addiRowVector(promptHidden.getRow(j));
        }
        Transforms.relu(hidden, false);
        INDArray logits = Nd4j.createUninitialized(DataType.FLOAT, (long) n * b, c);
        Nd4j.gemm(hidden, network.w2(), logits, false, false, 1.0, 0.0);
        logits.addiRowVector(network.b2());
        float[] z = logits.data().asFloat();
        double[] loss = new double[n];
        double[] accuracy = new double[n];
        for (int j = 0; j < n; j++) {
            double lossSum = 0;
            int correct = 0;
            for (int r = 0; r < b; r++) {
                int base = (j * b + r) * c;
                int arg = 0;
                double max = z[base];
                for (int k = 1; k < c; k++) {
                    if (z[base + k] > max) {
                        max = z[base + k];
                        arg = k;
                    }
                }
                double sum = 0;
                for (int k = 0; k < c; k++) {
                    sum += Math.exp(z[base + k] - max);
                }
                int y = batch.labels[r];
                lossSum += max + Math.log(sum) - z[base + y];
                if (arg == y) {
                    correct++;
                }
            }
            loss[j] = lossSum / b;
            accuracy[j] = (double) correct / b;
        }
        queries += n;
        imagesForwarded += (long) n * b;
        return new Answer(loss, accuracy);
    }

    /** Prompts evaluated so far (one per prompt and batch). */
    public long queries() {
        return queries;
    }

    /** Prompted images forwarded so far. */
    public long imagesForwarded() {
        return imagesForwarded;
    }
}
