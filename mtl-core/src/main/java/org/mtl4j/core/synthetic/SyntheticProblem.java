package org.mtl4j.core.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.mtl4j.core.data.InMemoryMtlDataset;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A synthetic multi-task classification problem with controllable conflict between tasks.
 *
 * <p>Inputs {@code x ~ N(0, I_d)}. Task i has a projection
 * <pre>
 *   A_i = sqrt(1 − |ρ|) · U_i + s_i · sqrt(|ρ|) · U_0,    U_0, U_i ~ N(0, 1)^{d × C} / sqrt(d)
 *   s_i = 1 if ρ ≥ 0, else (−1)^i
 *   y_i = argmax_c ( σ_s · tanh(x A_i) + noise · ε )_c,   ε ~ N(0, I_C)
 * </pre>
 * so the expected correlation between the score functions of two tasks is ρ (for ρ &lt; 0:
 * −|ρ| between tasks of different parity, +|ρ| between tasks of equal parity). With ρ &lt; 0 a
 * shared representation helps one task only at the other's expense, which shows up as negative
 * cosines between task gradients. Labels are one-hot {@code [N, C]} float arrays.
 *
 * @param numTasks   m ≥ 1
 * @param inputDim   d ≥ 1
 * @param numClasses C ≥ 2
 * @param conflict   ρ ∈ [−1, 1]
 * @param noise      label noise scale ≥ 0
 * @param seed       generator seed
 */
public record SyntheticProblem(int numTasks, int inputDim, int numClasses, double conflict, double noise, long seed) {
    /** Validates. */
    public SyntheticProblem {
        if (numTasks < 1) {
            throw new IllegalArgumentException("numTasks must be >= 1, found " + numTasks);
        }
        if (inputDim < 1) {
            throw new IllegalArgumentException("inputDim must be >= 1, found " + inputDim);
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("numClasses must be >= 2, found " + numClasses);
        }
        if (!(conflict >= -1 && conflict <= 1)) {
            throw new IllegalArgumentException("conflict must be in [-1, 1], found " + conflict);
        }
        if (!(noise >= 0) || !Double.isFinite(noise)) {
            throw new IllegalArgumentException("noise must be >= 0, found " + noise);
        }
    }

    /** @return the default problem used by the demo and tests: 3 tasks, d = 32, 4 classes, ρ = −0.3 */
    public static SyntheticProblem defaults() {
        return new SyntheticProblem(3, 32, 4, -0.3, 0.1, 7L);
    }

    /**
     * Generates a split; splits with different {@code splitIndex} use independent inputs but the
     * same task projections.
     *
     * @param samples    N ≥ 1
     * @param splitIndex 0 = train, 1 = validation, 2 = test (any index works)
     * @param batchSize  batch size of the returned data set
     * @param shuffle    whether the data set shuffles every epoch
     * @return the data set (FLOAT)
     */
    public InMemoryMtlDataset generate(int samples, int splitIndex, int batchSize, boolean shuffle) {
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1, found " + samples);
        }
        SplittableRandom projRng = new SplittableRandom(InMemoryMtlDataset.mix(seed, 1000));
        double[][] u0 = gaussian(projRng, inputDim, numClasses, 1.0 / Math.sqrt(inputDim));
        double a = Math.sqrt(1 - Math.abs(conflict));
        double b = Math.sqrt(Math.abs(conflict));
        double[][][] proj = new double[numTasks][][];
        for (int t = 0; t < numTasks; t++) {
            double[][] ui = gaussian(projRng, inputDim, numClasses, 1.0 / Math.sqrt(inputDim));
            double s = conflict >= 0 ? 1 : (t % 2 == 0 ? 1 : -1);
            proj[t] = new double[inputDim][numClasses];
            for (int r = 0; r < inputDim; r++) {
                for (int c = 0; c < numClasses; c++) {
                    proj[t][r][c] = a * ui[r][c] + s * b * u0[r][c];
                }
            }
        }
        SplittableRandom rng = new SplittableRandom(InMemoryMtlDataset.mix(seed, splitIndex));
        float[] x = new float[samples * inputDim];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) gauss(rng);
        }
        List<INDArray> labels = new ArrayList<>();
        for (int t = 0; t < numTasks; t++) {
            float[] y = new float[samples * numClasses];
            for (int n = 0; n < samples; n++) {
                int best = 0;
                double bestV = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < numClasses; c++) {
                    double v = 0;
                    for (int r = 0; r < inputDim; r++) {
                        v += x[n * inputDim + r] * proj[t][r][c];
                    }
                    v = 2.0 * Math.tanh(v) + noise * gauss(rng);
                    if (v > bestV) {
                        bestV = v;
                        best = c;
                    }
                }
                y[n * numClasses + best] = 1f;
            }
            labels.add(Nd4j.create(y, new long[] {samples, numClasses}, 'c').castTo(DataType.FLOAT));
        }
        INDArray xs = Nd4j.create(x, new long[] {samples, inputDim}, 'c');
        return new InMemoryMtlDataset(xs, labels, batchSize, shuffle);
    }

    private static double[][] gaussian(SplittableRandom r, int rows, int cols, double scale) {
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[i][j] = scale * gauss(r);
            }
        }
        return out;
    }

    private static double gauss(SplittableRandom r) {
        double u1 = r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
