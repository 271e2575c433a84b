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
 * data buffers: the native bytes in use (libnd4j's host memory counter) do not grow over 300
 * steps of forward, m backward passes and an optimiser step. A single [B, n] allocation per step
 * would add over 2 MB here.
 */
class SteadyStateAllocationTest {

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
        for (int attempt = 0; attempt < 3; attempt++) {
            long gc0 = gcCount();
            long b0 = nativeBytes();
            for (int i = 0; i < 300; i++) {
                step.run();
            }
            long grown = nativeBytes() - b0;
            if (gcCount() == gc0) {
                assertTrue(grown <= 0, "native bytes in use grew by " + grown + " over 300 steps");
                return;
            }
        }
        assumeTrue(false, "a garbage collection ran during every measurement window");
    }
}
