package org.mtl4j.models.normal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mtl4j.models.normal.NormalFixtures.Standalone;
import org.mtl4j.models.ode.OdeMethod;
import org.mtl4j.models.ode.OdeSolverConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The oracles of algorithms.md §22.5, in double precision. */
class NormalOraclesTest extends DoublePrecisionTest {

    /** g ≡ 0, γ = 0 (ω = −1000 gives sigmoid exactly 0), ξ = 0, u ≡ c. */
    private static void degenerate(Standalone s, INDArray c) {
        HeavyBallDynamics hb = s.heavyBall();
        PointwiseMlp u = hb.velocityNetwork();
        u.w1().assign(0);
        u.b1().assign(0);
        u.w2().assign(0);
        u.b2().assign(c);
        PointwiseMlp g = hb.dynamicsNetwork();
        g.w2().assign(0);
        g.b2().assign(0);
        hb.omega().assign(-1000);
    }

    @ParameterizedTest
    @EnumSource(OdeMethod.class)
    void degenerateDynamicsMoveLinearlyForAnyKAndSign(OdeMethod method) {
        double[] p = {1.3, -0.7, 0.0, 2.5};
        INDArray c = Nd4j.create(new double[][] {{0.5, -2.0, 1.25}});
        for (int k : new int[] {2, 7}) {
            Standalone s = Standalone.of(NormalConfig.defaults(4, 3).withSolver(new OdeSolverConfig(method, k))
                    .withInitialPositions(p));
            degenerate(s, c);
            INDArray z0 = NormalFixtures.randn(3, 5, 3);
            INDArray[] out = s.block().forward(z0, false);
            assertEquals(0.0, s.block().damping(), 0.0, "γ must be exactly 0");
            for (int i = 0; i < p.length; i++) {
                INDArray expected = z0.subRowVector(c.mul(p[i]));
                double err = Transforms.abs(out[i].sub(expected)).maxNumber().doubleValue();
                assertTrue(err < 1e-13, method + " K=" + k + " p=" + p[i] + ": error " + err);
            }
            assertTrue(out[2].equals(z0), "p = 0 must return z0 exactly");
        }
    }

    @Test
    void zeroPositionGivesTheEncoderOutputAndMinusUAsVelocity() {
        NormalConfig cfg = NormalConfig.defaults(2, 4).withInitialPositions(0.0, 0.8).withPositionLearningRate(0)
                .withSeed(5);
        Standalone s = Standalone.of(cfg);
        INDArray z0 = NormalFixtures.randn(8, 6, 4);
        INDArray[] out = s.block().forward(z0, true);
        assertTrue(out[0].equals(z0));
        // independent evaluation of u(z0) = LeakyReLU(z0 W1 + b1) W2 + b2
        PointwiseMlp u = s.heavyBall().velocityNetwork();
        INDArray a = z0.mmul(u.w1()).addRowVector(u.b1());
        INDArray h = Transforms.leakyRelu(a, 0.01);
        INDArray q0 = h.mmul(u.w2()).addRowVector(u.b2());
        INDArray r = NormalFixtures.randn(9, 6, 4);
        s.block().afterStep(new INDArray[] {r, r});
        double expected = -r.mul(q0).sumNumber().doubleValue();
        assertEquals(expected, s.block().lastPositionGradients()[0], 1e-12);
    }

    /** z(t) of z'' + γ z' + k z = 0 with z(0) = z0, z'(0) = −v0 (underdamped). */
    private static double oscillator(double k, double gamma, double z0, double v0, double t) {
        double w = Math.sqrt(k - gamma * gamma / 4);
        double b = (-v0 + gamma / 2 * z0) / w;
        return Math.exp(-gamma * t / 2) * (z0 * Math.cos(w * t) + b * Math.sin(w * t));
    }

    private static Standalone oscillatorBlock(double k, double gamma, double v0, double p, int steps, PositionGradient pg) {
        NormalConfig cfg = NormalConfig.defaults(1, 1).withLeakySlope(1.0).withSolver(OdeSolverConfig.euler(steps))
                .withInitialPositions(p).withPositionGradient(pg);
        Standalone s = Standalone.of(cfg);
        HeavyBallDynamics hb = s.heavyBall();
        PointwiseMlp u = hb.velocityNetwork();
        u.w1().assign(0);
        u.b1().assign(0);
        u.w2().assign(0);
        u.b2().assign(v0);
        PointwiseMlp g = hb.dynamicsNetwork();
        g.w1().assign(1);
        g.b1().assign(0);
        g.w2().assign(k);
        g.b2().assign(0);
        hb.omega().assign(Math.log(gamma / (1 - gamma)));
        return s;
    }

