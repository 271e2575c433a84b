package org.mtl4j.weighting.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mtl4j.testkit.StepInfos;
import org.mtl4j.weighting.loss.RandomLossWeighting.Config;
import org.mtl4j.weighting.loss.RandomLossWeighting.Distribution;

/** Oracles of algorithms.md §5, with tolerances of 5 standard errors for empirical moments. */
class RandomLossWeightingTest {
    private static final int DRAWS = 20000;

    private static double[][] draw(Config config, int m, int n, long seed) {
        RandomLossWeighting rlw = config.create(m);
        double[][] out = new double[n][];
        for (int t = 1; t <= n; t++) {
            out[t - 1] = rlw.weigh(new double[m], StepInfos.of(t, seed)).weights();
        }
        return out;
    }

    private static void assertMean(double expected, double[][] w, int i, String what) {
        double mean = 0;
        double sq = 0;
        for (double[] row : w) {
            mean += row[i] / w.length;
            sq += row[i] * row[i] / w.length;
        }
        double se = Math.sqrt(Math.max(sq - mean * mean, 1e-12) / w.length);
        assertEquals(expected, mean, 5 * se, what + ": mean of w_" + i);
    }

    @Test
    void simplexDistributionsGivePositiveWeightsSummingToOne() {
        for (Distribution d : new Distribution[] {Distribution.NORMAL, Distribution.UNIFORM, Distribution.DIRICHLET}) {
            for (int m = 1; m <= 5; m++) {
                for (double[] w : draw(Config.of(d), m, 200, 3)) {
                    double sum = 0;
                    for (double wi : w) {
                        assertTrue(wi > 0, d + ": " + Arrays.toString(w));
                        sum += wi;
                    }
                    assertEquals(1.0, sum, 1e-12, d.toString());
                }
            }
        }
    }

    @Test
    void singleTaskGivesOne() {
        for (Distribution d : Distribution.values()) {
            assertArrayEquals(new double[] {1.0}, draw(Config.of(d), 1, 5, 4)[4], 1e-15, d.toString());
        }
    }

    @Test
    void sameSeedSameSequenceOtherSeedOtherSequence() {
        for (Distribution d : Distribution.values()) {
            assertArrayEquals(draw(Config.of(d), 4, 50, 11), draw(Config.of(d), 4, 50, 11), d.toString());
            assertFalse(Arrays.deepEquals(draw(Config.of(d), 4, 50, 11), draw(Config.of(d), 4, 50, 12)), d.toString());
        }
    }

    @Test
    void normalIsTheSoftmaxOfTheStepsGaussians() {
        double[] w = RandomLossWeighting.Config.defaults().create(3).weigh(new double[3], StepInfos.of(5, 77L)).weights();
        SplittableRandom rng = StepInfos.random(77L, 5);
        double[] e = {Math.exp(rng.nextGaussian()), Math.exp(rng.nextGaussian()), Math.exp(rng.nextGaussian())};
        double z = e[0] + e[1] + e[2];
        assertArrayEquals(new double[] {e[0] / z, e[1] / z, e[2] / z}, w, 1e-15);
    }

    @Test
    void empiricalMeanTendsToOneOverM() {
        int m = 4;
        for (Distribution d : new Distribution[] {Distribution.NORMAL, Distribution.UNIFORM, Distribution.DIRICHLET}) {
            double[][] w = draw(Config.of(d), m, DRAWS, 5);
            for (int i = 0; i < m; i++) {
                assertMean(1.0 / m, w, i, d.toString());
            }
        }
    }

    @Test
    void dirichletHasTheRightVariance() {
        int m = 3;
        for (double alpha : new double[] {0.5, 1.0, 3.0}) {
            double[][] w = draw(new Config(Distribution.DIRICHLET, alpha, 1), m, DRAWS, 6);
            double expected = (1.0 / m) * (1 - 1.0 / m) / (m * alpha + 1);
            double mean = 0;
            double sq = 0;
            for (double[] row : w) {
                mean += row[0] / DRAWS;
                sq += row[0] * row[0] / DRAWS;
            }
            assertEquals(expected, sq - mean * mean, 0.05 * expected, "alpha " + alpha);
        }
    }

    @Test
    void gammaSamplerHasMeanAndVarianceAlpha() {
        SplittableRandom rng = new SplittableRandom(8);
        for (double alpha : new double[] {0.3, 1.0, 2.5}) {
            double mean = 0;
            double sq = 0;
            for (int n = 0; n < DRAWS; n++) {
                double g = RandomLossWeighting.gamma(alpha, rng);
                assertTrue(g >= 0);
                mean += g / DRAWS;
                sq += g * g / DRAWS;
            }
            assertEquals(alpha, mean, 5 * Math.sqrt(alpha / DRAWS), "mean, alpha " + alpha);
            assertEquals(alpha, sq - mean * mean, 0.06 * alpha, "variance, alpha " + alpha);
        }
    }

    @Test
    void bernoulliIsZeroOneNeverAllZeroWithConditionalMean() {
        int m = 3;
        double[][] w = draw(Config.of(Distribution.BERNOULLI), m, DRAWS, 9);
        for (double[] row : w) {
            double sum = 0;
            for (double v : row) {
                assertTrue(v == 0.0 || v == 1.0);
                sum += v;
            }
            assertTrue(sum >= 1);
        }
        // P(w_i = 1 | not all zero) = ½ / (1 − 2^{−m})
        for (int i = 0; i < m; i++) {
            assertMean(0.5 / (1 - Math.pow(2, -m)), w, i, "BERNOULLI");
        }
    }

    @Test
    void bernoulliKSetsExactlyKTasks() {
        int m = 5;
        int k = 2;
        double[][] w = draw(new Config(Distribution.BERNOULLI_K, 1.0, k), m, DRAWS, 10);
        for (double[] row : w) {
            assertEquals(k, Arrays.stream(row).filter(v -> v == 1.0).count());
            assertEquals(m - k, Arrays.stream(row).filter(v -> v == 0.0).count());
        }
        for (int i = 0; i < m; i++) {
            assertMean((double) k / m, w, i, "BERNOULLI_K");
        }
    }

    @Test
    void badConfigurationsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Config(null, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Config(Distribution.DIRICHLET, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Config(Distribution.BERNOULLI_K, 1, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Config(Distribution.BERNOULLI_K, 1, 3).create(2));
        assertEquals("k must be <= m = 2 for BERNOULLI_K, found 3", e.getMessage());
    }
}
