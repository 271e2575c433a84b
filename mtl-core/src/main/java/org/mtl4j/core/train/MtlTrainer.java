package org.mtl4j.core.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.mtl4j.core.data.InMemoryMtlDataset;
import org.mtl4j.core.data.MtlBatch;
import org.mtl4j.core.data.MtlDataSource;
import org.mtl4j.core.grad.GradientEngine;
import org.mtl4j.core.grad.NonFiniteException;
import org.mtl4j.core.grad.StepOutcome;
import org.mtl4j.core.listener.EpochEvent;
import org.mtl4j.core.listener.RunEndEvent;
import org.mtl4j.core.listener.RunStartEvent;
import org.mtl4j.core.listener.StepEvent;
import org.mtl4j.core.listener.TrainingControl;
import org.mtl4j.core.listener.TrainingListener;
import org.mtl4j.core.model.HpsModel;
import org.mtl4j.core.model.ReportsState;
import org.mtl4j.core.model.nd4j.ComputeLanes;
import org.mtl4j.core.optim.FlatOptimizer;
import org.mtl4j.core.weighting.BilevelWeighting;
import org.mtl4j.core.weighting.Diagnostics;
import org.mtl4j.core.weighting.MultiBatchAggregator;
import org.mtl4j.core.weighting.ParameterBlocksAware;
import org.mtl4j.core.weighting.PostStepLossHook;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.StepWeights;
import org.mtl4j.core.weighting.TrainableWeights;
import org.mtl4j.core.weighting.UpperLevelData;
import org.mtl4j.core.weighting.WeightingConfig;
import org.mtl4j.core.weighting.WeightingStrategy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link HpsModel} with a weighting strategy: epochs of steps (batch → gradient engine →
 * optional clipping → optimiser), evaluation on validation and test data after every epoch,
 * best-epoch selection by Δp on validation (against the configured single-task baselines, or
 * against the epoch-0 validation results as LibMTL does when none are given), listeners, an
 * atomically written run record and checkpoints.
 *
 * <p>Determinism: one seed fixes the data order (stream 1), the strategy's per-step RNG
 * (stream 2, re-derived at every step from the step counter) and ND4J's RNG for dropout
 * (stream 3, re-seeded at every step), so the same seed gives a bit-identical run on CPU and a
 * run resumed from a checkpoint equals the uninterrupted run.
 *
 * <p>Multi-batch strategies ({@link MultiBatchAggregator}, e.g. MoDo) get
 * {@code batchesPerStep()} consecutive batches of the epoch per step, each counting as a consumed
 * batch; an epoch therefore has about {@code batches / batchesPerStep} steps.
 *
 * <p>A trainer is used for one run; it is not thread-safe.
 */
public final class MtlTrainer implements TrainingControl {
    private static final Logger LOG = LoggerFactory.getLogger(MtlTrainer.class);

    private final HpsModel model;
    private final WeightingConfig weightingConfig;
    private final WeightingStrategy strategy;
    private final TrainerConfig config;
    private final List<TrainingListener> listeners;
    private final GradientEngine engine;
    private final FlatOptimizer optimizer;
    private final LrScheduler scheduler;
    private final RunRecorder recorder;
    private FlatOptimizer trainableOptimizer;
    private INDArray trainableValues;
    private INDArray trainableGrad;
    private String stopReason = "";

    // position and history (all saved in checkpoints)
    private int epoch;
    private int nextBatch;
    private long step;
    private final List<double[]> epochLosses = new ArrayList<>();
    private final List<double[]> epochWeights = new ArrayList<>();
    private double[] lossSums;
    private double[] weightSums;
    private int stepsThisEpoch;
    private int weightedSteps;
    private int bestEpoch = -1;
    private double bestScore = Double.NEGATIVE_INFINITY;
    private Map<String, Map<String, Double>> epoch0Validation;
    private Map<String, Map<String, Double>> bestValidation = Map.of();
    private Map<String, Map<String, Double>> bestTest = Map.of();
    private Map<String, Map<String, Double>> lastTest = Map.of();
    private int fallbacks;

    /**
     * @param model           the model to train (its parameters are updated in place)
     * @param weightingConfig the weighting strategy's configuration
     * @param config          trainer configuration
     * @param runRecord       path of the run record JSON (null = none)
     * @param listeners       listeners, called in order
     */
    public MtlTrainer(HpsModel model, WeightingConfig weightingConfig, TrainerConfig config, Path runRecord,
                      List<? extends TrainingListener> listeners) {
        this(model, weightingConfig, config, runRecord, listeners, ComputeLanes.single());
    }

