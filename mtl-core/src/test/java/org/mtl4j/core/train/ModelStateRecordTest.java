package org.mtl4j.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtl4j.core.io.Json;
import org.mtl4j.core.listener.EpochEvent;
import org.mtl4j.core.listener.TrainingControl;
import org.mtl4j.core.listener.TrainingListener;
import org.mtl4j.core.model.HpsModel;
import org.mtl4j.core.model.IdentityTransform;
import org.mtl4j.core.model.ReportsState;
import org.mtl4j.core.model.SeparateHeads;
import org.mtl4j.core.model.TaskTransform;
import org.mtl4j.core.optim.Adam;
import org.mtl4j.core.support.TestFixtures;
import org.mtl4j.core.weighting.EqualWeighting;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Per-epoch model state ({@link ReportsState}) in the epoch events and the run record. */
class ModelStateRecordTest {
    private static final int EPOCHS = 3;
    private static final int STEPS_PER_EPOCH = 96 / 16;

    /** Identity features, but reports how many optimiser steps it has seen (via afterStep). */
    private static final class StepCountingTransform implements TaskTransform, ReportsState {
        private final IdentityTransform identity = new IdentityTransform(2);
        private long steps;
        private Map<String, Object> override;

        @Override
        public long numParams() {
            return 0;
        }

        @Override
        public void bind(INDArray paramsView, INDArray gradientsView) {
        }

        @Override
        public INDArray[] forward(INDArray z, boolean training) {
            return identity.forward(z, training);
        }

        @Override
        public INDArray backward(INDArray[] representationGradients) {
            return identity.backward(representationGradients);
        }

        @Override
        public void afterStep(INDArray[] representationGradients) {
            steps++;
        }

        @Override
        public Map<String, Object> reportState() {
            if (override != null) {
                return override;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("stepsSeen", steps);
            m.put("perTask", Map.of("t0", 2.0 * steps));
            return m;
        }
    }

    private static HpsModel model(TaskTransform transform) {
        return new HpsModel(TestFixtures.tasks(2), TestFixtures.dense(5, DataType.FLOAT, Activation.TANH, 4, 16, 16), transform,
                new SeparateHeads(List.of(TestFixtures.dense(15, DataType.FLOAT, Activation.IDENTITY, 16, 2),
                        TestFixtures.dense(16, DataType.FLOAT, Activation.IDENTITY, 16, 2))));
    }

    private static final class Events implements TrainingListener {
        final List<EpochEvent> events = new ArrayList<>();

        @Override
        public void onEpoch(EpochEvent event, TrainingControl control) {
            events.add(event);
        }
    }

    private static JsonNode fit(HpsModel model, Path rec, Events events) throws Exception {
        new MtlTrainer(model, EqualWeighting.Config.defaults(), TrainerConfig.of(EPOCHS, Adam.of(1e-2)).withSeed(3), rec,
                List.of(events)).fit(MtlTrainerTest.data(96, 0, true), MtlTrainerTest.data(32, 1, false), null);
        return Json.mapper().readTree(rec.toFile());
    }

    private static Set<String> keys(JsonNode node) {
        Set<String> out = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    @Test
    void reportedStateIsWrittenIntoEveryEpochAndCarriedByTheEvent(@TempDir Path dir) throws Exception {
        Events events = new Events();
        JsonNode json = fit(model(new StepCountingTransform()), dir.resolve("run.json"), events);
        JsonNode epochs = json.get("epochs");
        assertEquals(EPOCHS, epochs.size());
        for (int e = 0; e < EPOCHS; e++) {
            long expected = (long) STEPS_PER_EPOCH * (e + 1);
            JsonNode state = epochs.get(e).get("modelState");
            assertEquals(Set.of("transform"), keys(state), "only the reporting component appears");
            assertEquals(expected, state.get("transform").get("stepsSeen").asLong(), "epoch " + e);
            assertEquals(2.0 * expected, state.get("transform").get("perTask").get("t0").asDouble(), 0.0);
            Map<String, Object> carried = events.events.get(e).modelState();
            @SuppressWarnings("unchecked")
            Map<String, Object> tr = (Map<String, Object>) carried.get("transform");
            assertEquals(expected, tr.get("stepsSeen"), "the epoch event carries the same state");
        }
    }

    @Test
    void theIdentityTransformAddsNothingAndTheExistingKeysStay(@TempDir Path dir) throws Exception {
        Events events = new Events();
        JsonNode json = fit(model(new IdentityTransform(2)), dir.resolve("run.json"), events);
        Set<String> existing = Set.of("epoch", "trainLosses", "meanWeights", "validation", "test", "selectionScore", "seconds",
                "nextLearningRate");
        for (JsonNode ep : json.get("epochs")) {
            assertEquals(existing, keys(ep));
        }
        for (EpochEvent e : events.events) {
            assertTrue(e.modelState().isEmpty());
        }
        // with a reporting transform the existing keys are unchanged and modelState comes last
        JsonNode withState = fit(model(new StepCountingTransform()), dir.resolve("run2.json"), new Events());
        List<String> order = new ArrayList<>();
        withState.get("epochs").get(0).fieldNames().forEachRemaining(order::add);
        assertEquals("modelState", order.get(order.size() - 1));
        assertEquals(existing, new TreeSet<>(order.subList(0, order.size() - 1)));
    }

    @Test
    void emptyReportsAddNothingAndNullValuesAreRejected() {
        StepCountingTransform t = new StepCountingTransform();
        HpsModel m = model(t);
        t.override = Map.of();
        assertTrue(ReportsState.collect(m).isEmpty());
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("p", null);
        t.override = bad;
        IllegalStateException ex = assertThrows(IllegalStateException.class, () -> ReportsState.collect(m));
        assertTrue(ex.getMessage().contains("null key or value"), ex.getMessage());
        t.override = null;
        assertFalse(ReportsState.collect(m).isEmpty());
    }
}
