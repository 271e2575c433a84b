package org.mtl4j.benchmarks.multidigit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.junit.jupiter.api.Test;
import org.mtl4j.core.loss.SoftmaxCrossEntropy;
import org.mtl4j.core.metric.Accuracy;
import org.mtl4j.core.model.Dl4jModule;
import org.mtl4j.core.model.HpsModel;
import org.mtl4j.core.task.Task;
import org.mtl4j.core.task.TaskSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's native layer helpers (enabled by the {@code org.nd4j.nativeblas.Nd4jCpu} shim and the
 * system property) must compute the same function and gradients as DL4J's Java path, and on
 * Linux x86-64 (where the oneDNN build is on the class path) they must actually be used.
 */
class NativeHelperShimTest {

    private static HpsModel lenet(boolean helpers) {
        String old = System.getProperty(TrainCommand.HELPERS_PROPERTY);
        System.setProperty(TrainCommand.HELPERS_PROPERTY, helpers ? "false" : "true");
        try {
            return HpsModel.of(TaskSet.of(Task.of("t", SoftmaxCrossEntropy.withoutIgnoreIndex(), Accuracy.defaults())),
                    LeNet.encoder(4, 36, DataType.FLOAT), LeNet.heads(4, DataType.FLOAT, 1));
        } finally {
            if (old == null) {
                System.clearProperty(TrainCommand.HELPERS_PROPERTY);
            } else {
                System.setProperty(TrainCommand.HELPERS_PROPERTY, old);
            }
        }
    }

    private static Object helperOf(Layer layer) {
        if (layer instanceof ConvolutionLayer c) {
            return c.getHelper();
        }
        if (layer instanceof SubsamplingLayer s) {
            return s.getHelper();
        }
        return null;
    }

    @Test
    void helpersAreUsedOnLinuxX86() {
        assumeTrue("Linux".equals(System.getProperty("os.name")) && "amd64".equals(System.getProperty("os.arch")),
                "the oneDNN build is only on the class path on Linux x86-64");
        Layer[] withHelpers = ((Dl4jModule) lenet(true).encoder()).network().getLayers();
        Layer[] without = ((Dl4jModule) lenet(false).encoder()).network().getLayers();
        for (int i = 0; i < 4; i++) {
            assertNotNull(helperOf(withHelpers[i]), "layer " + i + " (" + withHelpers[i].getClass().getSimpleName()
                    + ") has no native helper: is the Nd4jCpu shim on the class path?");
            assertNull(helperOf(without[i]), "layer " + i + " has a helper although they are disabled");
        }
    }

    @Test
    void helpersComputeTheSameOutputsAndGradients() {
        HpsModel a = lenet(true);
        HpsModel b = lenet(false);
        assertEquals(a.params(), b.params());
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 1, 36, 36);
        INDArray r = Nd4j.randn(DataType.FLOAT, 8, 50);
        INDArray za = a.encoder().forward(x, true).dup();
        INDArray zb = b.encoder().forward(x, true).dup();
        assertTrue(za.equalsWithEps(zb, 1e-5), "outputs differ by " + za.sub(zb).amaxNumber());
        a.encoder().backward(r, false);
        b.encoder().backward(r, false);
        INDArray ga = a.encoder().gradients();
        INDArray gb = b.encoder().gradients();
        double scale = gb.amaxNumber().doubleValue();
        double diff = ga.sub(gb).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-4 * scale, "gradients differ by " + diff + " (largest entry " + scale + ")");
    }
}
