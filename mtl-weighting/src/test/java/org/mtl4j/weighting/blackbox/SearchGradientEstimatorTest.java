package org.mtl4j.weighting.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Unbiasedness of the ASMG estimators p̂ (and ĝ = p̂/σ) and ĥ against the closed-form gradients
 * of the Gaussian-smoothed objective, with tolerances derived from the sample variance.
 */
class SearchGradientEstimatorTest {

    /** Mean and standard error of the mean over batches, per coordinate. */
    private record Stats(double[] mean, double[] stderr) {
    }

    private static Stats stats(double[][] batches) {
        int b = batches.length;
        int d = batches[0].length;
        double[] mean = new double[d];
        double[] se = new double[d];
        for (double[] row : batches) {
            for (int k = 0; k < d; k++) {
                mean[k] += row[k] / b;
            }
        }
        for (double[] row : batches) {
            for (int k = 0; k < d; k++) {
                se[k] += (row[k] - mean[k]) * (row[k] - mean[k]) / (b - 1);
            }
        }
        for (int k = 0; k < d; k++) {
            se[k] = Math.sqrt(se[k] / b);
        }
        return new Stats(mean, se);
    }

    /**
     * F(x) = ½ Σ q_k (x_k − c_k)² + rᵀx with x ∼ N(μ, diag σ²) has the smoothed objective
     * J = F(μ) + ½ Σ q_k σ_k², so ∇_μ J = q ⊙ (μ − c) + r and ∂J/∂σ_k² = ½ q_k. Hence
     * E p̂ = σ ⊙ ∇_μ J, E ĝ = E p̂/σ = ∇_μ J and E ĥ = σ² ⊙ ½ q.
     */
    @Test
    void estimatorsAreUnbiasedOnAQuadraticWithNonUnitCovariance() {
        int d = 4;
        int n = 50;
        int batches = 4000;
        double[] q = {2.0, 0.5, 3.0, 1.0};
        double[] c = {0.3, -1.0, 0.0, 2.0};
        double[] r = {1.0, 0.0, -0.5, 0.25};
        double[] mu = {0.5, 0.2, -0.3, 1.0};
        double[] sigma = {0.7, 1.3, 0.4, 1.0};
        SplittableRandom random = new SplittableRandom(42);
        double[][] gBatches = new double[batches][];
        double[][] hBatches = new double[batches][];
        double[][] z = new double[n][d];
        double[][] values = new double[n][1];
        boolean[] valid = new boolean[n];
        Arrays.fill(valid, true);
        double[] atMean = {quadratic(mu, q, c, r)};
        for (int b = 0; b < batches; b++) {
            for (int j = 0; j < n; j++) {
                double[] x = new double[d];
                for (int k = 0; k < d; k++) {
                    z[j][k] = random.nextGaussian();
                    x[k] = mu[k] + sigma[k] * z[j][k];
                }
                values[j][0] = quadratic(x, q, c, r);
            }
            double[][] p = new double[1][d];
            double[][] h = new double[1][d];
            SearchGradientEstimator.estimate(z, values, atMean, valid, n, p, h);
            gBatches[b] = new double[d];
            for (int k = 0; k < d; k++) {
                gBatches[b][k] = p[0][k] / sigma[k];
            }
            hBatches[b] = h[0];
        }
        Stats g = stats(gBatches);
        Stats h = stats(hBatches);
        for (int k = 0; k < d; k++) {
            double gradMu = q[k] * (mu[k] - c[k]) + r[k];
            double expectedH = sigma[k] * sigma[k] * 0.5 * q[k];
            // 5 standard errors: a false alarm has probability ~1e-6 per coordinate
            assertEquals(gradMu, g.mean()[k], 5 * g.stderr()[k], "ĝ coordinate " + k);
            assertEquals(expectedH, h.mean()[k], 5 * h.stderr()[k], "ĥ coordinate " + k);
            // the tolerance is tight enough to catch a missing factor 1/2 or σ
            assertTrue(5 * h.stderr()[k] < 0.25 * expectedH, "ĥ tolerance too loose at " + k);
            assertTrue(5 * g.stderr()[k] < 0.25 * Math.max(Math.abs(gradMu), 0.5), "ĝ tolerance too loose at " + k);
        }
    }

    private static double quadratic(double[] x, double[] q, double[] c, double[] r) {
        double s = 0;
        for (int k = 0; k < x.length; k++) {
            s += 0.5 * q[k] * (x[k] - c[k]) * (x[k] - c[k]) + r[k] * x[k];
        }
        return s;
    }

    /** Spec §21.8 oracle 1 with N = 1e6 and Σ = I: linear F → p̂ = c, ĥ = 0; ½Σq x² at 0 → ĥ = ½q. */
    @Test
    void largeSampleOraclesOfTheSpec() {
        int d = 3;
        int n = 1_000_000;
        double[] c = {1.5, -2.0, 0.5};
        double[] q = {1.0, 4.0, 0.5};
        SplittableRandom random = new SplittableRandom(7);
        double[][] z = new double[n][d];
        double[][] values = new double[n][2];
        boolean[] valid = new boolean[n];
        Arrays.fill(valid, true);
        for (int j = 0; j < n; j++) {
            double lin = 0;
            double quad = 0;
            for (int k = 0; k < d; k++) {
                double x = random.nextGaussian();
                z[j][k] = x;
                lin += c[k] * x;
                quad += 0.5 * q[k] * x * x;
            }
            values[j][0] = lin;
            values[j][1] = quad;
        }
        double[][] p = new double[2][d];
        double[][] h = new double[2][d];
        SearchGradientEstimator.estimate(z, values, new double[] {0.0, 0.0}, valid, n, p, h);
        // per-sample standard deviations are O(‖c‖) and O(‖q‖); 1e6 samples give standard errors ~3e-3
        for (int k = 0; k < d; k++) {
            assertEquals(c[k], p[0][k], 0.02, "p̂ of the linear objective, coordinate " + k);
            assertEquals(0.0, h[0][k], 0.02, "ĥ of the linear objective, coordinate " + k);
            assertEquals(0.5 * q[k], h[1][k], 0.03, "ĥ of the quadratic, coordinate " + k);
            assertEquals(0.0, p[1][k], 0.03, "p̂ of the quadratic at its minimum, coordinate " + k);
        }
    }

    @Test
    void invalidSamplesAreLeftOutAndTheSampleCountShrinks() {
        double[][] z = {{1.0}, {2.0}, {-1.0}};
        double[][] values = {{3.0}, {Double.NaN}, {1.0}};
        boolean[] valid = {true, false, true};
        double[][] p = new double[1][1];
        double[][] h = new double[1][1];
        SearchGradientEstimator.estimate(z, values, new double[] {1.0}, valid, 2, p, h);
        // (ΔF z) over the two valid samples: (2·1 + 0·(−1))/2 = 1; ĥ: (2·(1−1) + 0)/(2·2) = 0
        assertEquals(1.0, p[0][0], 0.0);
        assertEquals(0.0, h[0][0], 0.0);
    }

    @Test
    void gramIsPpTransposePlusTwoHhTranspose() {
        double[][] p = {{1, 2}, {0, -1}};
        double[][] h = {{0.5, 0}, {1, 1}};
        double[][] g = SearchGradientEstimator.gram(p, h);
        assertEquals(1 + 4 + 2 * 0.25, g[0][0], 1e-15);
        assertEquals(-2 + 2 * 0.5, g[0][1], 1e-15);
        assertEquals(g[0][1], g[1][0], 0.0);
        assertEquals(1 + 2 * 2, g[1][1], 1e-15);
    }
}