    /**
     * Oracle 2 with the thesis gradient (K = 10 000). The AUTODIFF gradient is checked tightly
     * against finite differences of the discrete map in
     * {@link #autodiffPositionGradientIsTheDerivativeOfTheDiscreteMap}.
     */
    @Test
    void dampedOscillatorMatchesItsClosedFormAndThePositionGradientItsDerivative() {
        PositionGradient pg = PositionGradient.THESIS;
        double k = 2.0;
        double gamma = 0.3;
        double v0 = 0.6;
        double p = 1.5;
        double[] z0 = {1.0, -0.5, 0.3};
        double[] r = {0.4, -1.2, 0.9};
        Standalone s = oscillatorBlock(k, gamma, v0, p, 10_000, pg);
        INDArray z = Nd4j.create(z0, new long[] {3, 1}, 'c');
        INDArray[] out = s.block().forward(z, true);
        assertEquals(gamma, s.block().damping(), 1e-12);
        double expectedGradient = 0;
        double eps = 1e-5;
        for (int b = 0; b < 3; b++) {
            assertEquals(oscillator(k, gamma, z0[b], v0, p), out[0].getDouble(b, 0), 1e-3, "z(p) of sample " + b);
            double dzdp = (oscillator(k, gamma, z0[b], v0, p + eps) - oscillator(k, gamma, z0[b], v0, p - eps)) / (2 * eps);
            expectedGradient += r[b] * dzdp;
        }
        s.block().afterStep(new INDArray[] {Nd4j.create(r, new long[] {3, 1}, 'c')});
        double d = s.block().lastPositionGradients()[0];
        assertEquals(expectedGradient, d, 1e-3 * (1 + Math.abs(expectedGradient)), "d_p against the exact solution");
        assertEquals(p - 1e-2 * d, s.block().positions()[0], 1e-15, "p ← p − η_p d_p");
    }

    @ParameterizedTest
    @EnumSource(OdeMethod.class)
    void errorsShrinkWithTheOrderOfTheSolver(OdeMethod method) {
        int[] ks = method == OdeMethod.EXPLICIT_EULER ? new int[] {50, 100, 200, 400} : new int[] {5, 10, 20, 40};
        INDArray z0 = NormalFixtures.randn(21, 3, 4);
        INDArray[] z = new INDArray[ks.length];
        for (int j = 0; j < ks.length; j++) {
            // RK4's order needs a smooth field: slope 1 makes LeakyReLU the identity (no kinks)
            double slope = method == OdeMethod.RK4 ? 1.0 : 0.01;
            Standalone s = Standalone.of(NormalConfig.defaults(1, 4).withSolver(new OdeSolverConfig(method, ks[j]))
                    .withInitialPositions(1.2).withOmegaInit(-1).withLeakySlope(slope).withSeed(3));
            z[j] = s.block().forward(z0, false)[0].dup();
        }
        double expected = Math.pow(2, method.order());
        for (int j = 0; j + 2 < ks.length; j++) {
            double e1 = z[j].distance2(z[j + 1]);
            double e2 = z[j + 1].distance2(z[j + 2]);
            assertEquals(expected, e1 / e2, 0.15 * expected, method + ": ‖z_K − z_2K‖ / ‖z_2K − z_4K‖ at K = " + ks[j]);
        }
    }

    @Test
    void positionGradientHasTheRightSign() {
        // z(p) = z0 − p·c with c = 1; the target lies below, so increasing p lowers L = ½(z(p) − y)²
        Standalone s = Standalone.of(NormalConfig.defaults(1, 1).withInitialPositions(1.0).withPositionLearningRate(0.1));
        degenerate(s, Nd4j.create(new double[][] {{1.0}}));
        INDArray z0 = Nd4j.create(new double[][] {{0.5}});
        double y = -3;
        INDArray out = s.block().forward(z0, true)[0];
        double before = 0.5 * Math.pow(out.getDouble(0, 0) - y, 2);
        s.block().afterStep(new INDArray[] {out.sub(y)});
        assertTrue(s.block().lastPositionGradients()[0] < 0, "d_p must be negative");
        assertTrue(s.block().positions()[0] > 1.0, "p must increase");
        double after = 0.5 * Math.pow(s.block().forward(z0, false)[0].getDouble(0, 0) - y, 2);
        assertTrue(after < before, "the loss must decrease");
    }

    private static double linearLoss(NormalTransform block, INDArray z0, INDArray[] w, int task) {
        return block.forward(z0, false)[task].mul(w[task]).sumNumber().doubleValue();
    }

