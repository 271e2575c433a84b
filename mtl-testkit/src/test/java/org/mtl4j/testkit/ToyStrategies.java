package org.mtl4j.testkit;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.mtl4j.core.weighting.Aggregation;
import org.mtl4j.core.weighting.GramianWeighting;
import org.mtl4j.core.weighting.JacobianAggregator;
import org.mtl4j.core.weighting.LossWeighting;
import org.mtl4j.core.weighting.MultiBatchAggregator;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.StepWeights;
import org.mtl4j.core.weighting.TrainableWeights;
import org.mtl4j.core.weighting.WeightingConfig;
import org.mtl4j.core.weighting.WeightingStrategy;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Small strategies for testing the test kit: correct ones of every family, and broken ones
 * that each violate one clause of the contract.
 */
final class ToyStrategies {
    private ToyStrategies() {
    }

    /** What a loss-weighting toy does wrong. */
    enum LossDefect {
        NONE, MUTATES_LOSSES, NAN_WEIGHTS, STATIC_STATE, RESET_FORGETS, STATE_NOT_SAVED, STATE_SAVED_LIVE,
        UNSEEDED_RANDOM, KEEPS_LOSS_REFERENCE, MUTATES_HISTORY, INDEX_DEPENDENT, WRONG_LENGTH, GRADIENT_WRONG_LENGTH,
        GRADIENT_WITHOUT_TRAINABLE, NEVER_REPORTS_GRADIENT, VALUES_NOT_COPIED
    }

    /**
     * Loss weighting with one trainable vector s (UW-like, w_i = e^{−s_i}, ∂/∂s_i = 1 − e^{−s_i}(L_i+1))
     * plus a running sum of losses as non-trainable state that enters the weights.
     */
    record LossToy(LossDefect defect) implements WeightingConfig {
        @Override
        public WeightingStrategy create(int numTasks) {
            if (numTasks < 1) {
                throw new IllegalArgumentException("m must be >= 1, found " + numTasks);
            }
            return new LossToyImpl(this, numTasks);
        }
    }

    private static int staticCounter;

    static final class LossToyImpl implements LossWeighting, TrainableWeights {
        private final LossToy config;
        private final int m;
        private double[] s;
        private double[] runningSum;
        private double[] lastLosses;
        private final SplittableRandom ownRandom = new SplittableRandom();

        LossToyImpl(LossToy config, int m) {
            this.config = config;
            this.m = m;
            reset();
        }

        @Override
        public StepWeights weigh(double[] losses, StepInfo step) {
            LossDefect d = config.defect();
            double[] w = new double[d == LossDefect.WRONG_LENGTH ? m + 1 : m];
            double noise = 0.1 * step.random().nextDouble();
            if (d == LossDefect.UNSEEDED_RANDOM) {
                noise = 0.1 * ownRandom.nextDouble();
            }
            if (d == LossDefect.STATIC_STATE) {
                noise += 0.01 * staticCounter++;
            }
            for (int i = 0; i < m; i++) {
                double prev = d == LossDefect.KEEPS_LOSS_REFERENCE && lastLosses != null ? lastLosses[i] : 0.0;
                w[i] = Math.exp(-s[i]) + noise + 1e-3 * runningSum[i] / (1 + runningSum[i]) + 1e-3 * prev;
                if (d == LossDefect.INDEX_DEPENDENT) {
                    w[i] += 0.1 * i;
                }
            }
            if (d == LossDefect.NAN_WEIGHTS && step.step() == 3) {
                w[0] = Double.NaN;
            }
            double[] grad = new double[d == LossDefect.GRADIENT_WRONG_LENGTH ? m + 1 : m];
            for (int i = 0; i < m; i++) {
                grad[i] = 1 - Math.exp(-s[i]) * (losses[i] + 1);
                runningSum[i] += losses[i];
            }
            if (d == LossDefect.KEEPS_LOSS_REFERENCE) {
                lastLosses = losses;
            }
            if (d == LossDefect.MUTATES_LOSSES) {
                losses[0] += 1;
            }
            if (d == LossDefect.MUTATES_HISTORY && !step.epochLosses().isEmpty()) {
                step.epochLosses().get(0)[0] = -1;
            }
            if (d == LossDefect.NEVER_REPORTS_GRADIENT) {
                grad = null;
            }
            return new StepWeights(w, grad, null);
        }

