package org.mtl4j.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtl4j.core.listener.RunStartEvent;
import org.mtl4j.core.listener.StepEvent;
import org.mtl4j.core.listener.TrainingControl;
import org.mtl4j.core.listener.TrainingListener;
import org.mtl4j.core.model.HpsModel;
import org.mtl4j.core.optim.Adam;
import org.mtl4j.core.weighting.Aggregation;
import org.mtl4j.core.weighting.MultiBatchAggregator;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.WeightingConfig;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The trainer serves multi-batch strategies: batch consumption per epoch, learning, resume equality. */
class MtlTrainerMultiBatchTest {

    /**
     * A stateful toy: {@code d = Σ_b c_b · Σ_i g^b_i / k} with {@code c_b = 1 + 0.1·(t mod 3)} drawn
     * from its step counter (state), so that a resume must restore the state to be exact.
     *
     * @param batches       batches per step
     * @param reportWeights whether weights are reported (else null, as for directions that are not Jᵀw)
     */
    record PooledSum(int batches, boolean reportWeights) implements WeightingConfig {
        PooledSum(int batches) {
            this(batches, true);
        }

        @Override
        public PooledSumStrategy create(int numTasks) {
            if (numTasks < 1) {
                throw new IllegalArgumentException("numTasks must be >= 1, found " + numTasks);
            }
            return new PooledSumStrategy(this, numTasks);
        }
    }

    static final class PooledSumStrategy implements MultiBatchAggregator {
        private final PooledSum config;
        private final int m;
        private double calls;

        PooledSumStrategy(PooledSum config, int m) {
            this.config = config;
            this.m = m;
        }

        @Override
        public int batchesPerStep() {
            return config.batches();
        }

        @Override
        public Aggregation aggregate(List<INDArray> jacobians, List<double[]> losses, StepInfo step, INDArray direction) {
            calls++;
            double c = 1 + 0.1 * (calls % 3);
            direction.assign(0);
            for (INDArray j : jacobians) {
                direction.addi(j.sum(0).reshape(direction.shape()).muli(c / jacobians.size()));
            }
            if (!config.reportWeights()) {
                return new Aggregation(null, null);
            }
            double[] w = new double[m];
            java.util.Arrays.fill(w, c);
            return Aggregation.of(w);
        }

        @Override
        public WeightingConfig config() {
            return config;
        }

        @Override
        public int numTasks() {
            return m;
        }

        @Override
        public void reset() {
            calls = 0;
        }

        @Override
        public Map<String, double[]> saveState() {
            return Map.of("calls", new double[] {calls});
        }

        @Override
        public void loadState(Map<String, double[]> state) {
            calls = state.isEmpty() ? 0 : state.get("calls")[0];
        }
    }

    static final class Events implements TrainingListener {
        final List<StepEvent> steps = new ArrayList<>();
        RunStartEvent start;

        @Override
        public void onRunStart(RunStartEvent e, TrainingControl control) {
            start = e;
        }

        @Override
        public void onStep(StepEvent e, TrainingControl control) {
            steps.add(e);
        }
    }

    @Test
    void eachDrawnBatchCountsAsAConsumedBatchOfTheEpoch() {
        // 96 samples / 16 = 6 batches per epoch
        Events ev = new Events();
        new MtlTrainer(MtlTrainerTest.model(), new PooledSum(2), TrainerConfig.of(2, Adam.of(1e-2)).withSeed(1), null, List.of(ev))
                .fit(MtlTrainerTest.data(96, 0, true), null, null);
        assertEquals(3, ev.start.stepsPerEpoch());
        assertEquals(6, ev.steps.size());
        int[] expectIndex = {0, 2, 4, 0, 2, 4};
        for (int s = 0; s < 6; s++) {
            assertEquals(expectIndex[s], ev.steps.get(s).batchIndex(), "step " + s);
            assertEquals(s / 3, ev.steps.get(s).epoch());
        }
        // 4 per step: batches 0-3, then 4, 5 and the epoch's first two again
        Events ev4 = new Events();
        new MtlTrainer(MtlTrainerTest.model(), new PooledSum(4), TrainerConfig.of(1, Adam.of(1e-2)).withSeed(1), null, List.of(ev4))
                .fit(MtlTrainerTest.data(96, 0, true), null, null);
        assertEquals(2, ev4.steps.size());
        assertEquals(2, ev4.start.stepsPerEpoch());
    }

    @Test
    void strategiesWithoutWeightsGiveNullEntriesInTheWeightHistory() {
        RunResult r = new MtlTrainer(MtlTrainerTest.model(), new PooledSum(2, false), TrainerConfig.of(2, Adam.of(1e-2)), null,
                List.of()).fit(MtlTrainerTest.data(64, 0, true), null, null);
        assertEquals(2, r.weightHistory().size());
        assertTrue(r.weightHistory().get(0) == null && r.weightHistory().get(1) == null);
    }

    @Test
    void learnsWithPooledBatches() {
        MtlTrainer t = new MtlTrainer(MtlTrainerTest.model(), new PooledSum(3), TrainerConfig.of(8, Adam.of(1e-2)).withSeed(2), null,
                List.of());
        RunResult r = t.fit(MtlTrainerTest.data(192, 0, true), null, null);
        double[] first = r.trainLossHistory().get(0);
        double[] last = r.trainLossHistory().get(r.trainLossHistory().size() - 1);
        for (int i = 0; i < 2; i++) {
            assertTrue(last[i] < 0.7 * first[i], "task " + i + " loss " + first[i] + " -> " + last[i]);
        }
    }

    @Test
    void resumedMultiBatchRunEqualsUninterruptedRun(@TempDir Path dir) {
        TrainerConfig tc = TrainerConfig.of(3, Adam.of(1e-2)).withSeed(5);
        HpsModel full = MtlTrainerTest.model();
        new MtlTrainer(full, new PooledSum(3), tc, null, List.of()).fit(MtlTrainerTest.data(112, 0, true), null, null);

        HpsModel first = MtlTrainerTest.model();
        TrainingListener stopper = new TrainingListener() {
            @Override
            public void onStep(StepEvent e, TrainingControl control) {
                if (e.step() == 4) {
                    control.requestStop("test interruption");
                }
            }
        };
        MtlTrainer t1 = new MtlTrainer(first, new PooledSum(3), tc, null, List.of(stopper));
        t1.fit(MtlTrainerTest.data(112, 0, true), null, null);
        Path ck = dir.resolve(Checkpoint.FILE_NAME);
        t1.saveCheckpoint(ck);

        HpsModel resumed = MtlTrainerTest.model();
        MtlTrainer t2 = new MtlTrainer(resumed, new PooledSum(3), tc, null, List.of());
        t2.resumeFrom(ck);
        RunResult r2 = t2.fit(MtlTrainerTest.data(112, 0, true), null, null);
        assertEquals(3, r2.epochsCompleted());
        assertArrayEquals(full.params().toDoubleVector(), resumed.params().toDoubleVector(), 0.0);
    }
}
