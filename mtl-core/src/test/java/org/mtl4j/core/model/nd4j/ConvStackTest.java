package org.mtl4j.core.model.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtl4j.core.model.nd4j.NativeVsDl4jTest.relErr;

import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtl4j.core.model.Dl4jModule;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link ConvStack} against the equivalent DL4J network on the same flat parameters (forward,
 * parameter gradients, input gradient, repeated backward passes after one forward), against
 * central finite differences in double, and the first-maximum rule of max-pooling on ties.
 */
class ConvStackTest {

    /**
     * Two blocks (3×3 conv with stride 2 + ReLU + 2×2 pool: 10 → 4 → 2, the last input row and column
     * unreached; 2×2 conv with padding 1 + activation, no pool: 2 → 3) and a dense tail.
     */
    static ConvStack.Config config(DataType dt, DenseActivation second) {
        return new ConvStack.Config(2, 10, 10,
                List.of(new ConvStack.ConvSpec(3, 3, DenseActivation.relu(), 2, 0, 2), new ConvStack.ConvSpec(4, 2, second, 1, 1)),
                List.of(DenseStack.LayerSpec.of(5, DenseActivation.tanh())), dt, 7);
    }

    static MultiLayerNetwork dl4j(DataType dt, Activation second) {
        var conf = new NeuralNetConfiguration.Builder().seed(3).dataType(dt).weightInit(WeightInit.XAVIER)
                .convolutionMode(ConvolutionMode.Truncate).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nIn(2).nOut(3).stride(2, 2).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(4).stride(1, 1).padding(1, 1).activation(second).build())
                .layer(new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build())
                .setInputType(InputType.convolutional(10, 10, 2))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        // non-zero biases, so that a layout mix-up of b and W shows
        net.setParams(Nd4j.rand(dt, 1, net.numParams()).subi(0.5));
        return net;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(DataType.DOUBLE, DenseActivation.relu(), Activation.RELU),
                Arguments.of(DataType.DOUBLE, DenseActivation.sigmoid(), Activation.SIGMOID),
                Arguments.of(DataType.DOUBLE, DenseActivation.identity(), Activation.IDENTITY),
                Arguments.of(DataType.FLOAT, DenseActivation.relu(), Activation.RELU),
                Arguments.of(DataType.FLOAT, DenseActivation.leakyRelu(), Activation.LEAKYRELU));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void matchesTheDl4jNetworkOnTheSameParameters(DataType dt, DenseActivation act, Activation dl4jAct) {
        Nd4j.getRandom().setSeed(11);
        MultiLayerNetwork net = dl4j(dt, dl4jAct);
        Dl4jModule reference = new Dl4jModule(net);
        ConvStack stack = new ConvStack(config(dt, act), net.params());
        assertEquals(reference.numParams(), stack.numParams());
        INDArray refParams = Nd4j.create(dt, reference.numParams());
        INDArray refGrads = Nd4j.create(dt, reference.numParams());
        reference.bind(refParams, refGrads);
        INDArray params = Nd4j.create(dt, stack.numParams());
        INDArray grads = Nd4j.create(dt, stack.numParams());
        stack.bind(params, grads);
        assertEquals(0.0, relErr(params, refParams), 0.0, "the flat layouts agree");
        double tol = dt == DataType.DOUBLE ? 1e-12 : 1e-6;
        for (int batch : new int[] {6, 1, 6}) {
            INDArray x = Nd4j.randn(dt, batch, 2, 10, 10);
            INDArray ref = reference.forward(x, true).dup();
            INDArray out = stack.forward(x, true);
            assertArrayEquals(ref.shape(), out.shape());
            assertTrue(relErr(out, ref) <= tol, "forward, batch " + batch + ": " + relErr(out, ref));
            for (int task = 0; task < 2; task++) {
                INDArray g = Nd4j.randn(dt, batch, 5);
                INDArray refDx = reference.backward(g, true).dup();
                INDArray refG = refGrads.dup();
                INDArray dx = stack.backward(g, true);
                assertTrue(relErr(grads, refG) <= tol, "parameter gradient, task " + task + ": " + relErr(grads, refG));
                assertTrue(relErr(dx, refDx) <= tol, "input gradient, task " + task + ": " + relErr(dx, refDx));
                assertNull(stack.backward(g, false), "no input gradient unless asked");
                assertTrue(relErr(grads, refG) <= tol, "parameter gradient without the input gradient");
            }
            // inference forward (libnd4j's convolution ops), and a backward after it
            INDArray refEval = reference.forward(x, false).dup();
            assertTrue(relErr(stack.forward(x, false), refEval) <= tol, "inference forward: " + relErr(stack.forward(x, false), refEval));
            INDArray g = Nd4j.randn(dt, batch, 5);
            stack.forward(x, true);
            stack.backward(g, true);
            INDArray trainingGrads = grads.dup();
            stack.forward(x, false);
            stack.backward(g, true);
            assertTrue(relErr(grads, trainingGrads) <= tol, "backward after an inference forward");
            // an optimiser step writes the flat buffer in place: the next batch must see it
            INDArray step = Nd4j.randn(dt, params.length()).muli(0.05);
            params.addi(step);
            refParams.addi(step);
        }
    }

    /** Layer blocks (for layer-wise strategies) and tensors follow the flat layout: per block bias then weight, then the tail. */
    @Test
    void layerAndTensorSizesFollowTheLayout() {
        ConvStack stack = new ConvStack(config(DataType.FLOAT, DenseActivation.relu()));
        // block 1: 3 + 3·2·3·3; block 2: 4 + 4·3·2·2; tail 36 → 5
        assertArrayEquals(new long[] {57, 52, 185}, stack.layerSizes());
        assertArrayEquals(new long[] {3, 54, 4, 48, 180, 5}, stack.tensorSizes());
        assertEquals(57 + 52 + 185, stack.numParams());
    }

    @Test
    void flatInputGivesTheSameResultAsImages() {
        ConvStack stack = new ConvStack(config(DataType.DOUBLE, DenseActivation.relu()));
        stack.bind(Nd4j.create(DataType.DOUBLE, stack.numParams()), Nd4j.create(DataType.DOUBLE, stack.numParams()));
        INDArray x = Nd4j.randn(DataType.DOUBLE, 3, 2, 10, 10);
        INDArray a = stack.forward(x, false).dup();
        INDArray b = stack.forward(x.reshape(3, 200), false);
        assertEquals(0.0, relErr(b, a), 1e-15);
        INDArray dx = stack.backward(Nd4j.ones(DataType.DOUBLE, 3, 5), true);
        assertArrayEquals(new long[] {3, 200}, dx.shape());
    }

    @Test
    void gradientsMatchCentralFiniteDifferences() {
        DataType dt = DataType.DOUBLE;
        ConvStack stack = new ConvStack(config(dt, DenseActivation.sigmoid()));
        INDArray params = Nd4j.create(dt, stack.numParams());
        INDArray grads = Nd4j.create(dt, stack.numParams());
        stack.bind(params, grads);
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.randn(dt, 4, 2, 10, 10);
        INDArray probe = Nd4j.randn(dt, 4, 5);
        stack.forward(x, true);
        INDArray dx = stack.backward(probe, true).dup();
        INDArray analytic = grads.dup();
        double h = 1e-6;
        // L = <probe, f(x)>; check every bias and a stride of weights, and a stride of input pixels
        java.util.function.DoubleSupplier loss = () -> stack.forward(x, true).mul(probe).sumNumber().doubleValue();
        for (long i = 0; i < stack.numParams(); i += 7) {
            double numeric = centralDifference(params, i, h, loss);
            assertEquals(numeric, analytic.getDouble(i), 1e-7 * Math.max(1, Math.abs(numeric)), "parameter " + i);
        }
        INDArray flat = x.reshape(800);
        for (long i = 0; i < 800; i += 13) {
            double numeric = centralDifference(flat, i, h, loss);
            assertEquals(numeric, dx.reshape(800).getDouble(i), 1e-7 * Math.max(1, Math.abs(numeric)), "input " + i);
        }
    }

    /** (L(a_i + h) − L(a_i − h)) / 2h, restoring a_i. */
    private static double centralDifference(INDArray a, long i, double h, java.util.function.DoubleSupplier loss) {
        double old = a.getDouble(i);
        a.putScalar(i, old + h);
        double up = loss.getAsDouble();
        a.putScalar(i, old - h);
        double down = loss.getAsDouble();
        a.putScalar(i, old);
        return (up - down) / (2 * h);
    }

    @Test
    void maxPoolingSendsTheGradientToTheFirstMaximumOfEachWindow() {
        // 1×1 identity convolution (w = 1, b = 0) and a 2×2 pool: the block is max-pooling alone
        DataType dt = DataType.DOUBLE;
        ConvStack stack = new ConvStack(new ConvStack.Config(1, 4, 4,
                List.of(new ConvStack.ConvSpec(1, 1, DenseActivation.identity(), 2)), List.of(), dt, 1),
                Nd4j.createFromArray(0.0, 1.0));
        stack.bind(Nd4j.create(dt, 2), Nd4j.create(dt, 2));
        INDArray x = Nd4j.createFromArray(new double[] {
            1, 1, 2, 5,
            1, 1, 5, 5,
            0, 3, 4, 4,
            3, 3, 4, 9}).reshape(1, 1, 4, 4);
        INDArray out = stack.forward(x, true);
        assertArrayEquals(new double[] {1, 5, 3, 9}, out.reshape(4).toDoubleVector(), 0.0);
        INDArray dx = stack.backward(Nd4j.createFromArray(new double[][] {{10, 20, 30, 40}}), true);
        assertArrayEquals(new double[] {
            10, 0, 0, 20,
            0, 0, 0, 0,
            0, 30, 0, 0,
            0, 0, 0, 40}, dx.reshape(16).toDoubleVector(), 0.0);
        // the bias gradient is the sum of the output gradient, the weight gradient Σ δ·x at the maxima
        assertEquals(100.0, stack.gradients().getDouble(0), 0.0);
        assertEquals(10 * 1 + 20 * 5 + 30 * 3 + 40 * 9, stack.gradients().getDouble(1), 0.0);
    }

    @Test
    void badConfigurationAndInputAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ConvStack.Config(1, 9, 9,
                List.of(ConvStack.ConvSpec.relu(2, 3, 2)), List.of(), DataType.FLOAT, 1));
        assertTrue(e.getMessage().contains("7x7") && e.getMessage().contains("2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ConvStack.Config(1, 4, 4,
                List.of(ConvStack.ConvSpec.relu(2, 5, 1)), List.of(), DataType.FLOAT, 1));
        assertTrue(e.getMessage().contains("kernel 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ConvStack.ConvSpec(2, 3, DenseActivation.relu(), 1, -1));
        assertTrue(e.getMessage().contains("padding") && e.getMessage().contains("-1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ConvStack.ConvSpec(2, 3, DenseActivation.relu(), 1, 0, 0));
        assertTrue(e.getMessage().contains("stride") && e.getMessage().contains("0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConvStack.ConvSpec.relu(0, 3, 1));
        assertTrue(e.getMessage().contains("channels"), e.getMessage());
        ConvStack stack = new ConvStack(config(DataType.FLOAT, DenseActivation.relu()));
        stack.bind(Nd4j.create(DataType.FLOAT, stack.numParams()), Nd4j.create(DataType.FLOAT, stack.numParams()));
        e = assertThrows(IllegalArgumentException.class, () -> stack.forward(Nd4j.create(DataType.FLOAT, 2, 1, 10, 10), true));
        assertTrue(e.getMessage().contains("[2, 1, 10, 10]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ConvStack(config(DataType.FLOAT, DenseActivation.relu()),
                Nd4j.create(DataType.FLOAT, 3)));
        assertTrue(e.getMessage().contains("found 3"), e.getMessage());
    }
}