        @Override
        public double[] trainableValues() {
            return config.defect() == LossDefect.VALUES_NOT_COPIED ? s : s.clone();
        }

        @Override
        public void setTrainableValues(double[] values) {
            if (values.length != m) {
                throw new IllegalArgumentException("expected " + m + " values, found " + values.length);
            }
            s = values.clone();
        }

        @Override
        public Map<String, double[]> saveState() {
            if (config.defect() == LossDefect.STATE_NOT_SAVED) {
                return Map.of("s", s.clone());
            }
            if (config.defect() == LossDefect.STATE_SAVED_LIVE) {
                return Map.of("s", s, "runningSum", runningSum);
            }
            return Map.of("s", s.clone(), "runningSum", runningSum.clone());
        }

        @Override
        public void loadState(Map<String, double[]> state) {
            s = state.get("s").clone();
            if (state.containsKey("runningSum")) {
                runningSum = state.get("runningSum").clone();
            }
        }

        @Override
        public LossToy config() {
            return config;
        }

        @Override
        public int numTasks() {
            return m;
        }

        @Override
        public void reset() {
            s = new double[m];
            if (config.defect() != LossDefect.RESET_FORGETS || runningSum == null) {
                runningSum = new double[m];
            }
            lastLosses = null;
        }
    }

    /** Reports a trainable gradient although it has no trainable values (broken). */
    record GradientWithoutTrainable() implements WeightingConfig {
        @Override
        public WeightingStrategy create(int numTasks) {
            if (numTasks < 1) {
                throw new IllegalArgumentException("m must be >= 1, found " + numTasks);
            }
            return new LossWeighting() {
                @Override
                public StepWeights weigh(double[] losses, StepInfo step) {
                    double[] w = new double[numTasks];
                    Arrays.fill(w, 1.0);
                    return new StepWeights(w, new double[numTasks], null);
                }

                @Override
                public WeightingConfig config() {
                    return GradientWithoutTrainable.this;
                }

                @Override
                public int numTasks() {
                    return numTasks;
                }

                @Override
                public void reset() {
                }
            };
        }
    }

    /** Gramian toy: w_i = 1/sqrt(ema_i + 1) with ema_i an exponential average of G_ii / (1 + G_ii). */
    record GramToy(boolean divideUnguarded) implements WeightingConfig {
        @Override
        public WeightingStrategy create(int numTasks) {
            if (numTasks < 1) {
                throw new IllegalArgumentException("m must be >= 1, found " + numTasks);
            }
            return new GramToyImpl(this, numTasks);
        }
    }

    static final class GramToyImpl implements GramianWeighting {
        private final GramToy config;
        private final int m;
        private double[] ema;

        GramToyImpl(GramToy config, int m) {
            this.config = config;
            this.m = m;
            this.ema = new double[m];
        }

        @Override
        public StepWeights weigh(double[][] gram, double[] losses, StepInfo step) {
            double[] w = new double[m];
            for (int i = 0; i < m; i++) {
                double gii = gram[i][i];
                ema[i] = 0.9 * ema[i] + 0.1 * gii / (1 + gii);
                w[i] = config.divideUnguarded() ? 1 / Math.sqrt(gii) : 1 / Math.sqrt(ema[i] + 1);
            }
            return StepWeights.of(w);
        }

        @Override
        public Map<String, double[]> saveState() {
            return Map.of("ema", ema.clone());
        }

        @Override
        public void loadState(Map<String, double[]> state) {
            ema = state.get("ema").clone();
        }

        @Override
        public GramToy config() {
            return config;
        }

        @Override
        public int numTasks() {
            return m;
        }

        @Override
        public void reset() {
            ema = new double[m];
        }
    }

    /** What a Jacobian-aggregator toy does wrong. */
    enum JacobianDefect {
        NONE, MUTATES_JACOBIAN, PARTIAL_DIRECTION, WRONG_WEIGHTS, UNGUARDED_NORM, KEEPS_JACOBIAN_REFERENCE, ACCUMULATES,
        /** handed the Gramian, it weighs the tasks 1.001 instead of 1 */
        GRAM_OVERLOAD_DIFFERS,
        /** reads G (its diagonal enters the weights as 0·G_ii) but does not declare readsGramian() */
        GRAM_READ_UNDECLARED
    }