    @ParameterizedTest
    @EnumSource(NormalDynamics.class)
    void autodiffPositionGradientIsTheDerivativeOfTheDiscreteMap(NormalDynamics dynamics) {
        for (OdeMethod method : OdeMethod.values()) {
            double[] p = {0.9, -0.6, 0.9};
            NormalConfig cfg = NormalConfig.defaults(3, 3).withDynamics(dynamics).withSolver(new OdeSolverConfig(method, 5))
                    .withInitialPositions(p).withPositionGradient(PositionGradient.AUTODIFF).withPositionLearningRate(0)
                    .withOmegaInit(-0.5).withXi(0.2).withSeed(11);
            Standalone s = Standalone.of(cfg);
            INDArray z0 = NormalFixtures.randn(12, 4, 3);
            INDArray[] w = {NormalFixtures.randn(13, 4, 3), NormalFixtures.randn(14, 4, 3), NormalFixtures.randn(15, 4, 3)};
            s.block().forward(z0, true);
            s.block().afterStep(w);
            double[] d = s.block().lastPositionGradients();
            long slot0 = s.dynamicsParams();
            double h = 1e-6;
            for (int i = 0; i < 3; i++) {
                s.params().putScalar(slot0 + i, p[i] + h);
                double lp = linearLoss(s.block(), z0, w, i);
                s.params().putScalar(slot0 + i, p[i] - h);
                double lm = linearLoss(s.block(), z0, w, i);
                s.params().putScalar(slot0 + i, p[i]);
                double fd = (lp - lm) / (2 * h);
                assertEquals(fd, d[i], 1e-7 * (1 + Math.abs(fd)), dynamics + " " + method + " task " + i);
            }
        }
    }

    private static double thesisMinusAutodiff(int steps) {
        double[] d = new double[2];
        PositionGradient[] modes = PositionGradient.values();
        for (int j = 0; j < 2; j++) {
            Standalone s = Standalone.of(NormalConfig.defaults(1, 3).withSolver(OdeSolverConfig.euler(steps))
                    .withInitialPositions(1.1).withPositionGradient(modes[j]).withSeed(4));
            INDArray z0 = NormalFixtures.randn(31, 4, 3);
            s.block().forward(z0, true);
            s.block().afterStep(new INDArray[] {NormalFixtures.randn(32, 4, 3)});
            d[j] = s.block().lastPositionGradients()[0];
        }
        return Math.abs(d[0] - d[1]);
    }

    @Test
    void thesisGradientDiffersFromTheDiscreteDerivativeByOrderH() {
        double a = thesisMinusAutodiff(20);
        double b = thesisMinusAutodiff(40);
        assertTrue(a > 0);
        assertEquals(2.0, a / b, 0.3, "the gap between eq. 5.11 and the exact discrete derivative is O(h)");
    }

    @Test
    void tasksWithEqualPositionsShareOneIntegration() {
        Standalone s = Standalone.of(NormalConfig.defaults(3, 2).withInitialPositions(0.8, 0.8, 0.8));
        INDArray z0 = NormalFixtures.randn(1, 3, 2);
        INDArray[] out = s.block().forward(z0, false);
        assertEquals(1, s.block().lastLaneCount());
        assertSame(out[0], out[1]);
        assertSame(out[0], out[2]);
        Standalone t = Standalone.of(NormalConfig.defaults(3, 2).withInitialPositions(0.8, 0.0, 0.8));
        out = t.block().forward(z0, false);
        assertEquals(2, t.block().lastLaneCount());
        assertSame(out[0], out[2]);
        assertTrue(out[1].equals(z0));
    }

    @Test
    void exponentialPositionsFollowTheChainRule() {
        double[] p = {1.0, 2.0};
        NormalConfig base = NormalConfig.defaults(2, 3).withInitialPositions(p).withPositionLearningRate(0.05).withSeed(8);
        Standalone learned = Standalone.of(base);
        Standalone exp = Standalone.of(NormalAblation.EXPONENTIAL_POSITIONS.apply(base));
        INDArray z0 = NormalFixtures.randn(41, 5, 3);
        INDArray[] r = {NormalFixtures.randn(42, 5, 3), NormalFixtures.randn(43, 5, 3)};
        learned.block().forward(z0, true);
        learned.block().afterStep(r);
        exp.block().forward(z0, true);
        exp.block().afterStep(r);
        double[] dl = learned.block().lastPositionGradients();
        double[] de = exp.block().lastPositionGradients();
        assertArrayEquals(dl, de, 1e-12, "same p, same d_p");
        for (int i = 0; i < 2; i++) {
            assertEquals(Math.exp(Math.log(p[i]) - 0.05 * de[i] * p[i]), exp.block().positions()[i], 1e-14);
            assertEquals(p[i] - 0.05 * dl[i], learned.block().positions()[i], 1e-14);
            assertEquals(Math.log(exp.block().positions()[i]), exp.params().getDouble(exp.dynamicsParams() + i), 1e-14,
                    "the buffer holds v = ln p");
        }
    }

