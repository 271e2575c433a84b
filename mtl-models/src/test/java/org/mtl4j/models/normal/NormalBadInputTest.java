package org.mtl4j.models.normal;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mtl4j.core.grad.NonFiniteException;
import org.mtl4j.models.normal.NormalFixtures.Standalone;
import org.mtl4j.models.ode.OdeSolverConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Clear errors for bad configuration and bad input. */
class NormalBadInputTest extends DoublePrecisionTest {

    private static void assertMessage(Throwable e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' should contain '" + p + "'");
        }
    }

    @Test
    void configurationIsValidated() {
        assertMessage(assertThrows(IllegalArgumentException.class, () -> OdeSolverConfig.euler(1)), "steps", ">= 2", "found 1");
        NormalConfig d = NormalConfig.defaults(2, 4);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> d.withInitialPositions(1.0, Double.NaN)),
                "initialPositions[1]", "NaN");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> d.withPositionMode(PositionMode.EXPONENTIAL).withInitialPositions(1.0, -0.5)), "> 0", "EXPONENTIAL", "-0.5");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> d.withLeakySlope(1.5)), "leakySlope", "1.5");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> d.withPositionLearningRate(-1)), "positionLearningRate");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> d.withOmegaInit(Double.POSITIVE_INFINITY)), "omegaInit");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> d.withInitialPositions()), "one position per task");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> NormalConfig.defaults(2, 0)), "width", "found 0");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> d.create(NormalFixtures.tasks(3))), "3 tasks", "2 positions");
    }

    @Test
    void featureShapesTheBlockWasNotBuiltForAreRejected() {
        Standalone vec = Standalone.of(NormalConfig.defaults(2, 4));
        assertMessage(assertThrows(IllegalArgumentException.class, () -> vec.block().forward(Nd4j.zeros(3, 5), true)),
                "[B, 4]", "VECTOR", "[3, 5]");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> vec.block().forward(Nd4j.zeros(3, 4, 2, 2), true)),
                "[3, 4, 2, 2]");
        Standalone map = Standalone.of(NormalConfig.defaults(2, 4).withLayout(FeatureLayout.FEATURE_MAP));
        assertMessage(assertThrows(IllegalArgumentException.class, () -> map.block().forward(Nd4j.zeros(3, 4), true)),
                "[B, 4, H, W]", "FEATURE_MAP", "[3, 4]");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> map.block().forward(Nd4j.zeros(3, 5, 2, 2), true)),
                "[3, 5, 2, 2]");
        // gradients of the wrong shape
        vec.block().forward(Nd4j.zeros(3, 4), true);
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> vec.block().backward(new INDArray[] {Nd4j.zeros(2, 4), null})), "task 't0'", "[2, 4]");
        assertThrows(IllegalArgumentException.class, () -> vec.block().backward(new INDArray[] {null, null}));
        assertThrows(IllegalArgumentException.class, () -> vec.block().backward(new INDArray[] {Nd4j.zeros(3, 4)}));
    }

    @Test
    void lifecycleMisuseIsReported() {
        NormalTransform unbound = NormalConfig.defaults(1, 2).create(NormalFixtures.tasks(1));
        assertMessage(assertThrows(IllegalStateException.class, () -> unbound.forward(Nd4j.zeros(1, 2), true)), "not bound");
        Standalone s = Standalone.of(NormalConfig.defaults(1, 2));
        assertThrows(IllegalStateException.class, () -> s.block().backward(new INDArray[] {Nd4j.zeros(1, 2)}));
        assertThrows(IllegalStateException.class, () -> s.block().afterStep(new INDArray[] {Nd4j.zeros(1, 2)}));
        s.block().forward(Nd4j.zeros(1, 2), false);
        assertMessage(assertThrows(IllegalStateException.class, () -> s.block().afterStep(new INDArray[] {Nd4j.zeros(1, 2)})),
                "training-mode forward");
        assertThrows(IllegalArgumentException.class, () -> s.block().bind(Nd4j.zeros(3), Nd4j.zeros(3)));
    }

    @Test
    void nonFinitePositionsNameTheTask() {
        Standalone s = Standalone.of(NormalConfig.defaults(2, 3));
        s.params().putScalar(s.dynamicsParams() + 1, Double.NaN);
        assertMessage(assertThrows(NonFiniteException.class, () -> s.block().forward(Nd4j.ones(2, 3), true)),
                "position of task 't1'", "NaN");
        Standalone e = Standalone.of(NormalAblation.EXPONENTIAL_POSITIONS.apply(NormalConfig.defaults(1, 3)));
        e.params().putScalar(e.dynamicsParams(), 1000);
        assertMessage(assertThrows(NonFiniteException.class, () -> e.block().forward(Nd4j.ones(2, 3), true)),
                "position of task 't0'", "Infinity", "v = 1000");
    }

    @Test
    void nonFiniteStatesNameTheTasksAndTheStep() {
        Standalone s = Standalone.of(NormalConfig.defaults(3, 3).withInitialPositions(0.5, 2.0, 2.0)
                .withSolver(OdeSolverConfig.euler(10)).withSeed(2));
        PointwiseMlp g = s.heavyBall().dynamicsNetwork();
        g.w2().assign(1e200);
        g.b2().assign(1e200);
        g.w1().assign(1);
        g.b1().assign(1);
        NonFiniteException e = assertThrows(NonFiniteException.class, () -> s.block().forward(Nd4j.ones(2, 3), true));
        // z_1 = z_0 − h q_0 is finite, q_1 ~ 1e200 · h · …, z_2 ~ 1e200, q_2 overflows, …
        assertMessage(e, "task 't0'", "p = 0.5", "EXPLICIT_EULER step", "of K = 10");
        Standalone z = Standalone.of(NormalConfig.defaults(1, 3).withInitialPositions(0.7));
        assertMessage(assertThrows(NonFiniteException.class,
                () -> z.block().forward(Nd4j.create(new double[][] {{1, Double.NaN, 0}}), false)), "initial state", "task 't0'");
    }
}
