package org.mtl4j.weighting.gradient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.mtl4j.core.weighting.GradientSpace;

/** Aligned-MTL: algorithms.md §16 oracles. */
class AlignedMtlTest {

    private static AlignedMtlConfig config(AlignedMtlConfig.ScaleMode mode) {
        return new AlignedMtlConfig(new double[0], mode, AlignedMtlConfig.FLOAT_EPSILON, GradientSpace.SHARED_PARAMETERS);
    }

    @Test
    void alignedGradientsAreOrthogonalWithEqualNorms() {
        for (int m : new int[] {2, 3, 5, 8}) {
            double[][] j = Harness.gaussian(m, 20, 40 + m);
            AlignedMtl a = AlignedMtlConfig.defaults().create(m);
            double[][] b = a.balanceMatrix(Harness.gram(j));
            double[][] aligned = new double[m][];
            for (int i = 0; i < m; i++) {
                aligned[i] = Harness.combine(j, b[i]);
            }
            double[][] g = Harness.gram(aligned);
            double minEig = Double.POSITIVE_INFINITY;
            for (double v : SmallLinearAlgebra.symmetricEigen(Harness.gram(j)).values()) {
                minEig = Math.min(minEig, v);
            }
            for (int i = 0; i < m; i++) {
                for (int k = 0; k < m; k++) {
                    double expected = i == k ? minEig : 0;
                    assertEquals(expected, g[i][k], 1e-9 * Math.max(1, minEig), "(BJ)(BJ)ᵀ[" + i + "][" + k + "], m=" + m);
                }
            }
            // and d = Σ_i (Bg)_i with pref = 1
            Harness.Result r = Harness.run(a, j, Harness.ones(m), Harness.step(1, 1));
            double[] expectD = new double[20];
            for (double[] row : aligned) {
                expectD = Harness.axpy(1, row, expectD);
            }
            Harness.assertClose(expectD, r.direction(), 1e-10, "d = (BJ)ᵀ1");
        }
    }

    @Test
    void orthogonalGradientsGiveTheScaleOfEachMode() {
        // norms 1, 2, 3: G = diag(1, 4, 9), B = diag(√scale / n_i)
        double[][] j = {{1, 0, 0, 0}, {0, 2, 0, 0}, {0, 0, 3, 0}};
        double[] min = Harness.run(config(AlignedMtlConfig.ScaleMode.MIN).create(3), j, Harness.ones(3), Harness.step(1, 1)).weights();
        Harness.assertClose(new double[] {1, 0.5, 1.0 / 3}, min, 1e-12, "MIN");
        double[] med = Harness.run(config(AlignedMtlConfig.ScaleMode.MEDIAN).create(3), j, Harness.ones(3), Harness.step(1, 1))
                .weights();
        Harness.assertClose(new double[] {2, 1, 2.0 / 3}, med, 1e-12, "MEDIAN");
        double s = Math.sqrt(14.0 / 3);
        double[] mean = Harness.run(config(AlignedMtlConfig.ScaleMode.MEAN).create(3), j, Harness.ones(3), Harness.step(1, 1))
                .weights();
        Harness.assertClose(new double[] {s, s / 2, s / 3}, mean, 1e-12, "MEAN");
        // equal norms: B = I, w = pref
        double[] pref = {0.2, 0.3, 0.5};
        double[][] unit = {{2, 0, 0}, {0, 0, 2}, {0, 2, 0}};
        AlignedMtlConfig withPref = new AlignedMtlConfig(pref, AlignedMtlConfig.ScaleMode.MIN, AlignedMtlConfig.FLOAT_EPSILON,
                GradientSpace.SHARED_PARAMETERS);
        Harness.assertClose(pref, Harness.run(withPref.create(3), unit, Harness.ones(3), Harness.step(1, 1)).weights(), 1e-12, "B = I");
    }

    @Test
    void scalingAllGradientsScalesTheDirection() {
        double[][] j = Harness.gaussian(4, 9, 3);
        double[] d = Harness.run(AlignedMtlConfig.defaults().create(4), j, Harness.ones(4), Harness.step(1, 1)).direction();
        double[][] scaled = new double[4][];
        for (int i = 0; i < 4; i++) {
            scaled[i] = Harness.scale(1e3, j[i]);
        }
        double[] ds = Harness.run(AlignedMtlConfig.defaults().create(4), scaled, Harness.ones(4), Harness.step(1, 1)).direction();
        Harness.assertClose(Harness.scale(1e3, d), ds, 1e-9, "homogeneity");
    }

    @Test
    void degenerateGradientsFollowTheRankTruncation() {
        double[] g = {0.3, -1.2, 0.7};
        double[][] same = {g, g, g};
        Harness.Result r = Harness.run(AlignedMtlConfig.defaults().create(3), same, Harness.ones(3), Harness.step(1, 1));
        Harness.assertClose(new double[] {1, 1, 1}, r.weights(), 1e-9, "identical: B = 11ᵀ/m, w = 1");
        Harness.assertClose(Harness.scale(3, g), r.direction(), 1e-9, "d = m·g");
        Harness.Result zero = Harness.run(AlignedMtlConfig.defaults().create(2), new double[2][3], Harness.ones(2),
                Harness.step(1, 1));
        Harness.assertClose(new double[] {1, 1}, zero.weights(), 0, "all zero: B = I");
        Harness.assertClose(new double[3], zero.direction(), 0, "d = 0");
        Harness.Result one = Harness.run(AlignedMtlConfig.defaults().create(1), new double[][] {{3, 4}}, Harness.ones(1),
                Harness.step(1, 1));
        Harness.assertClose(new double[] {1}, one.weights(), 1e-12, "m = 1");
        assertThrows(IllegalArgumentException.class, () -> new AlignedMtlConfig(new double[] {1, 2}, AlignedMtlConfig.ScaleMode.MIN,
                AlignedMtlConfig.FLOAT_EPSILON, GradientSpace.SHARED_PARAMETERS).create(3));
        assertThrows(IllegalArgumentException.class, () -> new AlignedMtlConfig(new double[0], AlignedMtlConfig.ScaleMode.MIN, 0,
                GradientSpace.SHARED_PARAMETERS));
    }
}
