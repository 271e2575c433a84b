package org.mtl4j.weighting.gradient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtl4j.weighting.gradient.Harness.assertClose;

import org.junit.jupiter.api.Test;
import org.mtl4j.core.weighting.GradientSpace;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GradDropTest {

    /** Gradients with entries of magnitude ≥ 0.05 so the ε effect (drop probability ≈ ε/(2Σ|S|)) is < 1e-5. */
    private static double[][] signed(int m, int p, long seed) {
        double[][] g = Harness.gaussian(m, p, seed);
        for (double[] row : g) {
            for (int k = 0; k < p; k++) {
                row[k] = Math.copySign(0.05 + Math.abs(row[k]), row[k]);
            }
        }
        return g;
    }

    @Test
    void sameSignGradientsAreSummed() {
        double[][] g = signed(3, 40, 1);
        for (double[] row : g) {
            for (int k = 0; k < row.length; k++) {
                row[k] = Math.abs(row[k]);
            }
        }
        GradDrop s = GradDropConfig.defaults().create(3);
        Harness.Result r = Harness.run(s, g, Harness.ones(3), Harness.step(1, 1));
        assertClose(Harness.sum(g), r.direction(), 1e-12, "all ≥ 0");
        assertNull(r.weights());
        for (double[] row : g) {
            for (int k = 0; k < row.length; k++) {
                row[k] = -row[k];
            }
        }
        assertClose(Harness.sum(g), Harness.run(s, g, Harness.ones(3), Harness.step(2, 1)).direction(), 1e-12, "all ≤ 0");
    }

    @Test
    void fullLeakGivesTheSum() {
        double[][] g = signed(4, 30, 2);
        Harness.Result r = Harness.run(GradDropConfig.defaults().withLeak(1.0).create(4), g, Harness.ones(4), Harness.step(1, 3));
        assertClose(Harness.sum(g), r.direction(), 1e-12, "leak 1");
    }

    @Test
    void keptComponentsShareOneSignAtEveryCoordinate() {
        double[][] g = signed(4, 200, 3);
        double[] d = Harness.run(GradDropConfig.defaults().create(4), g, Harness.ones(4), Harness.step(5, 3)).direction();
        int positive = 0;
        int negative = 0;
        for (int k = 0; k < d.length; k++) {
            double pos = 0;
            double neg = 0;
            for (double[] row : g) {
                if (row[k] > 0) {
                    pos += row[k];
                } else {
                    neg += row[k];
                }
            }
            boolean keptPos = Math.abs(d[k] - pos) < 1e-12;
            boolean keptNeg = Math.abs(d[k] - neg) < 1e-12;
            assertTrue(keptPos || keptNeg || d[k] == 0, "coordinate " + k + ": " + d[k] + " is neither " + pos + " nor " + neg);
            positive += keptPos && pos != 0 ? 1 : 0;
            negative += keptNeg && neg != 0 ? 1 : 0;
        }
        assertTrue(positive > 20 && negative > 20, "both signs are chosen somewhere: " + positive + " / " + negative);
    }

    @Test
    void perTaskLeakKeepsTheLeakyTask() {
        double[][] g = signed(2, 100, 4);
        double[] d = Harness.run(GradDropConfig.defaults().withLeak(1.0, 0.0).create(2), g, Harness.ones(2), Harness.step(1, 4)).direction();
        for (int k = 0; k < d.length; k++) {
            double rest = d[k] - g[0][k];
            boolean sameSign = Math.signum(g[1][k]) == Math.signum(g[0][k]);
            assertTrue(Math.abs(rest) < 1e-12 || Math.abs(rest - g[1][k]) < 1e-12, "task 1 kept or dropped at " + k);
            if (sameSign) {
                assertEquals(g[1][k], rest, 1e-12, "no conflict at " + k + ": kept (up to the ε effect)");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> GradDropConfig.defaults().withLeak(0.1, 0.2, 0.3).create(2));
    }

    @Test
    void expectationMatchesThePurityFormula() {
        double[][] base = {{1.0, -0.5, 0.3, 2.0}, {-0.4, -0.1, 0.6, -1.0}, {0.2, 0.7, -0.9, -0.5}};
        // every column repeated: U is drawn independently per coordinate, so each step gives many samples
        int copies = 250;
        int steps = 40;
        double[][] g = new double[3][4 * copies];
        for (int i = 0; i < 3; i++) {
            for (int c = 0; c < 4 * copies; c++) {
                g[i][c] = base[i][c % 4];
            }
        }
        int n = copies * steps;
        double[] mean = new double[4];
        GradDrop s = GradDropConfig.defaults().create(3);
        for (int t = 1; t <= steps; t++) {
            double[] d = Harness.run(s, g, Harness.ones(3), Harness.step(t, 17)).direction();
            for (int c = 0; c < d.length; c++) {
                mean[c % 4] += d[c] / n;
            }
        }
        for (int k = 0; k < 4; k++) {
            double pos = 0;
            double neg = 0;
            double abs = 0;
            for (double[] row : base) {
                pos += Math.max(row[k], 0);
                neg += Math.min(row[k], 0);
                abs += Math.abs(row[k]);
            }
            double purity = 0.5 * (1 + (pos + neg) / (abs + 1e-7));
            double expected = purity * pos + (1 - purity) * neg;
            double sd = Math.sqrt(purity * (1 - purity)) * (pos - neg) / Math.sqrt(n);
            assertEquals(expected, mean[k], 4.5 * sd, "coordinate " + k);
        }
    }

    @Test
    void edgeCases() {
        double[][] one = signed(1, 50, 5);
        assertClose(one[0], Harness.run(GradDropConfig.defaults().create(1), one, Harness.ones(1), Harness.step(1, 1)).direction(),
                1e-12, "m = 1 keeps everything");
        double[][] same = {one[0], one[0], one[0]};
        assertClose(Harness.scale(3, one[0]),
                Harness.run(GradDropConfig.defaults().create(3), same, Harness.ones(3), Harness.step(1, 1)).direction(), 1e-12, "m·g");
        double[][] zero = {new double[50], one[0]};
        assertClose(one[0], Harness.run(GradDropConfig.defaults().create(2), zero, Harness.ones(2), Harness.step(1, 1)).direction(),
                1e-12, "a zero task changes nothing");
    }

    @Test
    void deterministicPerStepRandom() {
        double[][] g = signed(3, 500, 6);
        GradDrop s = GradDropConfig.defaults().create(3);
        double[] a = Harness.run(s, g, Harness.ones(3), Harness.step(4, 8)).direction();
        assertArrayEquals(a, Harness.run(s, g, Harness.ones(3), Harness.step(4, 8)).direction(), 0.0);
        assertTrue(Harness.maxAbsDiff(a, Harness.run(s, g, Harness.ones(3), Harness.step(5, 8)).direction()) > 0);
        double[] f = Harness.run(s, g, Harness.ones(3), Harness.step(4, 8), DataType.FLOAT).direction();
        assertTrue(Harness.allFinite(f));
    }

    @Test
    void representationModeMasksPerFeatureAcrossTheBatch() {
        int batch = 5;
        int width = 30;
        int m = 3;
        double[][] r = signed(m, batch * width, 9);
        double[][] zRows = Harness.gaussian(batch, width, 10);
        INDArray z = Nd4j.create(zRows);
        GradDrop s = GradDropConfig.defaults().withGradientSpace(GradientSpace.REPRESENTATION).create(m);
        assertEquals(GradientSpace.REPRESENTATION, s.gradientSpace());
        INDArray jac = Nd4j.create(r);
        INDArray dir = Nd4j.create(DataType.DOUBLE, batch * width);
        assertThrows(IllegalStateException.class, () -> s.aggregate(jac, Harness.ones(m), Harness.step(1, 1), dir));
        s.setRepresentation(z);
        s.aggregate(jac, Harness.ones(m), Harness.step(1, 1), dir);
        double[] d = dir.toDoubleVector();
        int mixed = 0;
        for (int k = 0; k < width; k++) {
            double[] signal = new double[m];
            for (int i = 0; i < m; i++) {
                for (int b = 0; b < batch; b++) {
                    signal[i] += Math.signum(zRows[b][k]) * r[i][b * width + k];
                }
            }
            // the same subset of tasks is kept for the whole batch, and it is one sign class of S
            boolean matched = false;
            for (int cls = -1; cls <= 1 && !matched; cls++) {
                boolean ok = true;
                for (int b = 0; b < batch && ok; b++) {
                    double expected = 0;
                    for (int i = 0; i < m; i++) {
                        if (cls != 0 && Math.signum(signal[i]) == cls) {
                            expected += r[i][b * width + k];
                        }
                    }
                    ok = Math.abs(expected - d[b * width + k]) < 1e-12;
                }
                matched = ok;
            }
            assertTrue(matched, "feature " + k);
            boolean hasPos = false;
            boolean hasNeg = false;
            for (double v : signal) {
                hasPos |= v > 0;
                hasNeg |= v < 0;
            }
            mixed += hasPos && hasNeg ? 1 : 0;
        }
        assertTrue(mixed > 5, "some features have conflicting signals: " + mixed);
    }

    @Test
    void configValidation() {
        assertThrows(IllegalArgumentException.class, () -> GradDropConfig.defaults().withLeak(1.5));
        assertThrows(IllegalArgumentException.class, () -> GradDropConfig.defaults().withLeak());
        assertThrows(IllegalArgumentException.class, () -> GradDropConfig.defaults().withEps(0));
        assertThrows(IllegalArgumentException.class, () -> GradDropConfig.defaults().withGradientSpace(null));
        assertEquals(GradDropConfig.defaults(), GradDropConfig.defaults());
        double[] leak = {0.2};
        GradDropConfig c = GradDropConfig.defaults().withLeak(leak);
        leak[0] = 0.9;
        assertEquals(0.2, c.leak()[0], 0.0);
    }
}