    /** Sum aggregator {@code d = Σ g_i}, weights 1 (or, UNGUARDED_NORM, {@code Σ g_i/‖g_i‖}). */
    record SumToy(JacobianDefect defect) implements WeightingConfig {
        @Override
        public WeightingStrategy create(int numTasks) {
            if (numTasks < 1) {
                throw new IllegalArgumentException("m must be >= 1, found " + numTasks);
            }
            return new SumToyImpl(this, numTasks);
        }
    }

    static final class SumToyImpl implements JacobianAggregator {
        private final SumToy config;
        private final int m;
        private INDArray previous;

        SumToyImpl(SumToy config, int m) {
            this.config = config;
            this.m = m;
        }

        @Override
        public Aggregation aggregate(INDArray jacobian, double[] losses, StepInfo step, INDArray direction) {
            JacobianDefect d = config.defect();
            double[] w = new double[m];
            Arrays.fill(w, 1.0);
            switch (d) {
                case UNGUARDED_NORM -> {
                    INDArray norms = jacobian.norm2(1);
                    direction.assign(jacobian.divColumnVector(norms.reshape(m, 1)).sum(0));
                    return new Aggregation(null, null);
                }
                case ACCUMULATES -> direction.addi(jacobian.sum(0));
                case WRONG_WEIGHTS -> direction.assign(jacobian.sum(0).muli(2));
                case PARTIAL_DIRECTION -> {
                    INDArray sum = jacobian.sum(0);
                    for (long c = 0; c < direction.length() / 2; c++) {
                        direction.putScalar(c, sum.getDouble(c));
                    }
                }
                default -> direction.assign(jacobian.sum(0));
            }
            if (d == JacobianDefect.KEEPS_JACOBIAN_REFERENCE) {
                if (previous != null) {
                    direction.addi(previous.sum(0)).subi(previous.sum(0));
                }
                previous = jacobian;
            }
            if (d == JacobianDefect.MUTATES_JACOBIAN) {
                jacobian.muli(1.5);
            }
            return Aggregation.of(w);
        }

        /** The same sum when handed G (reads nothing from it), except for the GRAM_OVERLOAD_DIFFERS defect. */
        @Override
        public Aggregation aggregate(INDArray jacobian, double[][] gram, double[] losses, StepInfo step, INDArray direction) {
            if (config.defect() == JacobianDefect.GRAM_OVERLOAD_DIFFERS) {
                double[] w = new double[m];
                Arrays.fill(w, 1.001);
                direction.assign(jacobian.sum(0).muli(1.001));
                return Aggregation.of(w);
            }
            if (config.defect() == JacobianDefect.GRAM_READ_UNDECLARED) {
                double[] w = new double[m];
                for (int i = 0; i < m; i++) {
                    w[i] = 1.0 + 0.0 * gram[i][i];
                }
                direction.assign(jacobian.sum(0));
                return Aggregation.of(w);
            }
            return aggregate(jacobian, losses, step, direction);
        }

        @Override
        public boolean readsGramian() {
            return config.defect() != JacobianDefect.GRAM_READ_UNDECLARED;
        }

        @Override
        public SumToy config() {
            return config;
        }

        @Override
        public int numTasks() {
            return m;
        }

        @Override
        public void reset() {
            previous = null;
        }
    }

    /** Multi-batch toy: {@code d = mean_b Σ_i g_i^{(b)}}, no weights. */
    record MultiBatchToy(int batches, boolean mutatesSecondBatch) implements WeightingConfig {
        @Override
        public WeightingStrategy create(int numTasks) {
            if (numTasks < 1) {
                throw new IllegalArgumentException("m must be >= 1, found " + numTasks);
            }
            MultiBatchToy cfg = this;
            return new MultiBatchAggregator() {
                @Override
                public int batchesPerStep() {
                    return batches;
                }

                @Override
                public Aggregation aggregate(List<INDArray> jacobians, List<double[]> losses, StepInfo step, INDArray direction) {
                    direction.assign(0);
                    for (INDArray j : jacobians) {
                        direction.addi(j.sum(0).divi(jacobians.size()));
                    }
                    if (mutatesSecondBatch) {
                        losses.get(1)[0] = 42;
                    }
                    return new Aggregation(null, null);
                }

                @Override
                public WeightingConfig config() {
                    return cfg;
                }

                @Override
                public int numTasks() {
                    return numTasks;
                }

                @Override
                public void reset() {
                }
            };
        }
    }
}
