package org.mtl4j.core.support;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.mtl4j.core.loss.Loss;
import org.mtl4j.core.metric.Direction;
import org.mtl4j.core.metric.Metric;
import org.mtl4j.core.metric.MetricAccumulator;
import org.mtl4j.core.model.Dl4jModule;
import org.mtl4j.core.model.HpsModel;
import org.mtl4j.core.task.Task;
import org.mtl4j.core.task.TaskId;
import org.mtl4j.core.task.TaskSet;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Small models and a closed-form loss for core tests (independent of the library's loss classes). */
public final class TestFixtures {
    private TestFixtures() {
    }

    /** Half squared error, mean over the batch: L = (1/2B) Σ (ŷ − y)²; ∂L/∂ŷ = (ŷ − y)/B. */
    public record HalfSquaredError() implements Loss {
        @Override
        public double compute(INDArray output, INDArray labels, INDArray mask, INDArray gradOut) {
            if (!java.util.Arrays.equals(output.shape(), labels.shape())) {
                throw new IllegalArgumentException("shape mismatch " + java.util.Arrays.toString(output.shape()) + " vs "
                        + java.util.Arrays.toString(labels.shape()));
            }
            INDArray diff = output.sub(labels.castTo(output.dataType()));
            double b = output.size(0);
            if (gradOut != null) {
                gradOut.assign(diff.div(b));
            }
            return 0.5 * diff.mul(diff).sumNumber().doubleValue() / b;
        }

        @Override
        public String name() {
            return "half-se";
        }
    }

    /** Mean squared error metric (lower is better). */
    public record MseMetric() implements Metric {
        @Override
        public String name() {
            return "mse";
        }

        @Override
        public Direction direction() {
            return Direction.LOWER_IS_BETTER;
        }

        @Override
        public MetricAccumulator newAccumulator() {
            return new MetricAccumulator() {
                double sum;
                long n;

                @Override
                public void update(INDArray output, INDArray labels, INDArray mask) {
                    INDArray d = output.sub(labels.castTo(output.dataType()));
                    sum += d.mul(d).sumNumber().doubleValue();
                    n += d.length();
                }

                @Override
                public double value() {
                    if (n == 0) {
                        throw new IllegalStateException("empty");
                    }
                    return sum / n;
                }
            };
        }
    }

    /** @return m regression tasks with the half squared error */
    public static TaskSet tasks(int m) {
        List<Task> ts = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            ts.add(new Task(TaskId.of("t" + i), new HalfSquaredError(), List.of(new MseMetric())));
        }
        return TaskSet.of(ts);
    }

    /** @return a dense DL4J network wrapped as a module */
    public static Dl4jModule dense(long seed, DataType dt, Activation act, int... sizes) {
        var list = new NeuralNetConfiguration.Builder().seed(seed).dataType(dt).weightInit(WeightInit.XAVIER).list();
        for (int i = 0; i + 1 < sizes.length; i++) {
            list.layer(new DenseLayer.Builder().nIn(sizes[i]).nOut(sizes[i + 1]).activation(act).build());
        }
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return new Dl4jModule(net);
    }

    /** @return an HPS model: encoder in→h→h (tanh), m linear heads h→out */
    public static HpsModel model(int m, DataType dt, int in, int h, int out, long seed) {
        List<Dl4jModule> heads = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            heads.add(dense(seed + 10 + i, dt, Activation.IDENTITY, h, out));
        }
        return HpsModel.of(tasks(m), dense(seed, dt, Activation.TANH, in, h, h), heads);
    }
}
