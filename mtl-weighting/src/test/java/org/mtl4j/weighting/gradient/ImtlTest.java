package org.mtl4j.weighting.gradient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mtl4j.weighting.gradient.Harness.assertClose;
import static org.mtl4j.weighting.gradient.Harness.dot;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mtl4j.core.weighting.GradientSpace;
import org.mtl4j.core.weighting.HeadPolicy;
import org.mtl4j.core.weighting.StepWeights;

class ImtlTest {
    private static final ImtlConfig G_ONLY = ImtlConfig.defaults().withVariant(ImtlConfig.Variant.G_ONLY);

    private static double[] unit(double[] g) {
        return Harness.scale(1 / Harness.norm(g), g);
    }

    private static double sum(double[] w) {
        double s = 0;
        for (double v : w) {
            s += v;
        }
        return s;
    }

    @Test
    void equalProjectionsOnUnitGradientsAndWeightsSumToOne() {
        for (long seed = 1; seed <= 5; seed++) {
            double[][] g = Harness.gaussian(4, 7, seed);
            Harness.Result r = Harness.run(G_ONLY.create(4), g, Harness.ones(4), Harness.step(1, 1));
            double first = dot(r.direction(), unit(g[0]));
            for (int i = 1; i < 4; i++) {
                assertEquals(first, dot(r.direction(), unit(g[i])), 1e-10 * Math.abs(first), "projection " + i);
            }
            assertEquals(1.0, sum(r.weights()), 1e-12);
        }
    }

    @Test
    void directionIsInvariantToPerTaskScaling() {
        double[][] g = Harness.gaussian(3, 6, 7);
        double[] c = {1e-3, 2.5, 1e3};
        double[][] scaled = new double[3][];
        for (int i = 0; i < 3; i++) {
            scaled[i] = Harness.scale(c[i], g[i]);
        }
        double[] d1 = Harness.run(G_ONLY.create(3), g, Harness.ones(3), Harness.step(1, 1)).direction();
        double[] d2 = Harness.run(G_ONLY.create(3), scaled, Harness.ones(3), Harness.step(1, 1)).direction();
        assertClose(unit(d1), unit(d2), 1e-9, "d/‖d‖");
    }

    @Test
    void twoTaskAndPaperClosedForms() {
        double[][] g = {{1, 2, 0.5}, {-0.5, 1, 2}};
        double[] u = Harness.axpy(-1, unit(g[1]), unit(g[0]));
        double w2 = dot(g[0], u) / dot(Harness.axpy(-1, g[1], g[0]), u);
        double[] w = Harness.run(G_ONLY.create(2), g, Harness.ones(2), Harness.step(1, 1)).weights();
        assertArrayEquals(new double[] {1 - w2, w2}, w, 1e-12);

        // paper: w_{2:m} = g_1 Uᵀ (D Uᵀ)⁻¹, rows of D: g_1 − g_i, rows of U: u_1 − u_i
        double[][] h = Harness.gaussian(4, 9, 3);
        int m = 4;
        double[][] dut = new double[m - 1][m - 1];
        double[] rhs = new double[m - 1];
        for (int a = 1; a < m; a++) {
            double[] ua = Harness.axpy(-1, unit(h[a]), unit(h[0]));
            rhs[a - 1] = dot(h[0], ua);
            for (int b = 1; b < m; b++) {
                // (D Uᵀ)_{ba} = ⟨g_1 − g_b, u_1 − u_a⟩; we need x with x (D Uᵀ) = g_1 Uᵀ, i.e. (D Uᵀ)ᵀ xᵀ = (g_1 Uᵀ)ᵀ
                dut[a - 1][b - 1] = dot(Harness.axpy(-1, h[b], h[0]), ua);
            }
        }
        double[] tail = SmallLinearAlgebra.solve(dut, rhs);
        double[] expected = new double[m];
        expected[0] = 1 - sum(tail);
        System.arraycopy(tail, 0, expected, 1, m - 1);
        assertClose(expected, Harness.run(G_ONLY.create(m), h, Harness.ones(m), Harness.step(1, 1)).weights(), 1e-10, "paper form");
    }