    /**
     * A trainer whose gradient engine and optimiser step run their own per-step work on the
     * model's lanes (pass the {@link ComputeLanes} the model's native modules were built with).
     *
     * @param model           the model to train (its parameters are updated in place)
     * @param weightingConfig the weighting strategy's configuration
     * @param config          trainer configuration
     * @param runRecord       path of the run record JSON (null = none)
     * @param listeners       listeners, called in order
     * @param lanes           the model's lanes (one or two)
     */
    public MtlTrainer(HpsModel model, WeightingConfig weightingConfig, TrainerConfig config, Path runRecord,
                      List<? extends TrainingListener> listeners, ComputeLanes lanes) {
        Objects.requireNonNull(lanes, "lanes");
        this.model = Objects.requireNonNull(model, "model");
        this.weightingConfig = Objects.requireNonNull(weightingConfig, "weightingConfig");
        this.config = Objects.requireNonNull(config, "config");
        this.listeners = List.copyOf(listeners);
        this.strategy = weightingConfig.create(model.numTasks());
        this.engine = new GradientEngine(model, lanes);
        this.optimizer = config.optimizer().create(model.params(), lanes);
        this.scheduler = new LrScheduler(config.schedule(), config.optimizer().learningRate());
        this.recorder = new RunRecorder(runRecord, model, weightingConfig, config);
        this.lossSums = new double[model.numTasks()];
        this.weightSums = new double[model.numTasks()];
        if (strategy instanceof TrainableWeights tw) {
            double[] v = tw.trainableValues();
            trainableValues = Nd4j.create(v).castTo(DataType.DOUBLE);
            trainableGrad = Nd4j.zeros(DataType.DOUBLE, v.length);
            trainableOptimizer = config.optimizer().create(trainableValues);
        }
        if (strategy instanceof ParameterBlocksAware pba) {
            pba.setParameterBlocks(model.sharedLayerSizes(), model.sharedTensorSizes());
        }
    }

    /** @return the strategy instance driving this run */
    public WeightingStrategy strategy() {
        return strategy;
    }

    /** @return the gradient engine (e.g. for evaluation) */
    public GradientEngine engine() {
        return engine;
    }

    @Override
    public void requestStop(String reason) {
        stopReason = reason == null || reason.isEmpty() ? "stopped by a listener" : reason;
    }

