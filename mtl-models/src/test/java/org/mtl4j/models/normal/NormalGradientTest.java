package org.mtl4j.models.normal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtl4j.core.data.MtlBatch;
import org.mtl4j.core.grad.GradientEngine;
import org.mtl4j.core.grad.JacobianMode;
import org.mtl4j.core.model.HpsModel;
import org.mtl4j.core.model.Module;
import org.mtl4j.core.model.SeparateHeads;
import org.mtl4j.core.task.TaskSet;
import org.mtl4j.core.weighting.EqualWeighting;
import org.mtl4j.core.weighting.HeadPolicy;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.models.ode.OdeMethod;
import org.mtl4j.models.ode.OdeSolverConfig;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Gradients of every parameter through the unrolled solver, computed by the core
 * {@link GradientEngine} on an {@link HpsModel} with the NORMAL block, against central finite
 * differences of the losses (double precision).
 */
class NormalGradientTest extends DoublePrecisionTest {
    private static final int WIDTH = 3;
    private static final int IN = 3;
    private static final int OUT = 2;
    private static final int BATCH = 4;

    static HpsModel model(NormalConfig cfg, long seed) {
        TaskSet tasks = NormalFixtures.tasks(cfg.numTasks());
        return new HpsModel(tasks, NormalFixtures.dense(seed, Activation.TANH, IN, 5, WIDTH), cfg.create(tasks),
                new SeparateHeads(NormalFixtures.heads(cfg.numTasks(), WIDTH, OUT, seed)));
    }

