package org.mtl4j.benchmarks.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtl4j.benchmarks.synthetic.SyntheticBenchmark;
import org.mtl4j.core.data.InMemoryMtlDataset;
import org.mtl4j.core.listener.StepEvent;
import org.mtl4j.core.listener.TrainingControl;
import org.mtl4j.core.listener.TrainingListener;
import org.mtl4j.core.model.HpsModel;
import org.mtl4j.core.optim.Adam;
import org.mtl4j.core.optim.OptimizerConfig;
import org.mtl4j.core.optim.Sgd;
import org.mtl4j.core.synthetic.SyntheticProblem;
import org.mtl4j.core.task.TaskSet;
import org.mtl4j.core.train.MtlTrainer;
import org.mtl4j.core.train.TrainerConfig;
import org.mtl4j.core.weighting.EqualWeighting;
import org.mtl4j.core.weighting.WeightingConfig;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The native path trains exactly like the DL4J path: the synthetic problem from the same
 * initial weights gives the same per-step losses (float rounding) with SGD and with Adam, for
 * EW and for a Jacobian-reading run (EW through the full Jacobian).
 */
class NativeMlpTest {

    /** Collects the per-task losses of every step. */
    static final class Losses implements TrainingListener {
        final List<double[]> steps = new ArrayList<>();

        @Override
        public void onStep(StepEvent event, TrainingControl control) {
            steps.add(event.losses());
        }
    }

    static List<double[]> train(boolean nativePath, OptimizerConfig opt, boolean fullJacobian, Path dir, String name) {
        SyntheticBenchmark bench = new SyntheticBenchmark(SyntheticProblem.defaults(), 640, 200, 64, 32, 1e-3);
        SyntheticProblem p = bench.problem();
        InMemoryMtlDataset train = p.generate(640, 0, 64, true);
        InMemoryMtlDataset val = p.generate(200, 1, 100, false);
        TaskSet tasks = bench.tasks();
        HpsModel ref = HpsModel.of(tasks, Dl4jMlp.encoder(3, DataType.FLOAT, Activation.RELU, p.inputDim(), 32, 32),
                Dl4jMlp.linearHeads(3, DataType.FLOAT, tasks.size(), 32, p.numClasses()));
        HpsModel model = ref;
        if (nativePath) {
            model = NativeMlp.model(tasks, NativeMlp.encoder(5, DataType.FLOAT, Activation.RELU, p.inputDim(), 32, 32),
                    NativeMlp.linearHeads(5, DataType.FLOAT, tasks.size(), 32, p.numClasses()));
            assertEquals(ref.numParams(), model.numParams(), "same parameter layout");
            model.params().assign(ref.params());
        }
        TrainerConfig tc = TrainerConfig.of(2, opt).withSeed(7);
        if (fullJacobian) {
            tc = tc.withJacobianMode(org.mtl4j.core.grad.JacobianMode.ALWAYS);
        }
        Losses l = new Losses();
        WeightingConfig ew = EqualWeighting.Config.defaults();
        new MtlTrainer(model, ew, tc, dir.resolve(name + ".json"), List.of(l)).fit(train, val, val);
        return l.steps;
    }

    private static void assertSameLosses(List<double[]> a, List<double[]> b, double tol, String what) {
        assertEquals(a.size(), b.size(), what + ": number of steps");
        double worst = 0;
        for (int s = 0; s < a.size(); s++) {
            for (int t = 0; t < a.get(s).length; t++) {
                worst = Math.max(worst, Math.abs(a.get(s)[t] - b.get(s)[t]) / Math.abs(b.get(s)[t]));
            }
        }
        assertTrue(worst <= tol, what + ": worst relative loss difference " + worst);
        double first = a.get(0)[0];
        double last = a.get(a.size() - 1)[0];
        assertTrue(last < first, what + ": the run learns (" + first + " -> " + last + ")");
    }

    @Test
    void syntheticTrainingGivesTheSameLossesOnBothPaths(@TempDir Path dir) {
        OptimizerConfig sgd = new Sgd(0.05, 0.9, true, 1e-4);
        assertSameLosses(train(true, sgd, false, dir, "n1"), train(false, sgd, false, dir, "d1"), 1e-6, "SGD, EW");
        OptimizerConfig adam = Adam.of(1e-3);
        assertSameLosses(train(true, adam, true, dir, "n2"), train(false, adam, true, dir, "d2"), 1e-6, "Adam, full Jacobian");
    }

    @Test
    void activationsMapOneToOneAndOthersAreRejected() {
        for (Activation a : NativeMlp.supported()) {
            assertTrue(NativeMlp.of(a) != null);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NativeMlp.of(Activation.ELU));
        assertTrue(e.getMessage().contains("ELU"), e.getMessage());
    }
}
