package org.mtl4j.core.model.nd4j;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.mtl4j.core.optim.Adam;
import org.mtl4j.core.optim.FlatOptimizer;
import org.mtl4j.core.optim.Sgd;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * After the first step of a batch size, the native modules and the CPU updaters allocate no ND4J
 * data buffers: the native bytes in use (libnd4j's host memory counter) do not grow over
 * 30 steps of forward, m backward passes and an optimiser step (a single [B, n] buffer per step would
 * add 6 kB per step), and whole gradient-engine steps add at most a few scalars.
 */
class SteadyStateAllocationTest {
    /** Steps per measurement window (ND4J's op objects make ~150 kB of Java garbage per step, so keep it short). */
    static final int WINDOW = 30;

    static long nativeBytes() {
        return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().getDeviceCounter(0);
    }

    static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, b.getCollectionCount());
        }
        return n;
    }

    @Test
    void nativeModulesAndHostUpdatersAllocateNothingPerStep() {
        assumeTrue(Nd4j.getEnvironment().isCPU(), "measures the CPU backend's host memory counter");
        int m = 3;
        DenseStack enc = new DenseStack(new DenseStack.Config(20, java.util.List.of(
                new DenseStack.LayerSpec(32, DenseActivation.relu(), 0.2), DenseStack.LayerSpec.of(16, DenseActivation.tanh())),
                DataType.FLOAT, 1));
        FusedLinearHeads heads = new FusedLinearHeads(FusedLinearHeads.Config.uniform(m, 16, 5, DataType.FLOAT, 2));
        long pe = enc.numParams();
        INDArray params = Nd4j.zeros(DataType.FLOAT, pe + heads.numParams());
        INDArray grads = Nd4j.zeros(DataType.FLOAT, pe + heads.numParams());
        enc.bind(params.get(NDArrayIndex.interval(0, pe)), grads.get(NDArrayIndex.interval(0, pe)));
        heads.bind(params.get(NDArrayIndex.interval(pe, params.length())), grads.get(NDArrayIndex.interval(pe, params.length())));
        INDArray x = Nd4j.rand(DataType.FLOAT, 50, 20);
        INDArray delta = Nd4j.rand(DataType.FLOAT, 50, 5).subi(0.5);
        INDArray[] reps = new INDArray[m];
        FlatOptimizer adam = Adam.of(1e-3).create(params);
        FlatOptimizer sgd = new Sgd(0.01, 0.9, true, 1e-4).create(params);
        Runnable step = () -> {
            INDArray z = enc.forward(x, true);
            java.util.Arrays.fill(reps, z);
            heads.forward(reps, true);
            for (int t = 0; t < m; t++) {
                INDArray dz = heads.backward(t, delta);
                enc.backward(dz, false);
            }
            adam.step(params, grads, 1e-3);
            sgd.step(params, grads, 1e-3);
        };
        for (int i = 0; i < 20; i++) {
            step.run();
        }
        assertNoGrowth(step, 0, "native modules and host updaters");
    }

    /**
     * Runs {@code step} in windows of {@value #WINDOW} steps until one window passes without a garbage
     * collection (a collection frees buffers and would hide allocations), and checks the native
     * bytes in use grew by at most {@code allowedPerStep} per step in it.
     */
    static void assertNoGrowth(Runnable step, long allowedPerStep, String what) {
        for (int i = 0; i < 20; i++) {
            step.run();
        }
        // ND4J's memory manager calls System.gc() every few seconds by default
        boolean periodic = Nd4j.getMemoryManager().isPeriodicGcActive();
        Nd4j.getMemoryManager().togglePeriodicGc(false);
        try {
            measure(step, allowedPerStep, what);
        } finally {
            Nd4j.getMemoryManager().togglePeriodicGc(periodic);
        }
    }

    private static void measure(Runnable step, long allowedPerStep, String what) {
        for (int attempt = 0; attempt < 10; attempt++) {
            System.gc();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long gc0 = gcCount();
            long b0 = nativeBytes();
            for (int i = 0; i < WINDOW; i++) {
                step.run();
            }
            long grown = nativeBytes() - b0;
            if (gcCount() == gc0) {
                assertTrue(grown <= WINDOW * allowedPerStep, what + ": native bytes in use grew by " + grown + " over " + WINDOW
                        + " steps");
                return;
            }
        }
        assumeTrue(false, "a garbage collection ran during every measurement window");
    }

    /** Gradient {@code ŷ − y} by one op into the engine's buffer; a constant value (allocation test only). */
    record OpOnlyLoss() implements org.mtl4j.core.loss.Loss {
        @Override
        public double compute(INDArray output, INDArray labels, INDArray mask, INDArray gradOut) {
            if (gradOut != null) {
                Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp(output, labels, gradOut));
            }
            return 0.5;
        }

        @Override
        public String name() {
            return "op-only";
        }
    }

    @Test
    void gradientEngineStepsOnNativeModulesAllocateNothingModelSized() {
        assumeTrue(Nd4j.getEnvironment().isCPU(), "measures the CPU backend's host memory counter");
        int m = 3;
        java.util.List<org.mtl4j.core.task.Task> ts = new java.util.ArrayList<>();
        for (int t = 0; t < m; t++) {
            ts.add(new org.mtl4j.core.task.Task(org.mtl4j.core.task.TaskId.of("t" + t), new OpOnlyLoss(),
                    java.util.List.of(org.mtl4j.core.metric.MeanAbsoluteError.defaults())));
        }
        org.mtl4j.core.model.HpsModel model = new org.mtl4j.core.model.HpsModel(org.mtl4j.core.task.TaskSet.of(ts),
                new DenseStack(DenseStack.Config.mlp(DataType.FLOAT, 1, DenseActivation.relu(), 30, 40, 20)),
                new org.mtl4j.core.model.IdentityTransform(m), new FusedLinearHeads(FusedLinearHeads.Config.uniform(m, 20, 4, DataType.FLOAT, 2)));
        java.util.List<INDArray> ys = new java.util.ArrayList<>();
        for (int t = 0; t < m; t++) {
            ys.add(Nd4j.rand(DataType.FLOAT, 64, 4));
        }
        org.mtl4j.core.data.MtlBatch batch = org.mtl4j.core.data.MtlBatch.single(Nd4j.rand(DataType.FLOAT, 64, 30), ys);
        org.mtl4j.core.grad.GradientEngine engine = new org.mtl4j.core.grad.GradientEngine(model);
        org.mtl4j.core.weighting.WeightingStrategy ew = org.mtl4j.core.weighting.EqualWeighting.Config.defaults().create(m);
        org.mtl4j.core.weighting.StepInfo info = new org.mtl4j.core.weighting.StepInfo(1, 0, new java.util.SplittableRandom(1),
                java.util.List.of());
        FlatOptimizer opt = Adam.of(1e-3).create(model.params());
        for (org.mtl4j.core.grad.JacobianMode mode : org.mtl4j.core.grad.JacobianMode.values()) {
            Runnable step = () -> {
                engine.compute(batch, ew, info, org.mtl4j.core.weighting.HeadPolicy.REFERENCE, mode);
                opt.step(model.params(), model.gradients(), 1e-3);
            };
            // a scalar result here and there is tolerated; one [64, 20] representation buffer would be 5 kB per step
            assertNoGrowth(step, 64, mode.toString());
        }
    }
}
