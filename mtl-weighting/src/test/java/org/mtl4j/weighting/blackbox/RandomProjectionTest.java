package org.mtl4j.weighting.blackbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fixed random projection: linearity, A·0 = 0, entry statistics, seeding, bad input. */
class RandomProjectionTest {

    private static double[] gaussian(int n, SplittableRandom random) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = random.nextGaussian();
        }
        return v;
    }

    @Test
    void zeroMapsToZero() {
        RandomProjection a = new RandomProjection(new RandomProjectionConfig(32, 50, 0.7, 3));
        double[] out = a.project(new double[32]);
        assertEquals(50, out.length);
        for (double x : out) {
            assertEquals(0.0, x, 0.0);
        }
    }

    @Test
    void projectionIsTheMatrixProductAndLinear() {
        int d = 16;
        int outDim = 30;
        RandomProjection a = new RandomProjection(new RandomProjectionConfig(d, outDim, 1.3, 11));
        SplittableRandom random = new SplittableRandom(5);
        double[] v = gaussian(d, random);
        double[] w = gaussian(d, random);
        double alpha = 0.8;
        double beta = -2.5;
        double[] combo = new double[d];
        for (int k = 0; k < d; k++) {
            combo[k] = alpha * v[k] + beta * w[k];
        }
        double[] av = a.project(v);
        double[] aw = a.project(w);
        double[] ac = a.project(combo);
        for (int row = 0; row < outDim; row++) {
            // independent re-computation of (Av)_row from the entries, in double
            double expected = 0;
            for (int j = 0; j < d; j++) {
                expected += a.entry(row, j) * v[j];
            }
            assertEquals(expected, av[row], 1e-4 * (1 + Math.abs(expected)), "row " + row);
            assertEquals(alpha * av[row] + beta * aw[row], ac[row], 1e-4 * (1 + Math.abs(ac[row])), "linearity row " + row);
        }
        // batched rows equal single projections
        double[][] batch = a.project(new double[][] {v, w}).toDoubleMatrix();
        assertArrayEquals(av, batch[0], 0.0);
        assertArrayEquals(aw, batch[1], 0.0);
    }

    @Test
    void entriesHaveVarianceScaleSquaredOverD() {
        int d = 64;
        int outDim = 400;
        double s = 0.5;
        RandomProjection a = new RandomProjection(new RandomProjectionConfig(d, outDim, s, 1));
        double sum = 0;
        double sumSq = 0;
        int count = d * outDim;
        for (int k = 0; k < outDim; k++) {
            for (int j = 0; j < d; j++) {
                double e = a.entry(k, j);
                sum += e;
                sumSq += e * e;
            }
        }
        double mean = sum / count;
        double variance = sumSq / count - mean * mean;
        double expected = s * s / d;
        // 25,600 draws: the sample variance is within ~3% of the truth with overwhelming probability
        assertEquals(expected, variance, 0.05 * expected);
        assertEquals(0.0, mean, 5 * Math.sqrt(expected / count));
    }

    @Test
    void sameSeedSameMatrixOtherSeedOtherMatrix() {
        RandomProjectionConfig c = new RandomProjectionConfig(8, 10, 1.0, 42);
        double[] v = gaussian(8, new SplittableRandom(1));
        assertArrayEquals(new RandomProjection(c).project(v), new RandomProjection(c).project(v), 0.0);
        assertNotEquals(new RandomProjection(c).entry(0, 0), new RandomProjection(c.withSeed(43)).entry(0, 0));
    }

    @Test
    void badInputIsRejectedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RandomProjectionConfig(0, 10, 1.0, 0));
        assertTrue(e.getMessage().contains("found 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RandomProjectionConfig(4, 0, 1.0, 0));
        e = assertThrows(IllegalArgumentException.class, () -> new RandomProjectionConfig(4, 4, -0.1, 0));
        assertTrue(e.getMessage().contains("-0.1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RandomProjectionConfig(4, 4, Double.NaN, 0));
        RandomProjection a = new RandomProjection(RandomProjectionConfig.defaults(4, 6));
        e = assertThrows(IllegalArgumentException.class, () -> a.project(new double[3]));
        assertTrue(e.getMessage().contains("length d = 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> a.project(new double[0][]));
        assertThrows(IndexOutOfBoundsException.class, () -> a.entry(6, 0));
    }
}
