package org.mtl4j.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtl4j.core.data.InMemoryMtlDataset;
import org.mtl4j.core.io.Json;
import org.mtl4j.core.listener.StepEvent;
import org.mtl4j.core.listener.TrainingControl;
import org.mtl4j.core.listener.TrainingListener;
import org.mtl4j.core.model.HpsModel;
import org.mtl4j.core.optim.Adam;
import org.mtl4j.core.optim.Sgd;
import org.mtl4j.core.support.TestFixtures;
import org.mtl4j.core.weighting.EqualWeighting;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Trainer: learning, determinism, resume equivalence, run records, bad input. */
class MtlTrainerTest {

    /** y_i = tanh(x A_i) for two related regression tasks. */
    static InMemoryMtlDataset data(int n, int split, boolean shuffle) {
        Nd4j.getRandom().setSeed(1000 + split);
        INDArray x = Nd4j.randn(DataType.FLOAT, n, 4);
        Nd4j.getRandom().setSeed(77);
        INDArray a0 = Nd4j.randn(DataType.FLOAT, 4, 2);
        INDArray a1 = Nd4j.randn(DataType.FLOAT, 4, 2);
        List<INDArray> ys = List.of(org.nd4j.linalg.ops.transforms.Transforms.tanh(x.mmul(a0)),
                org.nd4j.linalg.ops.transforms.Transforms.tanh(x.mmul(a1)));
        return new InMemoryMtlDataset(x, ys, 16, shuffle);
    }

    static HpsModel model() {
        return TestFixtures.model(2, DataType.FLOAT, 4, 16, 2, 5);
    }

    @Test
    void learnsTheProblemAndWritesARunRecord(@TempDir Path dir) throws Exception {
        HpsModel model = model();
        Path rec = dir.resolve("run.json");
        MtlTrainer t = new MtlTrainer(model, EqualWeighting.Config.defaults(),
                TrainerConfig.of(6, Adam.of(1e-2)).withSeed(3), rec, List.of());
        RunResult r = t.fit(data(256, 0, true), data(128, 1, false), data(128, 2, false));
        double[] first = r.trainLossHistory().get(0);
        double[] last = r.trainLossHistory().get(r.trainLossHistory().size() - 1);
        for (int i = 0; i < 2; i++) {
            assertTrue(last[i] < 0.5 * first[i], "task " + i + " loss " + first[i] + " -> " + last[i]);
        }
        JsonNode json = Json.mapper().readTree(rec.toFile());
        assertEquals(6, json.get("epochs").size());
        assertEquals(3, json.get("seed").asLong());
        assertTrue(json.get("dataChecksums").get("train").asText().length() == 64);
        assertTrue(json.has("bestTest"));
        assertEquals("FLOAT", json.get("dataType").asText());
    }

    @Test
    void sameSeedGivesBitIdenticalRuns() {
        double[] a = train(9, 3).toDoubleVector();
        double[] b = train(9, 3).toDoubleVector();
        assertArrayEquals(a, b, 0.0);
        double[] c = train(10, 3).toDoubleVector();
        assertTrue(!java.util.Arrays.equals(a, c), "another seed changes the data order and the run");
    }

    private static INDArray train(long seed, int epochs) {
        HpsModel model = model();
        new MtlTrainer(model, EqualWeighting.Config.defaults(), TrainerConfig.of(epochs, new Sgd(0.05, 0.9, true, 1e-4))
                .withSeed(seed), null, List.of()).fit(data(96, 0, true), null, null);
        return model.params().dup();
    }

