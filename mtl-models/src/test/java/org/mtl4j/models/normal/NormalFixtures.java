package org.mtl4j.models.normal;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.mtl4j.core.loss.MeanSquaredError;
import org.mtl4j.core.metric.MeanSquaredErrorMetric;
import org.mtl4j.core.model.Dl4jModule;
import org.mtl4j.core.task.Task;
import org.mtl4j.core.task.TaskSet;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small building blocks for the NORMAL tests (all in double precision). */
final class NormalFixtures {
    private NormalFixtures() {
    }

    /** @return m regression tasks "t0", "t1", … with the mean squared error */
    static TaskSet tasks(int m) {
        List<Task> ts = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            ts.add(Task.of("t" + i, MeanSquaredError.defaults(), MeanSquaredErrorMetric.defaults()));
        }
        return TaskSet.of(ts);
    }

    /** @return a dense DL4J network as a module (double) */
    static Dl4jModule dense(long seed, Activation act, int... sizes) {
        var list = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.DOUBLE).weightInit(WeightInit.XAVIER).list();
        for (int i = 0; i + 1 < sizes.length; i++) {
            list.layer(new DenseLayer.Builder().nIn(sizes[i]).nOut(sizes[i + 1]).activation(act).build());
        }
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return new Dl4jModule(net);
    }

    /** @return m linear heads {@code in → out} */
    static List<Dl4jModule> heads(int m, int in, int out, long seed) {
        List<Dl4jModule> hs = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            hs.add(dense(seed + 100 + i, Activation.IDENTITY, in, out));
        }
        return hs;
    }

    /** A block bound to its own (double) buffers, without a model. */
    record Standalone(NormalTransform block, INDArray params, INDArray grads) {
        static Standalone of(NormalConfig config) {
            NormalTransform t = config.create(tasks(config.numTasks()));
            INDArray p = Nd4j.zeros(DataType.DOUBLE, t.numParams());
            INDArray g = Nd4j.zeros(DataType.DOUBLE, t.numParams());
            t.bind(p, g);
            return new Standalone(t, p, g);
        }

        HeavyBallDynamics heavyBall() {
            return (HeavyBallDynamics) block.dynamics();
        }

        /** @return the dynamics parameter count (everything before the positions) */
        long dynamicsParams() {
            return block.dynamics().numParams();
        }
    }

    /** @return a double array of the given shape with values from a fixed seed */
    static INDArray randn(long seed, long... shape) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.DOUBLE, shape);
    }
}