    static MtlBatch batch(int m, long seed) {
        INDArray x = NormalFixtures.randn(seed, BATCH, IN);
        List<INDArray> ys = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            ys.add(NormalFixtures.randn(seed + 1 + i, BATCH, OUT));
        }
        return MtlBatch.single(x, ys);
    }

    static StepInfo info() {
        return new StepInfo(1, 0, new SplittableRandom(1), List.of());
    }

    static Stream<Arguments> variants() {
        List<Arguments> out = new ArrayList<>();
        for (OdeMethod method : OdeMethod.values()) {
            for (NormalDynamics d : NormalDynamics.values()) {
                out.add(Arguments.of(method, d));
            }
        }
        return out.stream();
    }

    private static NormalConfig config(OdeMethod method, NormalDynamics dynamics) {
        // distinct, negative, zero and repeated positions; ξ ≠ 0 and a non-tiny γ exercise every term
        return NormalConfig.defaults(4, WIDTH).withDynamics(dynamics).withSolver(new OdeSolverConfig(method, 4))
                .withInitialPositions(0.7, -0.4, 0.7, 0.0).withXi(0.2).withOmegaInit(-0.5).withLeakySlope(0.1).withSeed(21);
    }

    @ParameterizedTest
    @MethodSource("variants")
    void perTaskGradientsOfAllParametersMatchFiniteDifferences(OdeMethod method, NormalDynamics dynamics) {
        NormalConfig cfg = config(method, dynamics);
        int m = cfg.numTasks();
        HpsModel model = model(cfg, 5);
        GradientEngine engine = new GradientEngine(model);
        MtlBatch b = batch(m, 40);
        INDArray rows = Nd4j.zeros(DataType.DOUBLE, m, model.numParams());
        double[] losses = new double[m];
        engine.perTaskFullGradients(b, rows, losses);
        INDArray params = model.params();
        long positionsFrom = model.numSharedParams() - m;
        double h = 1e-6;
        long encoder = model.numEncoderParams();
        int checked = 0;
        for (long k = 0; k < model.numParams(); k++) {
            boolean position = k >= positionsFrom && k < model.numSharedParams();
            boolean block = k >= encoder && k < positionsFrom;
            if (!block && !position && k % 5 != 0) {
                continue; // every block parameter, a sample of the (DL4J) encoder and heads
            }
            if (position) {
                for (int i = 0; i < m; i++) {
                    assertEquals(0.0, rows.getDouble(i, k), 0.0, "positions get no gradient through the model");
                }
                continue;
            }
            double orig = params.getDouble(k);
            params.putScalar(k, orig + h);
            double[] lp = engine.losses(b, false);
            params.putScalar(k, orig - h);
            double[] lm = engine.losses(b, false);
            params.putScalar(k, orig);
            for (int i = 0; i < m; i++) {
                double fd = (lp[i] - lm[i]) / (2 * h);
                assertEquals(fd, rows.getDouble(i, k), 1e-7 + 1e-5 * Math.abs(fd),
                        method + " " + dynamics + ": task " + i + ", parameter " + k + " (shared < " + model.numSharedParams() + ")");
            }
            checked++;
        }
        assertTrue(checked > positionsFrom - encoder, "all block parameters were checked");
    }

    static Stream<Arguments> twoVariants() {
        return Stream.of(Arguments.of(OdeMethod.EXPLICIT_EULER, NormalDynamics.HEAVY_BALL),
                Arguments.of(OdeMethod.RK4, NormalDynamics.FIRST_ORDER));
    }

    @ParameterizedTest
    @MethodSource("twoVariants")
    void equalWeightingOneBackwardMatchesFiniteDifferencesOfTheSummedLoss(OdeMethod method, NormalDynamics dynamics) {
        NormalConfig cfg = config(method, dynamics);
        int m = cfg.numTasks();
        HpsModel model = model(cfg, 6);
        GradientEngine engine = new GradientEngine(model);
        MtlBatch b = batch(m, 50);
        engine.compute(b, EqualWeighting.Config.defaults().create(m), info(), HeadPolicy.REFERENCE, JacobianMode.AS_NEEDED);
        INDArray grad = model.gradients().dup();
        INDArray params = model.params();
        double h = 1e-6;
        long positionsFrom = model.numSharedParams() - m;
        for (long k = 0; k < model.numSharedParams(); k++) {
            if (k < model.numEncoderParams() && k % 3 != 0) {
                continue;
            }
            if (k >= positionsFrom) {
                assertEquals(0.0, grad.getDouble(k), 0.0);
                continue;
            }
            double orig = params.getDouble(k);
            params.putScalar(k, orig + h);
            double lp = sum(engine.losses(b, false));
            params.putScalar(k, orig - h);
            double lm = sum(engine.losses(b, false));
            params.putScalar(k, orig);
            double fd = (lp - lm) / (2 * h);
            assertEquals(fd, grad.getDouble(k), 1e-7 + 1e-5 * Math.abs(fd), method + " " + dynamics + ": parameter " + k);
        }
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s;
    }

    /** The encoder followed by a one-task NORMAL block at a fixed position, as one module. */
    static final class EncoderWithBlock implements Module {
        final Module encoder;
        final NormalTransform block;
        INDArray params;
        INDArray grads;

        EncoderWithBlock(Module encoder, NormalTransform block) {
            this.encoder = encoder;
            this.block = block;
        }

        @Override
        public long numParams() {
            return encoder.numParams() + block.numParams();
        }

        @Override
        public DataType dataType() {
            return encoder.dataType();
        }

        @Override
        public void bind(INDArray p, INDArray g) {
            long e = encoder.numParams();
            encoder.bind(p.get(NDArrayIndex.interval(0, e)), g.get(NDArrayIndex.interval(0, e)));
            block.bind(p.get(NDArrayIndex.interval(e, numParams())), g.get(NDArrayIndex.interval(e, numParams())));
            params = p;
            grads = g;
        }

        @Override
        public INDArray params() {
            return params;
        }

        @Override
        public INDArray gradients() {
            return grads;
        }

        @Override
        public INDArray forward(INDArray input, boolean training) {
            return block.forward(encoder.forward(input, training), training)[0];
        }

        @Override
        public INDArray backward(INDArray outputGradient, boolean needInputGradient) {
            return encoder.backward(block.backward(new INDArray[] {outputGradient}), needInputGradient);
        }
    }

    @Test
    void equalPositionsAreHardParameterSharingWithTheBlockInTheEncoder() {
        int m = 3;
        NormalConfig cfg = NormalConfig.defaults(m, WIDTH).withInitialPositions(0.9, 0.9, 0.9).withOmegaInit(-1).withSeed(33);
        HpsModel normal = model(cfg, 7);
        TaskSet tasks = NormalFixtures.tasks(m);
        NormalConfig single = cfg.withInitialPositions(0.9).withPositionMode(PositionMode.FIXED);
        Module absorbed = new EncoderWithBlock(NormalFixtures.dense(7, Activation.TANH, IN, 5, WIDTH),
                single.create(NormalFixtures.tasks(1)));
        HpsModel hps = HpsModel.of(tasks, absorbed, NormalFixtures.heads(m, WIDTH, OUT, 7));
        MtlBatch b = batch(m, 60);
        GradientEngine en = new GradientEngine(normal);
        GradientEngine eh = new GradientEngine(hps);
        double[] ln = en.losses(b, false);
        double[] lh = eh.losses(b, false);
        for (int i = 0; i < m; i++) {
            assertEquals(lh[i], ln[i], 1e-14, "loss of task " + i);
        }
        INDArray rn = Nd4j.zeros(DataType.DOUBLE, m, normal.numParams());
        INDArray rh = Nd4j.zeros(DataType.DOUBLE, m, hps.numParams());
        en.perTaskFullGradients(b, rn, ln);
        eh.perTaskFullGradients(b, rh, lh);
        // layouts: [encoder | dynamics | m positions | heads] vs [encoder | dynamics | 1 position | heads]
        long shared = normal.numSharedParams() - m;
        long heads = normal.numParams() - normal.numSharedParams();
        for (int i = 0; i < m; i++) {
            INDArray a = rn.getRow(i);
            INDArray c = rh.getRow(i);
            assertTrue(a.get(NDArrayIndex.interval(0, shared)).equalsWithEps(c.get(NDArrayIndex.interval(0, shared)), 1e-13),
                    "shared gradient of task " + i);
            assertTrue(a.get(NDArrayIndex.interval(normal.numSharedParams(), normal.numParams()))
                    .equalsWithEps(c.get(NDArrayIndex.interval(hps.numSharedParams(), hps.numParams())), 1e-13),
                    "head gradients of task " + i + " (" + heads + " entries)");
        }
    }
}
