package org.mtl4j.benchmarks.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mtl4j.weighting.blackbox.CommonBatchSchedule;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The inference API against an independent double-precision forward pass of the same weights:
 * the prompt enters as {@code x + p}, {@code p = 0} is the plain network, loss/accuracy and the
 * query counters; the prompt objective's common mini-batches.
 */
class InferenceApiTest {

    private static final int D = 6;
    private static final int H = 5;
    private static final int C = 3;

    private final SplittableRandom random = new SplittableRandom(17);
    private final float[][] w1 = matrix(D, H);
    private final float[] b1 = matrix(1, H)[0];
    private final float[][] w2 = matrix(H, C);
    private final float[] b2 = matrix(1, C)[0];

    private float[][] matrix(int rows, int cols) {
        float[][] m = new float[rows][cols];
        for (float[] row : m) {
            for (int k = 0; k < cols; k++) {
                row[k] = (float) random.nextGaussian();
            }
        }
        return m;
    }

    private FrozenClassifier network() {
        return new FrozenClassifier(Nd4j.create(w1), Nd4j.create(new float[][] {b1}), Nd4j.create(w2),
                Nd4j.create(new float[][] {b2}));
    }

    /** Independent forward of one input, in double. */
    private double[] logits(double[] x) {
        double[] h = new double[H];
        for (int j = 0; j < H; j++) {
            double s = b1[j];
            for (int k = 0; k < D; k++) {
                s += x[k] * w1[k][j];
            }
            h[j] = Math.max(0, s);
        }
        double[] z = new double[C];
        for (int c = 0; c < C; c++) {
            double s = b2[c];
            for (int j = 0; j < H; j++) {
                s += h[j] * w2[j][c];
            }
            z[c] = s;
        }
        return z;
    }

    private double[] expectedLossAndAccuracy(float[] images, int[] labels, double[] prompt) {
        double loss = 0;
        int correct = 0;
        for (int b = 0; b < labels.length; b++) {
            double[] x = new double[D];
            for (int k = 0; k < D; k++) {
                x[k] = images[b * D + k] + prompt[k];
            }
            double[] z = logits(x);
            double max = Double.NEGATIVE_INFINITY;
            int arg = -1;
            for (int c = 0; c < C; c++) {
                if (z[c] > max) {
                    max = z[c];
                    arg = c;
                }
            }
            double sum = 0;
            for (double v : z) {
                sum += Math.exp(v);
            }
            loss += Math.log(sum) - z[labels[b]];
            correct += arg == labels[b] ? 1 : 0;
        }
        return new double[] {loss / labels.length, (double) correct / labels.length};
    }

    @Test
    void promptEntersAsAdditiveInputAndZeroPromptIsThePlainNetwork() {
        int b = 7;
        float[] images = new float[b * D];
        int[] labels = new int[b];
        for (int i = 0; i < b; i++) {
            labels[i] = i % C;
            for (int k = 0; k < D; k++) {
                images[i * D + k] = (float) random.nextDouble();
            }
        }
        double[][] prompts = {new double[D], {0.5, -1, 0.2, 0, 1.5, -0.3}, {-2, 2, -2, 2, -2, 2}};
        InferenceApi api = new InferenceApi(network());
        InferenceApi.Batch batch = api.upload(images, labels);
        InferenceApi.Answer answer = api.query(Nd4j.create(prompts).castTo(DataType.FLOAT), batch);
        for (int j = 0; j < prompts.length; j++) {
            double[] expected = expectedLossAndAccuracy(images, labels, prompts[j]);
            assertEquals(expected[0], answer.loss()[j], 1e-5 * (1 + expected[0]), "loss of prompt " + j);
            assertEquals(expected[1], answer.accuracy()[j], 1e-12, "accuracy of prompt " + j);
        }
        assertNotEquals(answer.loss()[0], answer.loss()[2], "a prompt changes the output");
        assertEquals(3, api.queries());
        assertEquals(3L * b, api.imagesForwarded());
        api.query(Nd4j.zeros(DataType.FLOAT, 1, D), batch);
        assertEquals(4, api.queries());
    }

    @Test
    void badInputNamesTheProblem() {
        InferenceApi api = new InferenceApi(network());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> api.upload(new float[2 * D], new int[] {0, C}));
        assertTrue(e.getMessage().contains("label " + C), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> api.upload(new float[D + 1], new int[] {0}));
        InferenceApi.Batch batch = api.upload(new float[D], new int[] {1});
        e = assertThrows(IllegalArgumentException.class, () -> api.query(Nd4j.zeros(DataType.FLOAT, 2, D + 1), batch));
        assertTrue(e.getMessage().contains("D = " + D), e.getMessage());
        assertEquals(0, api.queries(), "failed queries are not counted");
    }

    @Test
    void promptObjectiveSharesOneMiniBatchPerPeriod() {
        int pool = 40;
        float[] images = new float[pool * D];
        int[] labels = new int[pool];
        for (int i = 0; i < pool; i++) {
            labels[i] = random.nextInt(C);
            for (int k = 0; k < D; k++) {
                images[i * D + k] = (float) random.nextDouble();
            }
        }
        PromptTask task = new PromptTask("t", D, images, labels, images, labels);
        double[] p = {0.1, 0.2, -0.3, 0.4, 0, 1};
        // period 3: evaluations 0..2 share batch 0, 3..5 batch 1
        PromptObjective batched = new PromptObjective(new InferenceApi(network()), List.of(task, task), 5, 4,
                CommonBatchSchedule.every(3));
        double[][] first = batched.evaluate(new double[][] {p, p, p});
        assertEquals(first[0][0], first[1][0], 0.0);
        assertEquals(first[0][0], first[2][0], 0.0);
        assertEquals(0, batched.currentBatch());
        // the same points queried one at a time (as CMA-ES does) see the same mini-batches
        PromptObjective single = new PromptObjective(new InferenceApi(network()), List.of(task, task), 5, 4,
                CommonBatchSchedule.every(3));
        for (int j = 0; j < 3; j++) {
            assertEquals(first[j][0], single.evaluate(new double[][] {p})[0][0], 0.0);
        }
        // a call spanning two periods is split between the two mini-batches
        double[][] spanning = single.evaluate(new double[][] {p, p, p, p});
        double[][] second = batched.evaluate(new double[][] {p, p, p});
        assertEquals(second[0][0], spanning[0][0], 0.0);
        assertEquals(1, batched.currentBatch());
        assertEquals(2, single.currentBatch());
        assertNotEquals(first[0][0], second[0][0], "a new period draws a new mini-batch");
    }
}