    @Test
    void degenerateCases() {
        // m = 1
        assertArrayEquals(new double[] {1}, Harness.run(G_ONLY.create(1), new double[][] {{2, 1}}, Harness.ones(1),
                Harness.step(1, 1)).weights(), 1e-15);
        // identical gradients: w = 1/m, d = g
        double[][] same = {{1, 2, 3}, {1, 2, 3}, {1, 2, 3}};
        Harness.Result r = Harness.run(G_ONLY.create(3), same, Harness.ones(3), Harness.step(1, 1));
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, r.weights(), 1e-12);
        assertClose(same[0], r.direction(), 1e-12, "d = g");
        // zero task: weight 0, the others stay balanced
        double[][] zero = {{1, 0, 0}, {0, 0, 0}, {0, 2, 0}};
        double[] w = Harness.run(G_ONLY.create(3), zero, Harness.ones(3), Harness.step(1, 1)).weights();
        assertEquals(0.0, w[1], 0.0);
        assertEquals(2 * w[2], w[0], 1e-12);
        assertEquals(1.0, w[0] + w[2], 1e-12);
        // opposite gradients: 0 is in the convex hull, d = 0
        double[][] opposite = {{1, -2}, {-1, 2}};
        Harness.Result o = Harness.run(G_ONLY.create(2), opposite, Harness.ones(2), Harness.step(1, 1));
        assertClose(new double[] {0, 0}, o.direction(), 1e-12, "d = 0");
        // all zero
        Harness.Result z = Harness.run(G_ONLY.create(2), new double[][] {{0, 0}, {0, 0}}, Harness.ones(2), Harness.step(1, 1));
        assertClose(new double[] {0, 0}, z.direction(), 0, "d = 0");
    }

    @Test
    void lossScalesGradientMatchesFiniteDifferences() {
        double[] losses = {0.7, 2.5, 0.05};
        double[] s = {0.3, -1.2, 2.0};
        ImtlHybrid hybrid = (ImtlHybrid) ImtlConfig.defaults().create(3);
        hybrid.setTrainableValues(s);
        StepWeights sw = hybrid.weigh(Harness.gram(Harness.gaussian(3, 5, 1)), losses, Harness.step(1, 1));
        for (int i = 0; i < 3; i++) {
            double h = 1e-6;
            double plus = Math.exp(s[i] + h) * losses[i] - (s[i] + h);
            double minus = Math.exp(s[i] - h) * losses[i] - (s[i] - h);
            assertEquals((plus - minus) / (2 * h), sw.trainableGradient()[i], 1e-7, "∂L̂_" + i + "/∂s_" + i);
        }
        ImtlL lonly = (ImtlL) ImtlConfig.defaults().withVariant(ImtlConfig.Variant.L_ONLY).create(3);
        lonly.setTrainableValues(s);
        StepWeights lw = lonly.weigh(losses, Harness.step(1, 1));
        assertArrayEquals(sw.trainableGradient(), lw.trainableGradient(), 0.0);
        assertArrayEquals(new double[] {Math.exp(0.3), Math.exp(-1.2), Math.exp(2.0)}, lw.weights(), 1e-15);
        assertEquals(HeadPolicy.WEIGHTED, lonly.referenceHeadPolicy());
        assertArrayEquals(lw.weights(), hybrid.headScales(), 1e-15);
    }

    @Test
    void hybridAppliesImtlGToTheScaledGradients() {
        double[][] g = Harness.gaussian(3, 8, 4);
        double[] s = {0.5, -0.7, 1.1};
        ImtlHybrid hybrid = (ImtlHybrid) ImtlConfig.defaults().create(3);
        hybrid.setTrainableValues(s);
        Harness.Result r = Harness.run(hybrid, g, new double[] {1, 2, 3}, Harness.step(1, 1));
        double[][] scaled = new double[3][];
        for (int i = 0; i < 3; i++) {
            scaled[i] = Harness.scale(Math.exp(s[i]), g[i]);
        }
        Harness.Result onScaled = Harness.run(G_ONLY.create(3), scaled, Harness.ones(3), Harness.step(1, 1));
        assertClose(onScaled.direction(), r.direction(), 1e-10, "d = Σ ŵ_i e^{s_i} g_i");
        // with s = 0 the hybrid is IMTL-G
        hybrid.reset();
        assertClose(Harness.run(G_ONLY.create(3), g, Harness.ones(3), Harness.step(1, 1)).direction(),
                Harness.run(hybrid, g, Harness.ones(3), Harness.step(1, 1)).direction(), 1e-12, "s = 0");
    }

    @Test
    void familiesStateAndValidation() {
        assertInstanceOf(ImtlHybrid.class, ImtlConfig.defaults().create(2));
        assertInstanceOf(ImtlG.class, G_ONLY.create(2));
        assertInstanceOf(ImtlL.class, ImtlConfig.defaults().withVariant(ImtlConfig.Variant.L_ONLY).create(2));
        assertEquals(GradientSpace.REPRESENTATION,
                ImtlConfig.defaults().withGradientSpace(GradientSpace.REPRESENTATION).create(2).gradientSpace());
        ImtlHybrid a = (ImtlHybrid) ImtlConfig.defaults().withInitialScale(0.25).create(2);
        assertArrayEquals(new double[] {0.25, 0.25}, a.trainableValues(), 0.0);
        a.setTrainableValues(new double[] {1, 2});
        Map<String, double[]> state = a.saveState();
        ImtlHybrid b = (ImtlHybrid) ImtlConfig.defaults().create(2);
        b.loadState(state);
        assertArrayEquals(new double[] {1, 2}, b.trainableValues(), 0.0);
        a.reset();
        assertArrayEquals(new double[] {0.25, 0.25}, a.trainableValues(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> a.setTrainableValues(new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> a.setTrainableValues(new double[] {1, Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> b.loadState(Map.of("x", new double[2])));
        assertThrows(IllegalArgumentException.class, () -> ImtlConfig.defaults().withInitialScale(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> ImtlConfig.defaults().withVariant(null));
        assertThrows(IllegalArgumentException.class,
                () -> ((ImtlG) G_ONLY.create(2)).weigh(new double[][] {{1, 0}, {0, Double.NaN}}, Harness.ones(2), Harness.step(1, 1)));
    }
}
