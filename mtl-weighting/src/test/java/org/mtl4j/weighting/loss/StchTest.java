package org.mtl4j.weighting.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mtl4j.core.weighting.StepInfo;

/** STCH: warm-up weights, the nadir vector, and the weights as derivatives of the scalarised loss. */
class StchTest {
    private static StepInfo step(long t, int epoch) {
        return new StepInfo(t, epoch, new SplittableRandom(t), List.of());
    }

    /** The smooth Tchebycheff loss of LibMTL, written independently: m·μ·log Σ exp(log(L_i/z_i + ε)/μ). */
    private static double scalarised(double[] l, double[] z, double mu) {
        double s = 0;
        for (int i = 0; i < l.length; i++) {
            s += Math.exp(Math.log(l[i] / z[i] + 1e-20) / mu);
        }
        return l.length * mu * Math.log(s);
    }

    @Test
    void warmUpUsesLogLossesAndTheNadirIsTheMeanOfEpochW() {
        Stch stch = new Stch.Config(1.0, 2).create(2);
        double[] l = {0.5, 4.0};
        double[] w = stch.weigh(l, step(1, 0)).weights();
        assertArrayEquals(new double[] {1 / (0.5 + 1e-20), 1 / (4.0 + 1e-20)}, w, 1e-15);
        stch.weigh(new double[] {9, 9}, step(2, 1));
        assertNull(stch.nadir());
        stch.weigh(new double[] {1.0, 2.0}, step(3, 2));
        stch.weigh(new double[] {3.0, 6.0}, step(4, 2));
        assertNull(stch.nadir(), "fixed only when the STCH phase starts");
        stch.weigh(new double[] {1.0, 1.0}, step(5, 3));
        assertArrayEquals(new double[] {2.0, 4.0}, stch.nadir(), 1e-15);
    }

    @Test
    void weightsAreTheGradientOfTheScalarisedLoss() {
        for (double mu : new double[] {0.1, 1.0, 3.0}) {
            Stch stch = new Stch.Config(mu, 0).create(3);
            double[] z = {0.8, 2.0, 0.3};
            stch.weigh(z, step(1, 0));   // epoch 0 = W: the nadir is these losses
            double[] l = {0.6, 2.5, 0.2};
            double[] w = stch.weigh(l, step(2, 1)).weights();
            for (int i = 0; i < 3; i++) {
                double h = 1e-6 * l[i];
                double[] lp = l.clone();
                double[] lm = l.clone();
                lp[i] += h;
                lm[i] -= h;
                double fd = (scalarised(lp, z, mu) - scalarised(lm, z, mu)) / (2 * h);
                assertEquals(fd, w[i], 1e-6 * Math.abs(fd), "μ = " + mu + ", task " + i);
            }
        }
    }

    @Test
    void smallMuConcentratesOnTheWorstNormalisedTask() {
        Stch stch = new Stch.Config(1e-3, 0).create(3);
        stch.weigh(new double[] {1, 1, 1}, step(1, 0));
        double[] l = {0.5, 1.5, 1.2};
        double[] w = stch.weigh(l, step(2, 1)).weights();
        assertEquals(3 / 1.5, w[1], 1e-9, "m/L on the worst task");
        assertTrue(w[0] < 1e-100 && w[2] < 1e-50, java.util.Arrays.toString(w));
    }

    @Test
    void edgeCasesStayFiniteAndBadInputIsRejected() {
        Stch stch = new Stch.Config(1.0, 0).create(2);
        stch.weigh(new double[] {0, 0}, step(1, 0));
        double[] w = stch.weigh(new double[] {0, 1}, step(2, 1)).weights();
        assertTrue(Double.isFinite(w[0]) && Double.isFinite(w[1]), java.util.Arrays.toString(w));
        assertArrayEquals(new double[] {1e-8, 1e-8}, stch.nadir(), 0, "nadir floor");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> stch.weigh(new double[] {-1, 1}, step(3, 1)));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Stch.Config(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Stch.Config(1, -1));
        // a run started past the warm-up sets the nadir from its first STCH step
        Stch late = Stch.Config.defaults().create(2);
        late.weigh(new double[] {2, 3}, step(1, 9));
        assertArrayEquals(new double[] {2, 3}, late.nadir(), 0);
        Map<String, double[]> s = late.saveState();
        Stch restored = Stch.Config.defaults().create(2);
        restored.loadState(s);
        assertArrayEquals(late.weigh(new double[] {1, 1}, step(2, 9)).weights(),
                restored.weigh(new double[] {1, 1}, step(2, 9)).weights(), 0);
        assertThrows(IllegalArgumentException.class, () -> restored.loadState(Map.of("nadir", new double[] {0, 1})));
    }
}
