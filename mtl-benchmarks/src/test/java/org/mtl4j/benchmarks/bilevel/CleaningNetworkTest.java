package org.mtl4j.benchmarks.bilevel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mtl4j.benchmarks.data.LabeledImages;
import org.mtl4j.weighting.bilevel.SigmoidSampleWeights;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The hyper-cleaning network and lower level against central finite differences in double. */
class CleaningNetworkTest {
    private DataType oldDefault;

    @BeforeEach
    void doubles() {
        oldDefault = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterEach
    void reset() {
        Nd4j.setDefaultDataTypes(oldDefault, oldDefault);
    }

    private static INDArray inputs(int n, SplittableRandom r) {
        double[] v = new double[n * CleaningNetwork.INPUT];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble() < 0.7 ? 0 : r.nextDouble();
        }
        return Nd4j.create(v, new long[] {n, CleaningNetwork.INPUT}, 'c');
    }

    /** Σ_t Σ_j w_tj ℓ_tj at the current parameters. */
    private static double objective(CleaningNetwork net, INDArray[] x, INDArray[] y, double[][] w) {
        double s = 0;
        for (int t = 0; t < x.length; t++) {
            double[] l = net.losses(t, x[t], y[t]);
            for (int j = 0; j < l.length; j++) {
                s += w[t][j] * l[j];
            }
        }
        return s;
    }

    @Test
    void weightedGradientMatchesFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(3);
        CleaningNetwork net = new CleaningNetwork(2, DataType.DOUBLE, 5, 7, 6);
        net.params().addi(Nd4j.rand(DataType.DOUBLE, net.numParams()).subi(0.5).muli(0.2));
        INDArray[] x = {inputs(5, r), inputs(3, r)};
        INDArray[] y = {CleaningTask.oneHot(new int[] {0, 3, 9, 3, 1}).castTo(DataType.DOUBLE),
            CleaningTask.oneHot(new int[] {4, 4, 7}).castTo(DataType.DOUBLE)};
        double[][] w = {{0.1, 0.5, 0.2, 0.9, 0.3}, {0.7, 0.05, 0.4}};
        for (int t = 0; t < 2; t++) {
            net.weightedGradient(t, x[t], y[t], Nd4j.create(w[t], new long[] {w[t].length, 1}, 'c'), t > 0);
        }
        INDArray g = net.gradients().dup();
        long p = net.numParams();
        long[] coords = {0, 1, 784L * 3 + 2, 784L * 7 - 1, 784L * 7 + 3, 784L * 7 + 7 + 10, p - 1, p - 15, p - 70, p - 80, p / 2};
        for (long c : coords) {
            double orig = net.params().getDouble(c);
            double e = 1e-6;
            net.params().putScalar(c, orig + e);
            double fp = objective(net, x, y, w);
            net.params().putScalar(c, orig - e);
            double fm = objective(net, x, y, w);
            net.params().putScalar(c, orig);
            double fd = (fp - fm) / (2 * e);
            assertEquals(fd, g.getDouble(c), 1e-7 * Math.max(1, Math.abs(fd)), "coordinate " + c);
        }
    }

    @Test
    void lowerLevelOnABatchWeightsSamplesBySigmoidOverTheBatchSize() {
        SplittableRandom r = new SplittableRandom(4);
        int n = 6;
        float[] pix = new float[20 * 784];
        for (int i = 0; i < pix.length; i++) {
            pix[i] = r.nextDouble() < 0.8 ? 0f : (float) r.nextDouble();
        }
        int[] labels = new int[20];
        for (int i = 0; i < 20; i++) {
            labels[i] = i % 10;
        }
        LabeledImages pool = new LabeledImages(28, 28, pix, labels);
        CleaningTask a = CleaningTask.build("a", pool, null, new CleaningSplit(n, 2, 1, 3), 0.5, 1);
        CleaningTask b = CleaningTask.build("b", pool, null, new CleaningSplit(n, 2, 1, 3), 0.5, 2);
        assertEquals(3, a.cleanCount(), "exactly half of the training labels are corrupted");
        CleaningTask original = CleaningTask.build("a", pool, null, new CleaningSplit(n, 2, 1, 3), 0.0, 1);
        assertEquals(a.trainX(), original.trainX(), "same seed, same split");
        for (int j = 0; j < n; j++) {
            assertEquals(a.clean()[j], a.trainY()[j] == original.trainY()[j], "corrupted labels differ from the true ones");
        }
        CleaningTask da = new CleaningTask("a", a.trainX().castTo(DataType.DOUBLE), a.trainY(), a.clean(), a.val1X(), a.val1Y(),
                a.val2X(), a.val2Y(), a.testX(), a.testY());
        CleaningTask db = new CleaningTask("b", b.trainX().castTo(DataType.DOUBLE), b.trainY(), b.clean(), b.val1X(), b.val1Y(),
                b.val2X(), b.val2Y(), b.testX(), b.testY());
        CleaningNetwork net = new CleaningNetwork(2, DataType.DOUBLE, 9, 5, 4);
        int[][] batch = {{1, 4}, {0, 2, 5}};
        CleaningLowerLevel ll = new CleaningLowerLevel(net, List.of(da, db), batch, new int[] {0, n}, 2 * n, 0.01);
        double[] alpha = new double[2 * n];
        for (int j = 0; j < alpha.length; j++) {
            alpha[j] = r.nextGaussian();
        }
        INDArray omega = net.params().dup();
        double[] grad = ll.alphaGradient(alpha, omega);
        double e = 1e-6;
        for (int j = 0; j < 2 * n; j++) {
            double[] ap = alpha.clone();
            ap[j] += e;
            double[] am = alpha.clone();
            am[j] -= e;
            double fd = (value(ll, ap, omega) - value(ll, am, omega)) / (2 * e);
            assertEquals(fd, grad[j], 1e-8, "∂f/∂α_" + j);
        }
        assertEquals(0.0, grad[0], 0.0, "sample 0 of dataset a is not in the batch");
        // f = Σ_t (1/|S_t|) Σ σ(α_j) ℓ_j
        double[] l = ll.values(omega);
        double expected = (SigmoidSampleWeights.sigmoid(alpha[1]) * l[0] + SigmoidSampleWeights.sigmoid(alpha[4]) * l[1]) / 2
                + (SigmoidSampleWeights.sigmoid(alpha[n]) * l[2] + SigmoidSampleWeights.sigmoid(alpha[n + 2]) * l[3]
                + SigmoidSampleWeights.sigmoid(alpha[n + 5]) * l[4]) / 3;
        assertEquals(expected, value(ll, alpha, omega), 1e-12);
    }

    private static double value(CleaningLowerLevel ll, double[] alpha, INDArray omega) {
        double[] s = ll.weightMap().weights(alpha);
        double[] l = ll.values(omega);
        double v = 0;
        for (int k = 0; k < s.length; k++) {
            v += s[k] * l[k];
        }
        return v;
    }
}
