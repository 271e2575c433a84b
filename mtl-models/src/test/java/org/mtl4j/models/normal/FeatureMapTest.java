package org.mtl4j.models.normal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mtl4j.models.normal.NormalFixtures.Standalone;
import org.mtl4j.models.ode.OdeSolverConfig;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The feature-map layout: u and g as 1×1 convolutions are the dense layers applied to every
 * pixel, so the block on {@code [B, C, H, W]} must equal the vector block on the
 * {@code [B·H·W, C]} pixel rows; and its gradients match finite differences.
 */
class FeatureMapTest extends DoublePrecisionTest {
    private static final long B = 2;
    private static final long C = 3;
    private static final long H = 2;
    private static final long W = 3;

    private static NormalConfig base() {
        return NormalConfig.defaults(2, (int) C).withInitialPositions(0.6, -0.3).withSolver(OdeSolverConfig.rk4(3))
                .withXi(0.1).withOmegaInit(-1).withLeakySlope(0.1).withSeed(17);
    }

    private static INDArray rows(INDArray map) {
        return map.permute(0, 2, 3, 1).dup('c').reshape(B * H * W, C);
    }

    @Test
    void featureMapBlockEqualsTheVectorBlockOnPixelRows() {
        Standalone map = Standalone.of(base().withLayout(FeatureLayout.FEATURE_MAP));
        Standalone vec = Standalone.of(base());
        INDArray x = NormalFixtures.randn(1, B, C, H, W);
        INDArray[] om = map.block().forward(x, true);
        INDArray[] ov = vec.block().forward(rows(x), true);
        INDArray[] gm = {NormalFixtures.randn(2, B, C, H, W), NormalFixtures.randn(3, B, C, H, W)};
        INDArray[] gv = {rows(gm[0]), rows(gm[1])};
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(new long[] {B, C, H, W}, om[i].shape());
            assertTrue(rows(om[i]).equalsWithEps(ov[i], 1e-13), "output of task " + i);
        }
        INDArray dm = map.block().backward(gm).dup();
        INDArray dv = vec.block().backward(gv).dup();
        assertTrue(rows(dm).equalsWithEps(dv, 1e-13), "input gradient");
        assertTrue(map.grads().equalsWithEps(vec.grads(), 1e-13), "parameter gradients");
        map.block().afterStep(gm);
        vec.block().afterStep(gv);
        assertArrayEquals(vec.block().lastPositionGradients(), map.block().lastPositionGradients(), 1e-13);
        assertArrayEquals(vec.block().positions(), map.block().positions(), 1e-15);
    }

    @Test
    void featureMapGradientsMatchFiniteDifferences() {
        Standalone s = Standalone.of(base().withLayout(FeatureLayout.FEATURE_MAP));
        INDArray x = NormalFixtures.randn(4, B, C, H, W);
        INDArray[] w = {NormalFixtures.randn(5, B, C, H, W), NormalFixtures.randn(6, B, C, H, W)};
        s.block().forward(x, true);
        INDArray dx = s.block().backward(w).dup();
        INDArray grads = s.grads().dup();
        double h = 1e-6;
        for (long k = 0; k < x.length(); k += 2) {
            double orig = x.getDouble(k);
            x.putScalar(k, orig + h);
            double lp = loss(s.block(), x, w);
            x.putScalar(k, orig - h);
            double lm = loss(s.block(), x, w);
            x.putScalar(k, orig);
            double fd = (lp - lm) / (2 * h);
            assertEquals(fd, dx.getDouble(k), 1e-7 + 1e-6 * Math.abs(fd), "input element " + k);
        }
        for (long k = 0; k < s.dynamicsParams(); k++) {
            double orig = s.params().getDouble(k);
            s.params().putScalar(k, orig + h);
            double lp = loss(s.block(), x, w);
            s.params().putScalar(k, orig - h);
            double lm = loss(s.block(), x, w);
            s.params().putScalar(k, orig);
            double fd = (lp - lm) / (2 * h);
            assertEquals(fd, grads.getDouble(k), 1e-7 + 1e-6 * Math.abs(fd), "parameter " + k);
        }
    }

    /** L = Σ_i ⟨w_i, Z_i⟩. */
    private static double loss(NormalTransform block, INDArray x, INDArray[] w) {
        INDArray[] z = block.forward(x, false);
        return z[0].mul(w[0]).sumNumber().doubleValue() + z[1].mul(w[1]).sumNumber().doubleValue();
    }
}
