package org.mtl4j.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.mtl4j.core.weighting.Aggregation;
import org.mtl4j.core.weighting.BilevelWeighting;
import org.mtl4j.core.weighting.GramianWeighting;
import org.mtl4j.core.weighting.JacobianAggregator;
import org.mtl4j.core.weighting.LossWeighting;
import org.mtl4j.core.weighting.MultiBatchAggregator;
import org.mtl4j.core.weighting.PostStepLossHook;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.StepWeights;
import org.mtl4j.core.weighting.TrainableWeights;
import org.mtl4j.core.weighting.WeightingStrategy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Drives one strategy instance through a {@link Scenario} the way a trainer would, checking the
 * output contract at every step:
 * <ul>
 *   <li>weights of length m, finite; direction of shape [p], same data type, finite, and every
 *       entry overwritten (the buffer is filled with NaN before the call);</li>
 *   <li>when an aggregator reports weights, {@code d ≈ Jᵀw};</li>
 *   <li>inputs (losses, Jacobians, Gram matrix, epoch-loss history) unchanged by the call; they are
 *       then overwritten with NaN, so a strategy that keeps references to its inputs instead of
 *       copying them produces NaN later and fails;</li>
 *   <li>a trainable gradient only from {@link TrainableWeights}, of the right length and finite;
 *       the runner then applies SGD ({@code v ← v − 0.05·grad}) as the trainer's optimiser would;</li>
 *   <li>{@link PostStepLossHook#afterStep} is called with the scenario's post-step losses.</li>
 * </ul>
 */
final class ContractRunner {
    static final double TRAINABLE_LR = 0.05;

    private final WeightingStrategy strategy;
    private final Scenario scenario;
    private final GramianHanding handGramian;
    private boolean sawTrainableGradient;

    /** How a {@link JacobianAggregator} is called. */
    enum GramianHanding {
        /** {@code aggregate(J, losses, ...)} */
        NONE,
        /** {@code aggregate(J, G, losses, ...)} with a fresh {@code J Jᵀ} in double each step */
        EXACT,
        /** {@code aggregate(J, G, losses, ...)} with G full of NaN (for strategies that declare they do not read it) */
        POISONED
    }

    ContractRunner(WeightingStrategy strategy, Scenario scenario) {
        this(strategy, scenario, GramianHanding.NONE);
    }

    /** @param handGramian how a {@link JacobianAggregator} is called (as the engine does with or without G) */
    ContractRunner(WeightingStrategy strategy, Scenario scenario, GramianHanding handGramian) {
        if (strategy instanceof BilevelWeighting) {
            throw new IllegalArgumentException("bi-level strategies are not driven by the contract runner");
        }
        this.strategy = strategy;
        this.scenario = scenario;
        this.handGramian = handGramian;
    }

    boolean sawTrainableGradient() {
        return sawTrainableGradient;
    }

    /** Runs steps {@code [from, to)} of the scenario. */
    Trace run(int from, int to) {
        Trace trace = new Trace();
        for (int k = from; k < to; k++) {
            trace.add(step(k));
        }
        return trace;
    }

    /** Runs the whole scenario. */
    Trace runAll() {
        return run(0, scenario.size());
    }

    /** Runs step index k and returns its outputs. */
    Trace.Entry step(int k) {
        Scenario.Step s = scenario.steps().get(k);
        int m = scenario.numTasks();
        int p = scenario.numParams();
        String where = context(s);

        List<double[]> history = StepInfos.deepCopy(s.epochLosses());
        List<double[]> historyExpected = StepInfos.deepCopy(s.epochLosses());
        StepInfo info = new StepInfo(s.t(), s.epoch(), StepInfos.random(scenario.seed(), s.t()), history);

        double[] weights;
        double[] direction = null;
        double[] trainableGradient = null;
        try {
            if (strategy instanceof LossWeighting lw) {
                double[] losses = s.losses().get(0).clone();
                StepWeights w = lw.weigh(losses, info);
                check(w != null, where, "weigh returned null");
                expectUnchanged(where, "losses", s.losses().get(0), losses);
                Arrays.fill(losses, Double.NaN);
                weights = w.weights();
                trainableGradient = w.trainableGradient();
            } else if (strategy instanceof GramianWeighting gw) {
                double[] losses = s.losses().get(0).clone();
                INDArray j = JacobianGenerators.toArray(s.jacobians().get(0), scenario.type());
                double[][] gram = JacobianGenerators.gramian(j);
                double[][] gramExpected = JacobianGenerators.copy(gram);
                StepWeights w = gw.weigh(gram, losses, info);
                check(w != null, where, "weigh returned null");
                expectUnchanged(where, "losses", s.losses().get(0), losses);
                check(Arrays.deepEquals(gram, gramExpected), where, "the Gram matrix was modified by the call");
                Arrays.fill(losses, Double.NaN);
                for (double[] row : gram) {
                    Arrays.fill(row, Double.NaN);
                }
                weights = w.weights();
                trainableGradient = w.trainableGradient();
            } else if (strategy instanceof JacobianAggregator ja) {
                double[] losses = s.losses().get(0).clone();
                INDArray j = JacobianGenerators.toArray(s.jacobians().get(0), scenario.type());
                double[][] jExpected = JacobianGenerators.toMatrix(j);
                INDArray d = Nd4j.create(scenario.type(), p).assign(Double.NaN);
                Aggregation a = switch (handGramian) {
                    case NONE -> ja.aggregate(j, losses, info, d);
                    case EXACT -> ja.aggregate(j, JacobianGenerators.gramian(j), losses, info, d);
                    case POISONED -> {
                        double[][] g = new double[m][m];
                        for (double[] row : g) {
                            Arrays.fill(row, Double.NaN);
                        }
                        yield ja.aggregate(j, g, losses, info, d);
                    }
                };
                check(a != null, where, "aggregate returned null");
                expectUnchanged(where, "losses", s.losses().get(0), losses);
                check(Arrays.deepEquals(JacobianGenerators.toMatrix(j), jExpected), where,
                        "the Jacobian was modified by the call");
                direction = readDirection(where, d, p);
                weights = a.weights();
                if (weights != null) {
                    checkWeights(where, weights, m);
                    checkCombination(where, jExpected, weights, direction);
                }
                Arrays.fill(losses, Double.NaN);
                j.assign(Double.NaN);
            } else {
                MultiBatchAggregator mb = (MultiBatchAggregator) strategy;
                List<double[]> losses = new ArrayList<>();
                List<INDArray> js = new ArrayList<>();
                List<double[][]> jsExpected = new ArrayList<>();
                for (int b = 0; b < s.jacobians().size(); b++) {
                    losses.add(s.losses().get(b).clone());
                    INDArray j = JacobianGenerators.toArray(s.jacobians().get(b), scenario.type());
                    js.add(j);
                    jsExpected.add(JacobianGenerators.toMatrix(j));
                }
                INDArray d = Nd4j.create(scenario.type(), p).assign(Double.NaN);
                Aggregation a = mb.aggregate(Collections.unmodifiableList(js), Collections.unmodifiableList(losses), info, d);
                check(a != null, where, "aggregate returned null");
                for (int b = 0; b < js.size(); b++) {
                    expectUnchanged(where, "losses of batch " + b, s.losses().get(b), losses.get(b));
                    check(Arrays.deepEquals(JacobianGenerators.toMatrix(js.get(b)), jsExpected.get(b)), where,
                            "the Jacobian of batch " + b + " was modified by the call");
                }
                direction = readDirection(where, d, p);
                weights = a.weights();
                if (weights != null) {
                    checkWeights(where, weights, m);
                }
                for (int b = 0; b < js.size(); b++) {
                    Arrays.fill(losses.get(b), Double.NaN);
                    js.get(b).assign(Double.NaN);
                }
            }
        } catch (RuntimeException e) {
            throw new AssertionError(where + "the strategy threw " + e, e);
        }
        for (int i = 0; i < history.size(); i++) {
            check(Arrays.equals(history.get(i), historyExpected.get(i)), where,
                    "epoch-loss history entry " + i + " was modified by the call");
            Arrays.fill(history.get(i), Double.NaN);
        }
        if (weights != null) {
            checkWeights(where, weights, m);
        }

        double[] trainableValues = null;
        if (trainableGradient != null) {
            check(strategy instanceof TrainableWeights, where,
                    "a trainable gradient was reported but the strategy does not implement TrainableWeights");
        }
        if (strategy instanceof TrainableWeights tw) {
            double[] values = tw.trainableValues();
            check(values != null, where, "trainableValues() returned null");
            if (trainableGradient != null) {
                sawTrainableGradient = true;
                check(trainableGradient.length == values.length, where, "trainable gradient has length "
                        + trainableGradient.length + ", expected " + values.length + " (trainableValues().length)");
                checkFinite(where, "trainable gradient", trainableGradient);
                for (int i = 0; i < values.length; i++) {
                    values[i] -= TRAINABLE_LR * trainableGradient[i];
                }
                tw.setTrainableValues(values);
            }
            trainableValues = tw.trainableValues();
            checkFinite(where, "trainable values", trainableValues);
        }
        if (strategy instanceof PostStepLossHook hook) {
            try {
                hook.afterStep(s.losses().get(0).clone(), s.lossesAfter().clone());
            } catch (RuntimeException e) {
                throw new AssertionError(where + "afterStep threw " + e, e);
            }
        }
        return new Trace.Entry(s.t(), weights, direction, trainableGradient, trainableValues);
    }

    private String context(Scenario.Step s) {
        return "[" + strategy.getClass().getSimpleName() + ", scenario '" + scenario.name() + "', m=" + scenario.numTasks()
                + ", p=" + scenario.numParams() + ", " + scenario.type() + ", t=" + s.t() + ", epoch=" + s.epoch() + "] ";
    }

    private static double[] readDirection(String where, INDArray d, int p) {
        check(d.rank() == 1 && d.length() == p, where, "direction buffer changed shape to " + Arrays.toString(d.shape()));
        double[] out = d.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        for (int c = 0; c < p; c++) {
            check(Double.isFinite(out[c]), where, "direction entry " + c + " is " + out[c]
                    + " (the buffer is filled with NaN before the call: every entry must be overwritten with a finite value)");
        }
        return out;
    }

    private static void checkWeights(String where, double[] w, int m) {
        check(w.length == m, where, "weights have length " + w.length + ", expected m = " + m);
        checkFinite(where, "weights", w);
    }

    private static void checkFinite(String where, String what, double[] v) {
        for (int i = 0; i < v.length; i++) {
            check(Double.isFinite(v[i]), where, what + "[" + i + "] is " + v[i] + ": " + Arrays.toString(v));
        }
    }

    /** {@code |d − Jᵀw|_c ≤ tol · max_c Σ_i |w_i J_ic|}, tol 1e-4 (float) or 1e-9 (double). */
    private void checkCombination(String where, double[][] j, double[] w, double[] d) {
        double tol = scenario.type() == DataType.FLOAT ? 1e-4 : 1e-9;
        int p = d.length;
        double scale = 0;
        double[] jw = new double[p];
        for (int c = 0; c < p; c++) {
            double abs = 0;
            for (int i = 0; i < w.length; i++) {
                jw[c] += w[i] * j[i][c];
                abs += Math.abs(w[i] * j[i][c]);
            }
            scale = Math.max(scale, abs);
        }
        for (int c = 0; c < p; c++) {
            check(Math.abs(d[c] - jw[c]) <= tol * scale + Double.MIN_NORMAL, where, "reported weights " + Arrays.toString(w)
                    + " do not give the direction: d[" + c + "] = " + d[c] + " but (Jᵀw)[" + c + "] = " + jw[c]
                    + " (Aggregation.weights must be null when d is not Jᵀw)");
        }
    }

    private static void expectUnchanged(String where, String what, double[] expected, double[] actual) {
        check(Arrays.equals(expected, actual), where, what + " were modified by the call: expected "
                + Arrays.toString(expected) + ", found " + Arrays.toString(actual));
    }

    static void check(boolean ok, String where, String message) {
        if (!ok) {
            throw new AssertionError(where + message);
        }
    }
}