    @Test
    void positionsLiveInTheParameterBufferButOnlyTheirOwnRuleMovesThem() {
        Standalone s = Standalone.of(NormalConfig.defaults(2, 3).withInitialPositions(1.0, 1.5).withSeed(9));
        long slot = s.dynamicsParams();
        assertEquals(1.5, s.params().getDouble(slot + 1), 0.0);
        // another writer (a restored checkpoint) changes a position: the next forward uses it
        s.params().putScalar(slot, 0.42);
        INDArray z0 = NormalFixtures.randn(51, 4, 3);
        s.block().forward(z0, true);
        assertEquals(0.42, s.block().positions()[0], 0.0);
        // the model optimiser moves the slot (e.g. weight decay) between forward and afterStep: ignored
        s.params().putScalar(slot + 1, 7.0);
        INDArray[] r = {NormalFixtures.randn(52, 4, 3), NormalFixtures.randn(53, 4, 3)};
        s.block().afterStep(r);
        double[] d = s.block().lastPositionGradients();
        assertEquals(0.42 - 1e-2 * d[0], s.block().positions()[0], 1e-15);
        assertEquals(1.5 - 1e-2 * d[1], s.block().positions()[1], 1e-15);
        // the backward pass leaves zeros in the positions' gradient entries
        s.grads().assign(1);
        s.block().forward(z0, true);
        s.block().backward(r);
        assertEquals(0.0, s.grads().getDouble(slot), 0.0);
        assertEquals(0.0, s.grads().getDouble(slot + 1), 0.0);
        // fixed positions stay put
        Standalone f = Standalone.of(NormalAblation.FIXED_DIFFERENT.apply(NormalConfig.defaults(2, 3)));
        f.block().forward(z0, true);
        f.params().putScalar(f.dynamicsParams() + 1, 3.0);
        f.block().afterStep(r);
        assertArrayEquals(new double[] {1.0, 1.25}, f.block().positions(), 0.0);
        assertTrue(Double.isFinite(f.block().lastPositionGradients()[0]), "d_p is still reported for fixed positions");
    }

    @Test
    void anInferenceForwardBeforeThePositionUpdateDoesNotChangeIt() {
        // FAMO-style post-step loss evaluations run an inference forward after the optimiser step
        NormalConfig cfg = NormalConfig.defaults(3, 3).withInitialPositions(0.5, 1.0, 0.0).withSeed(12);
        INDArray z0 = NormalFixtures.randn(61, 4, 3);
        INDArray[] r = {NormalFixtures.randn(62, 4, 3), NormalFixtures.randn(63, 4, 3), NormalFixtures.randn(64, 4, 3)};
        Standalone plain = Standalone.of(cfg);
        plain.block().forward(z0, true);
        plain.block().afterStep(r);
        Standalone disturbed = Standalone.of(cfg);
        disturbed.block().forward(z0, true);
        disturbed.params().putScalar(disturbed.dynamicsParams(), 1.0); // now tasks 0 and 1 share a position
        disturbed.block().forward(NormalFixtures.randn(65, 4, 3), false);
        assertEquals(2, disturbed.block().lastLaneCount());
        disturbed.block().afterStep(r);
        assertArrayEquals(plain.block().lastPositionGradients(), disturbed.block().lastPositionGradients(), 0.0);
        assertArrayEquals(plain.block().positions(), disturbed.block().positions(), 0.0);
    }

    @Test
    void floatBlocksKeepPositionsInDoubleUntilTheBufferIsChangedElsewhere() {
        NormalTransform t = NormalConfig.defaults(1, 2).withInitialPositions(0.1).create(NormalFixtures.tasks(1));
        INDArray p = Nd4j.zeros(DataType.FLOAT, t.numParams());
        t.bind(p, Nd4j.zeros(DataType.FLOAT, t.numParams()));
        assertEquals(0.1, t.positions()[0], 0.0, "double value kept although the buffer holds (float) 0.1");
        p.putScalar(t.numParams() - 1, 0.25);
        assertEquals(0.25, t.positions()[0], 0.0);
    }
}