    @Test
    void resumedRunEqualsUninterruptedRun(@TempDir Path dir) {
        TrainerConfig tc = TrainerConfig.of(3, Adam.of(1e-2)).withSeed(4).withCheckpointDir(dir);
        HpsModel full = model();
        new MtlTrainer(full, EqualWeighting.Config.defaults(), tc, null, List.of()).fit(data(96, 0, true), data(32, 1, false), null);

        HpsModel first = model();
        Path ck = dir.resolve("partial");
        // stop after 1 epoch and 2 steps of the second, via a listener
        TrainingListener stopper = new TrainingListener() {
            @Override
            public void onStep(StepEvent e, TrainingControl control) {
                if (e.step() == 8) {
                    control.requestStop("test interruption");
                }
            }
        };
        MtlTrainer t1 = new MtlTrainer(first, EqualWeighting.Config.defaults(), tc.withCheckpointDir(null), null, List.of(stopper));
        RunResult r1 = t1.fit(data(96, 0, true), data(32, 1, false), null);
        assertEquals("test interruption", r1.stopReason());
        t1.saveCheckpoint(ck.resolve(Checkpoint.FILE_NAME));

        HpsModel resumed = model();
        MtlTrainer t2 = new MtlTrainer(resumed, EqualWeighting.Config.defaults(), tc.withCheckpointDir(null), null, List.of());
        t2.resumeFrom(ck.resolve(Checkpoint.FILE_NAME));
        RunResult r2 = t2.fit(data(96, 0, true), data(32, 1, false), null);
        assertEquals(3, r2.epochsCompleted());
        assertArrayEquals(full.params().toDoubleVector(), resumed.params().toDoubleVector(), 0.0);
        assertTrue(Files.exists(dir.resolve(Checkpoint.FILE_NAME)));
    }

    @Test
    void corruptCheckpointGivesAClearError(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.mtl4j");
        Files.writeString(f, "not a checkpoint");
        MtlTrainer t = new MtlTrainer(model(), EqualWeighting.Config.defaults(), TrainerConfig.of(1, Sgd.of(0.1)), null, List.of());
        RuntimeException ex = assertThrows(RuntimeException.class, () -> t.resumeFrom(f));
        assertTrue(ex.getMessage().contains("bad.mtl4j"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.resumeFrom(dir.resolve("missing")));
    }

    @Test
    void badConfigurationAndDataAreRejected() {
        IllegalArgumentException e1 = assertThrows(IllegalArgumentException.class, () -> TrainerConfig.of(0, Sgd.of(0.1)));
        assertTrue(e1.getMessage().contains("found 0"));
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> Sgd.of(-1));
        assertTrue(e2.getMessage().contains("-1"));
        assertThrows(IllegalArgumentException.class, () -> new Adam(1e-3, 1.0, 0.999, 1e-8, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule.StepDecay(0, 0.5));
        INDArray x = Nd4j.randn(DataType.FLOAT, 8, 4);
        x.putScalar(3, 1, Float.NaN);
        IllegalArgumentException e3 = assertThrows(IllegalArgumentException.class,
                () -> new InMemoryMtlDataset(x, List.of(Nd4j.zeros(DataType.FLOAT, 8, 2)), 4, false));
        assertTrue(e3.getMessage().contains("NaN"));
        IllegalArgumentException e4 = assertThrows(IllegalArgumentException.class,
                () -> new InMemoryMtlDataset(Nd4j.zeros(DataType.FLOAT, 8, 4), List.of(Nd4j.zeros(DataType.FLOAT, 7, 2)), 4, false));
        assertTrue(e4.getMessage().contains("7"));
        MtlTrainer t = new MtlTrainer(model(), EqualWeighting.Config.defaults(), TrainerConfig.of(1, Sgd.of(0.1)), null, List.of());
        InMemoryMtlDataset one = new InMemoryMtlDataset(Nd4j.zeros(DataType.FLOAT, 8, 4), List.of(Nd4j.zeros(DataType.FLOAT, 8, 2)), 4, false);
        IllegalArgumentException e5 = assertThrows(IllegalArgumentException.class, () -> t.fit(one, null, null));
        assertTrue(e5.getMessage().contains("1 tasks"), e5.getMessage());
    }

    @Test
    void divergingTrainingIsStoppedByTheGuardNamingStepAndEpoch() {
        HpsModel model = model();
        List<String> seen = new ArrayList<>();
        MtlTrainer t = new MtlTrainer(model, EqualWeighting.Config.defaults(), TrainerConfig.of(50, Sgd.of(1e6)).withSeed(1), null,
                List.of());
        Exception ex = assertThrows(org.mtl4j.core.grad.NonFiniteException.class, () -> t.fit(data(96, 0, true), null, null));
        seen.add(ex.getMessage());
        assertTrue(ex.getMessage().contains("step") && ex.getMessage().contains("epoch"), ex.getMessage());
    }
}
