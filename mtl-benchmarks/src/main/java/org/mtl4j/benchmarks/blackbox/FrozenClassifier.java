package org.mtl4j.benchmarks.blackbox;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The frozen network of the black-box MTL benchmark: a one-hidden-layer ReLU MLP classifier
 * <pre>
 *   logits(x) = W2ᵀ · relu(W1ᵀ x + b1) + b2,   x ∈ R^D,  hidden H,  C classes
 * </pre>
 * trained once (DL4J, Adam, softmax cross-entropy, seeded) and then frozen: its weights are
 * copied out of the DL4J network and never exposed. Only {@link InferenceApi} reads them.
 */
public final class FrozenClassifier {

    /**
     * How the network is pre-trained.
     *
     * @param hidden       hidden width {@code H ≥ 1}
     * @param epochs       passes over the pre-training set ({@code ≥ 1})
     * @param batchSize    mini-batch size ({@code ≥ 1})
     * @param learningRate Adam step ({@code > 0})
     * @param seed         seed of the initialisation and of the shuffling
     */
    public record TrainingSpec(int hidden, int epochs, int batchSize, double learningRate, long seed) {
        /** Validates every field. */
        public TrainingSpec {
            if (hidden < 1) {
                throw new IllegalArgumentException("hidden must be >= 1, found " + hidden);
            }
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, found " + epochs);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, found " + batchSize);
            }
            if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
                throw new IllegalArgumentException("learningRate must be finite and > 0, found " + learningRate);
            }
        }

        /** {@code H = 256}, 2 epochs, batch 128, Adam 1e-3, seed 0. */
        public static TrainingSpec defaults() {
            return new TrainingSpec(256, 2, 128, 1e-3, 0L);
        }
    }

    private final INDArray w1;
    private final INDArray b1;
    private final INDArray w2;
    private final INDArray b2;

    /**
     * Freezes explicit weights (copied).
     *
     * @param w1 {@code D × H}
     * @param b1 {@code 1 × H}
     * @param w2 {@code H × C}
     * @param b2 {@code 1 × C}
     */
    public FrozenClassifier(INDArray w1, INDArray b1, INDArray w2, INDArray b2) {
        Objects.requireNonNull(w1, "w1");
        Objects.requireNonNull(b1, "b1");
        Objects.requireNonNull(w2, "w2");
        Objects.requireNonNull(b2, "b2");
        long h = w1.size(1);
        if (w1.rank() != 2 || b1.length() != h || w2.rank() != 2 || w2.size(0) != h || b2.length() != w2.size(1)) {
            throw new IllegalArgumentException("weights must be W1 D x H, b1 1 x H, W2 H x C, b2 1 x C, found "
                    + java.util.Arrays.toString(w1.shape()) + ", " + java.util.Arrays.toString(b1.shape()) + ", "
                    + java.util.Arrays.toString(w2.shape()) + ", " + java.util.Arrays.toString(b2.shape()));
        }
        this.w1 = w1.castTo(DataType.FLOAT).dup('c');
        this.b1 = b1.castTo(DataType.FLOAT).reshape(1, h).dup('c');
        this.w2 = w2.castTo(DataType.FLOAT).dup('c');
        this.b2 = b2.castTo(DataType.FLOAT).reshape(1, w2.size(1)).dup('c');
    }

    /**
     * Trains the classifier on {@code n} images and freezes it.
     *
     * @param images     {@code n·D} row-major pixels
     * @param labels     {@code n} labels in {@code [0, numClasses)}
     * @param inputSize  {@code D}
     * @param numClasses {@code C ≥ 2}
     */
    public static FrozenClassifier train(float[] images, int[] labels, int inputSize, int numClasses,
                                         TrainingSpec spec) {
        Objects.requireNonNull(spec, "spec");
        int n = labels.length;
        if (n < 1 || images.length != (long) n * inputSize) {
            throw new IllegalArgumentException("images must hold labels.length * inputSize = " + n + " * " + inputSize
                    + " values, found " + images.length);
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("numClasses must be >= 2, found " + numClasses);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(spec.seed())
                .dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER).updater(new Adam(spec.learningRate())).list()
                .layer(new DenseLayer.Builder().nIn(inputSize).nOut(spec.hidden()).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(spec.hidden()).nOut(numClasses)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        SplittableRandom random = new SplittableRandom(spec.seed());
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int epoch = 0; epoch < spec.epochs(); epoch++) {
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
            for (int start = 0; start < n; start += spec.batchSize()) {
                int b = Math.min(spec.batchSize(), n - start);
                float[] x = new float[b * inputSize];
                float[] y = new float[b * numClasses];
                for (int r = 0; r < b; r++) {
                    int idx = order[start + r];
                    System.arraycopy(images, idx * inputSize, x, r * inputSize, inputSize);
                    int label = labels[idx];
                    if (label < 0 || label >= numClasses) {
                        throw new IllegalArgumentException("label " + label + " of image " + idx + " outside [0, "
                                + numClasses + ")");
                    }
                    y[r * numClasses + label] = 1f;
                }
                net.fit(new DataSet(Nd4j.create(x, new long[] {b, inputSize}, 'c'),
                        Nd4j.create(y, new long[] {b, numClasses}, 'c')));
            }
        }
        return new FrozenClassifier(net.getParam("0_W"), net.getParam("0_b"), net.getParam("1_W"),
                net.getParam("1_b"));
    }

    /** First line of a saved classifier file. */
    static final String FILE_MAGIC = "MTL4J-FROZEN-MLP-1";

    /**
     * Writes the four weight arrays (ND4J binary format) after {@link #FILE_MAGIC}, so that later
     * runs can prompt exactly the same network ({@link #load}); DL4J's CPU training is not
     * bit-reproducible across JVM invocations.
     */
    public void save(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.writeUTF(FILE_MAGIC);
            for (INDArray a : new INDArray[] {w1, b1, w2, b2}) {
                Nd4j.write(a, out);
            }
        }
    }

    /**
     * Reads a classifier written by {@link #save}.
     *
     * @throws IOException if the file cannot be read or is not such a file
     */
    public static FrozenClassifier load(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            String magic = in.readUTF();
            if (!FILE_MAGIC.equals(magic)) {
                throw new IOException(file + " is not a saved frozen classifier (header '" + magic + "', expected '"
                        + FILE_MAGIC + "')");
            }
            INDArray w1 = Nd4j.read(in);
            INDArray b1 = Nd4j.read(in);
            INDArray w2 = Nd4j.read(in);
            INDArray b2 = Nd4j.read(in);
            return new FrozenClassifier(w1, b1, w2, b2);
        } catch (java.io.EOFException | java.io.UTFDataFormatException e) {
            throw new IOException(file + " is not a complete saved frozen classifier: " + e.getMessage(), e);
        }
    }

    /** Input size {@code D}. */
    public int inputSize() {
        return (int) w1.size(0);
    }

    /** Hidden width {@code H}. */
    public int hidden() {
        return (int) w1.size(1);
    }

    /** Number of classes {@code C}. */
    public int numClasses() {
        return (int) w2.size(1);
    }

    // package-private: read only by InferenceApi (the "server" side)
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
}
