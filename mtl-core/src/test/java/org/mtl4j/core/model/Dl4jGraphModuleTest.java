package org.mtl4j.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mtl4j.core.data.MtlBatch;
import org.mtl4j.core.grad.GradientEngine;
import org.mtl4j.core.grad.JacobianMode;
import org.mtl4j.core.support.TestFixtures;
import org.mtl4j.core.weighting.EqualWeighting;
import org.mtl4j.core.weighting.HeadPolicy;
import org.mtl4j.core.weighting.StepInfo;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A residual ComputationGraph encoder: gradients through the model against finite differences. */
class Dl4jGraphModuleTest {
    private static DataType prev;

    @BeforeAll
    static void dbl() {
        prev = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void back() {
        Nd4j.setDefaultDataTypes(prev, prev);
    }

    static ComputationGraph residual() {
        var conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE).weightInit(WeightInit.XAVIER)
                .graphBuilder().addInputs("x")
                .addLayer("a", new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build(), "x")
                .addLayer("b", new DenseLayer.Builder().nIn(4).nOut(4).activation(Activation.TANH).build(), "a")
                .addVertex("sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), "a", "b")
                .setOutputs("sum").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    @Test
    void sharedGradientsMatchFiniteDifferences() {
        HpsModel model = HpsModel.of(TestFixtures.tasks(2), new Dl4jGraphModule(residual()),
                List.of(TestFixtures.dense(5, DataType.DOUBLE, Activation.IDENTITY, 4, 2),
                        TestFixtures.dense(6, DataType.DOUBLE, Activation.IDENTITY, 4, 2)));
        GradientEngine e = new GradientEngine(model);
        Nd4j.getRandom().setSeed(2);
        MtlBatch b = MtlBatch.single(Nd4j.randn(DataType.DOUBLE, 5, 3),
                List.of(Nd4j.randn(DataType.DOUBLE, 5, 2), Nd4j.randn(DataType.DOUBLE, 5, 2)));
        e.compute(b, EqualWeighting.Config.defaults().create(2), new StepInfo(1, 0, new java.util.SplittableRandom(1), List.of()),
                HeadPolicy.REFERENCE, JacobianMode.AS_NEEDED);
        INDArray g = model.sharedGradients().dup();
        INDArray theta = model.sharedParams();
        double h = 1e-6;
        for (long k = 0; k < theta.length(); k++) {
            double o = theta.getDouble(k);
            theta.putScalar(k, o + h);
            double[] lp = e.losses(b, false);
            theta.putScalar(k, o - h);
            double[] lm = e.losses(b, false);
            theta.putScalar(k, o);
            double fd = ((lp[0] + lp[1]) - (lm[0] + lm[1])) / (2 * h);
            assertEquals(fd, g.getDouble(k), 1e-7 + 1e-5 * Math.abs(fd), "coordinate " + k);
        }
    }

    @Test
    void inputGradientIsRefusedWithAClearMessage() {
        Dl4jGraphModule m = new Dl4jGraphModule(residual());
        m.bind(Nd4j.zeros(DataType.DOUBLE, m.numParams()), Nd4j.zeros(DataType.DOUBLE, m.numParams()));
        INDArray out = m.forward(Nd4j.ones(DataType.DOUBLE, 2, 3), true);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> m.backward(out, true));
        assertTrue(ex.getMessage().contains("input gradient"));
    }
}