    /**
     * Trains for the configured epochs (from the current position: 0, or where a checkpoint
     * left off).
     *
     * @param train      training data
     * @param validation validation data for model selection (null = none)
     * @param test       test data (null = none)
     * @return the result
     */
    public RunResult fit(MtlDataSource train, MtlDataSource validation, MtlDataSource test) {
        Objects.requireNonNull(train, "training data");
        checkSource(train, "training");
        if (validation != null) {
            checkSource(validation, "validation");
        }
        if (test != null) {
            checkSource(test, "test");
        }
        recorder.dataChecksums(train, validation, test);
        long t0 = System.nanoTime();
        int stepsPerEpoch = stepsPerEpoch(train);
        int batchesPerStep = strategy instanceof MultiBatchAggregator mb ? Math.max(1, mb.batchesPerStep()) : 1;
        for (TrainingListener l : listeners) {
            l.onRunStart(new RunStartEvent(model.tasks().names(), config.epochs(),
                    (stepsPerEpoch + batchesPerStep - 1) / batchesPerStep, epoch,
                    weightingConfig.getClass().getName()), this);
        }
        UpperBatches upper = upperBatches(train, validation);
        while (epoch < config.epochs() && stopReason.isEmpty()) {
            long e0 = System.nanoTime();
            while (nextBatch < stepsPerEpoch && stopReason.isEmpty()) {
                trainStep(train, upper);
            }
            if (!stopReason.isEmpty() && nextBatch < stepsPerEpoch) {
                break;
            }
            endEpoch(validation, test, (System.nanoTime() - e0) / 1e9);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double dpTest = config.baselines().isEmpty() || bestTest.isEmpty() ? Double.NaN
                : DeltaSelection.deltaP(model.tasks(), bestTest, config.baselines());
        recorder.finish(bestEpoch, bestValidation, bestTest, dpTest, stopReason, fallbacks, secs);
        for (TrainingListener l : listeners) {
            l.onRunEnd(new RunEndEvent(epoch, bestEpoch, !stopReason.isEmpty(), stopReason, secs));
        }
        return new RunResult(epoch, bestEpoch, bestValidation, bestTest, lastTest, dpTest, List.copyOf(epochLosses),
                java.util.Collections.unmodifiableList(new ArrayList<>(epochWeights)), stopReason, secs, recorder.path());
    }

    /**
     * The upper-level source of a bi-level strategy, as its configuration says: the validation
     * data, or the training data in an order independent of the lower-level batches (stream 4).
     */
    private UpperBatches upperBatches(MtlDataSource train, MtlDataSource validation) {
        if (!(strategy instanceof BilevelWeighting bw)) {
            return null;
        }
        UpperLevelData source = Objects.requireNonNull(bw.upperLevelData(),
                () -> strategy.getClass().getSimpleName() + ".upperLevelData() returned null");
        return switch (source) {
            case VALIDATION_SPLIT -> {
                if (validation == null) {
                    throw new IllegalArgumentException("the bi-level strategy " + strategy.getClass().getSimpleName()
                            + " takes its upper-level batches from the validation split (upperData = VALIDATION_SPLIT), "
                            + "but no validation data was given; pass validation data or use TRAINING_BATCHES");
                }
                yield new UpperBatches(validation, config.seed());
            }
            case TRAINING_BATCHES -> new UpperBatches(train, config.seed());
        };
    }

    private void checkSource(MtlDataSource s, String what) {
        if (s.numTasks() != model.numTasks()) {
            throw new IllegalArgumentException(what + " data has " + s.numTasks() + " tasks, the model has " + model.numTasks());
        }
    }

    private int stepsPerEpoch(MtlDataSource train) {
        int n = train.numBatches();
        return config.maxStepsPerEpoch() > 0 ? Math.min(n, config.maxStepsPerEpoch()) : n;
    }

    private void trainStep(MtlDataSource train, UpperBatches upper) {
        long s0 = System.nanoTime();
        step++;
        StepInfo info = new StepInfo(step, epoch,
                new SplittableRandom(InMemoryMtlDataset.mix(InMemoryMtlDataset.mix(config.seed(), 2), step)), epochLosses);
        Nd4j.getRandom().setSeed(InMemoryMtlDataset.mix(InMemoryMtlDataset.mix(config.seed(), 3), step));
        double lr = scheduler.rate();
        double[] losses;
        double[] weights;
        double minCos = Double.NaN;
        double norm;
        int consumed = 1;
        if (strategy instanceof BilevelWeighting bw) {
            BilevelStepContext ctx = new BilevelStepContext(engine, optimizer, lr, train, epoch, nextBatch, config.seed(), upper);
            StepWeights sw = bw.step(ctx, info);
            weights = sw.weights();
            losses = ctx.lastLowerLosses();
            norm = Double.NaN;
            noteDiagnostics(sw.diagnostics());
            if (config.nonFiniteGuard()) {
                double pn = org.mtl4j.core.model.nd4j.VectorNorm.norm2(model.params());
                if (!Double.isFinite(pn)) {
                    throw new NonFiniteException("parameters became non-finite after the bi-level step " + step + ", epoch "
                            + epoch + " (lower the inner or outer learning rate)");
                }
            }
        } else {
            List<MtlBatch> batches = drawBatches(train);
            consumed = batches.size();
            MtlBatch batch = batches.get(batches.size() - 1);
            StepOutcome out = strategy instanceof MultiBatchAggregator mb
                    ? engine.computeMultiBatch(batches, mb, info, config.headPolicy(), config.jacobianMode())
                    : engine.compute(batch, strategy, info, config.headPolicy(), config.jacobianMode());
            losses = out.losses();
            weights = out.weights();
            minCos = out.minCosine();
            norm = out.directionNorm();
            noteDiagnostics(out.diagnostics());
            INDArray grads = model.gradients();
            if (config.clipNorm() > 0) {
                double total = org.mtl4j.core.model.nd4j.VectorNorm.norm2(grads);
                if (total > config.clipNorm()) {
                    grads.muli(config.clipNorm() / total);
                }
            }
            optimizer.step(model.params(), grads, lr);
            if (trainableOptimizer != null && out.trainableGradient() != null) {
                TrainableWeights tw = (TrainableWeights) strategy;
                trainableValues.assign(Nd4j.create(tw.trainableValues()));
                trainableGrad.assign(Nd4j.create(out.trainableGradient()));
                trainableOptimizer.step(trainableValues, trainableGrad, lr);
                tw.setTrainableValues(trainableValues.toDoubleVector());
            }
            if (strategy instanceof PostStepLossHook hook) {
                hook.afterStep(losses.clone(), lossesAfterUpdate(batches));
            }
            if (!batch.isMultiInput() && !model.transform().isIdentity()) {
                model.transform().afterStep(engine.lastRepresentationGradients());
            }
            if (config.nonFiniteGuard()) {
                double pn = org.mtl4j.core.model.nd4j.VectorNorm.norm2(model.params());
                if (!Double.isFinite(pn)) {
                    throw new NonFiniteException("parameters became non-finite after the update at step " + step + ", epoch "
                            + epoch + " (lower the learning rate or clip gradients)");
                }
            }
        }
        for (int i = 0; i < losses.length; i++) {
            lossSums[i] += losses[i];
        }
        if (weights != null) {
            for (int i = 0; i < weights.length; i++) {
                weightSums[i] += weights[i];
            }
            weightedSteps++;
        }
        stepsThisEpoch++;
        int batchIndex = nextBatch;
        nextBatch += consumed;
        double ms = (System.nanoTime() - s0) / 1e6;
        StepEvent ev = new StepEvent(epoch, step, batchIndex, losses, weights, minCos, norm, lr, ms);
        for (TrainingListener l : listeners) {
            l.onStep(ev, this);
        }
    }

    /**
     * The step's training batches: the next one, or for a {@link MultiBatchAggregator} the next
     * {@code batchesPerStep()} consecutive ones of the epoch's order (asked before every step, so
     * the number may follow a schedule). Each drawn batch counts as a consumed batch of the epoch
     * (so {@code maxStepsPerEpoch} caps batches); indices past the end of the epoch's order wrap to
     * its start. The draw depends only on (seed, epoch, position), so resumed runs draw the same.
     */
    private List<MtlBatch> drawBatches(MtlDataSource train) {
        int k = 1;
        if (strategy instanceof MultiBatchAggregator mb) {
            k = mb.batchesPerStep();
            if (k < 1) {
                throw new IllegalStateException(strategy.getClass().getSimpleName() + ".batchesPerStep() must be >= 1, found " + k);
            }
        }
        int n = train.numBatches();
        List<MtlBatch> out = new ArrayList<>(k);
        for (int j = 0; j < k; j++) {
            out.add(train.batch(epoch, (nextBatch + j) % n, InMemoryMtlDataset.mix(config.seed(), 1)));
        }
        return out;
    }

    /** @return the losses after the update, of the one batch or the mean over the step's batches */
    private double[] lossesAfterUpdate(List<MtlBatch> batches) {
        if (batches.size() == 1) {
            return engine.losses(batches.get(0), false);
        }
        double[] mean = new double[model.numTasks()];
        for (MtlBatch b : batches) {
            double[] l = engine.losses(b, false);
            for (int i = 0; i < mean.length; i++) {
                mean[i] += l[i] / batches.size();
            }
        }
        return mean;
    }

    private void noteDiagnostics(Diagnostics d) {
        if (d.fallbackUsed()) {
            if (fallbacks == 0) {
                LOG.warn("weighting solver fell back at step {} (epoch {}): {}", step, epoch, d.message());
            }
            fallbacks++;
        }
    }

    private void endEpoch(MtlDataSource validation, MtlDataSource test, double trainSeconds) {
        long t0 = System.nanoTime();
        int m = model.numTasks();
        double[] meanLoss = new double[m];
        for (int i = 0; i < m; i++) {
            meanLoss[i] = lossSums[i] / Math.max(1, stepsThisEpoch);
        }
        double[] meanW = null;
        if (weightedSteps > 0) {
            meanW = new double[m];
            for (int i = 0; i < m; i++) {
                meanW[i] = weightSums[i] / weightedSteps;
            }
        }
        epochLosses.add(meanLoss);
        epochWeights.add(meanW);
        Map<String, Map<String, Double>> val = validation == null ? Map.of()
                : MetricsEvaluator.evaluate(engine, model.tasks(), validation);
        Map<String, Map<String, Double>> tst = test == null ? Map.of() : MetricsEvaluator.evaluate(engine, model.tasks(), test);
        double score = Double.NaN;
        if (!val.isEmpty()) {
            Map<String, Map<String, Double>> base = config.baselines();
            if (base.isEmpty()) {
                if (epoch0Validation == null) {
                    epoch0Validation = val;
                }
                base = epoch0Validation;
            }
            score = DeltaSelection.deltaP(model.tasks(), val, base);
        }
        if (val.isEmpty() || score > bestScore || bestEpoch < 0) {
            bestScore = val.isEmpty() ? bestScore : score;
            bestEpoch = epoch;
            bestValidation = val;
            bestTest = tst;
        }
        lastTest = tst;
        scheduler.endEpoch(epoch, score);
        double secs = trainSeconds + (System.nanoTime() - t0) / 1e9;
        EpochEvent ev = new EpochEvent(epoch, meanLoss, meanW, val, tst, score, bestEpoch, secs, ReportsState.collect(model));
        recorder.epoch(ev, scheduler.rate());
        for (TrainingListener l : listeners) {
            l.onEpoch(ev, this);
        }
        epoch++;
        nextBatch = 0;
        lossSums = new double[m];
        weightSums = new double[m];
        stepsThisEpoch = 0;
        weightedSteps = 0;
        if (config.checkpointDir() != null) {
            saveCheckpoint(config.checkpointDir().resolve(Checkpoint.FILE_NAME));
        }
    }

    /** Writes a checkpoint of the current position (atomically). */
    public void saveCheckpoint(Path file) {
        Checkpoint.State s = new Checkpoint.State(epoch, nextBatch, step, epochLosses, epochWeights, lossSums, weightSums,
                stepsThisEpoch, weightedSteps, bestEpoch, bestScore, epoch0Validation, bestValidation, bestTest, lastTest,
                fallbacks, scheduler.state(), strategy.saveState(),
                strategy instanceof TrainableWeights tw ? tw.trainableValues() : null);
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        arrays.put("params", model.params());
        optimizer.saveState().forEach((k, v) -> arrays.put("opt." + k, v));
        if (trainableOptimizer != null) {
            trainableOptimizer.saveState().forEach((k, v) -> arrays.put("topt." + k, v));
        }
        Checkpoint.write(file, s, arrays, recorder.snapshot());
    }

    /** Restores the position, parameters, optimiser and strategy state from a checkpoint. */
    public void resumeFrom(Path file) {
        Checkpoint.Loaded c = Checkpoint.read(file);
        INDArray params = c.arrays().get("params");
        if (params == null || params.length() != model.numParams()) {
            throw new IllegalArgumentException("checkpoint " + file + " holds " + (params == null ? 0 : params.length())
                    + " parameters, the model has " + model.numParams());
        }
        model.params().assign(params);
        Map<String, INDArray> opt = new LinkedHashMap<>();
        Map<String, INDArray> topt = new LinkedHashMap<>();
        c.arrays().forEach((k, v) -> {
            if (k.startsWith("opt.")) {
                opt.put(k.substring(4), v);
            } else if (k.startsWith("topt.")) {
                topt.put(k.substring(5), v);
            }
        });
        optimizer.loadState(opt);
        if (trainableOptimizer != null) {
            trainableOptimizer.loadState(topt);
        }
        Checkpoint.State s = c.state();
        epoch = s.epoch();
        nextBatch = s.nextBatch();
        step = s.step();
        epochLosses.clear();
        epochLosses.addAll(s.epochLosses());
        epochWeights.clear();
        epochWeights.addAll(s.epochWeights());
        lossSums = s.lossSums().clone();
        weightSums = s.weightSums().clone();
        stepsThisEpoch = s.stepsThisEpoch();
        weightedSteps = s.weightedSteps();
        bestEpoch = s.bestEpoch();
        bestScore = s.bestScore();
        epoch0Validation = s.epoch0Validation();
        bestValidation = s.bestValidation();
        bestTest = s.bestTest();
        lastTest = s.lastTest();
        fallbacks = s.fallbacks();
        scheduler.load(s.scheduler());
        strategy.loadState(s.strategyState());
        if (strategy instanceof TrainableWeights tw && s.trainableValues() != null) {
            tw.setTrainableValues(s.trainableValues());
        }
        recorder.restore(c.record());
    }

    /** Serves upper-level batches for bi-level strategies, cycling through epochs of the source. */
    static final class UpperBatches {
        private final MtlDataSource source;
        private final long seed;
        private int epoch;
        private int index;

        UpperBatches(MtlDataSource source, long seed) {
            this.source = source;
            this.seed = InMemoryMtlDataset.mix(seed, 4);
        }

        MtlBatch next() {
            if (index >= source.numBatches()) {
                index = 0;
                epoch++;
            }
            return source.batch(epoch, index++, seed);
        }
    }
}
