package org.mtl4j.weighting.bilevel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The α → weight maps and ∇_α f against central finite differences in double. */
class WeightMapTest {

    private static double[] fd(Function<double[], Double> f, double[] x) {
        double[] g = new double[x.length];
        double e = 1e-6;
        for (int i = 0; i < x.length; i++) {
            double[] p = x.clone();
            p[i] += e;
            double[] m = x.clone();
            m[i] -= e;
            g[i] = (f.apply(p) - f.apply(m)) / (2 * e);
        }
        return g;
    }

    @Test
    void softmaxPullbackIsTheGradientOfTheWeightedSum() {
        SoftmaxWeights w = new SoftmaxWeights(4);
        double[] alpha = {0.2, -1.0, 0.7, 0.0};
        double[] c = {1.5, -0.3, 2.0, 0.4};
        double[] s = w.weights(alpha);
        assertEquals(1.0, s[0] + s[1] + s[2] + s[3], 1e-15);
        double[] expected = fd(a -> {
            double[] sa = w.weights(a);
            double v = 0;
            for (int i = 0; i < 4; i++) {
                v += sa[i] * c[i];
            }
            return v;
        }, alpha);
        double[] got = w.pullback(alpha, c);
        for (int i = 0; i < 4; i++) {
            assertEquals(expected[i], got[i], 1e-9);
        }
        // m = 1: J_s = 0, alpha never moves
        assertEquals(0.0, new SoftmaxWeights(1).pullback(new double[] {3.0}, new double[] {5.0})[0]);
    }

    @Test
    void sigmoidSampleWeightsPullbackIsTheGradientOfTheWeightedSum() {
        SigmoidSampleWeights w = new SigmoidSampleWeights(new double[] {0.5, 0.5, 0.25, 0.25});
        double[] alpha = {0.0, 3.0, -2.0, 40.0};
        double[] c = {1.0, 2.0, -1.0, 0.5};
        double[] expected = fd(a -> {
            double[] sa = w.weights(a);
            double v = 0;
            for (int i = 0; i < 4; i++) {
                v += sa[i] * c[i];
            }
            return v;
        }, alpha);
        double[] got = w.pullback(alpha, c);
        for (int i = 0; i < 4; i++) {
            assertEquals(expected[i], got[i], 1e-9);
        }
        assertEquals(0.25, w.weights(new double[] {0, 0, 0, 0})[0], 1e-15);
        assertEquals(0.0, SigmoidSampleWeights.sigmoid(-800), 0.0);
        assertEquals(1.0, SigmoidSampleWeights.sigmoid(800), 0.0);
    }

    @Test
    void sigmoidWeightsOfABatchPullBackIntoTheFullAlpha() {
        int[] index = {4, 1, 4};
        SigmoidSampleWeights w = new SigmoidSampleWeights(6, index, new double[] {0.5, 0.5, 1.0});
        double[] alpha = {0.3, -1.0, 2.0, 0.0, 0.7, -0.2};
        double[] c = {1.0, -2.0, 0.5};
        double[] expected = fd(a -> {
            double[] sa = w.weights(a);
            return sa[0] * c[0] + sa[1] * c[1] + sa[2] * c[2];
        }, alpha);
        double[] got = w.pullback(alpha, c);
        assertEquals(6, got.length);
        for (int i = 0; i < 6; i++) {
            assertEquals(expected[i], got[i], 1e-9, "entry " + i);
        }
        assertEquals(0.0, got[0], 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SigmoidSampleWeights(3, new int[] {3}, new double[] {1.0}));
        assertTrue(e.getMessage().contains("index[0] must be in [0, 3), found 3"), e.getMessage());
    }

    @Test
    void alphaGradientOfTheLowerLevelIsThePullbackOfTheTrainingLosses() {
        QuadraticBilevel p = new QuadraticBilevel(3, 4, 21);
        WeightedSumLowerLevel ll = p.lowerLevel();
        double[] omega = {0.3, -0.5, 1.0, 0.2};
        double[] alpha = {0.5, -0.25, 0.1};
        double[] expected = fd(a -> p.lowerValue(a, omega), alpha);
        double[] got = ll.alphaGradient(alpha, Nd4j.createFromArray(omega.clone()));
        double[] losses = ll.values(Nd4j.createFromArray(omega.clone()));
        double[] s = QuadraticBilevel.softmax(alpha);
        double mean = 0;
        for (int j = 0; j < 3; j++) {
            assertEquals(QuadraticBilevel.half2(omega, p.c[j]), losses[j], 1e-15);
            mean += s[j] * losses[j];
        }
        for (int j = 0; j < 3; j++) {
            assertEquals(expected[j], got[j], 1e-9);
            assertEquals(s[j] * (losses[j] - mean), got[j], 1e-14);
        }
        INDArray g = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 4);
        ll.gradient(alpha, Nd4j.createFromArray(omega.clone()), g);
        for (int k = 0; k < 4; k++) {
            final int kk = k;
            double fdk = fd(o -> p.lowerValue(alpha, o), omega)[kk];
            assertEquals(fdk, g.getDouble(k), 1e-9);
        }
    }

    @Test
    void alphaOutsideItsDomainIsRejected() {
        SoftmaxWeights w = new SoftmaxWeights(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.weights(new double[] {0, Double.NaN}));
        assertTrue(e.getMessage().contains("alpha[1] must be a finite real number") && e.getMessage().contains("NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> w.weights(new double[] {0, 0, 0}));
        assertTrue(e.getMessage().contains("alpha must have length 2, found 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SoftmaxWeights.logitsOf(new double[] {0.5, 0.6}));
        assertTrue(e.getMessage().contains("must sum to 1") && e.getMessage().contains("1.1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SoftmaxWeights.logitsOf(new double[] {1.0, 0.0}));
        assertTrue(e.getMessage().contains("initial task weight 1 must be > 0") && e.getMessage().contains("0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SigmoidSampleWeights(new double[] {1, -1}));
        assertTrue(e.getMessage().contains("scale[1] must be > 0"), e.getMessage());
    }
}
