package org.mtl4j.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.mtl4j.core.weighting.BilevelWeighting;
import org.mtl4j.core.weighting.HeadPolicy;
import org.mtl4j.core.weighting.JacobianAggregator;
import org.mtl4j.core.weighting.LossWeighting;
import org.mtl4j.core.weighting.MultiBatchAggregator;
import org.mtl4j.core.weighting.TrainableWeights;
import org.mtl4j.core.weighting.WeightingConfig;
import org.mtl4j.core.weighting.WeightingStrategy;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The checks of {@link WeightingContract} as static methods, so they can be called directly
 * (and shown to fail on broken strategies). Each throws {@link AssertionError} with the
 * strategy, scenario, m, data type and step in the message, or aborts (JUnit assumption) when
 * it does not apply to the strategy.
 *
 * <p>Every run goes through the contract runner, which also checks at every step: weights of
 * length m and finite, the direction buffer (pre-filled with NaN) fully overwritten with finite
 * values, {@code d ≈ Jᵀw} when an aggregator reports weights, inputs unchanged (and poisoned
 * with NaN after the call, so keeping references to inputs fails), and trainable gradients of
 * the right length.
 *
 * <p>Bi-level strategies ({@link BilevelWeighting}) need a model context; these checks abort
 * for them.
 */
public final class WeightingChecks {
    private WeightingChecks() {
    }

    /** Config and instance agree: {@code config()}, {@code numTasks()}, m = 0 rejected, a concrete head policy. */
    public static void configAndInstanceConsistent(WeightingConfig config, ContractSettings settings) {
        for (int m : withSingleTask(settings)) {
            WeightingStrategy s = config.create(m);
            check(s != null, config, "create(" + m + ") returned null");
            check(config.equals(s.config()), config, "config() of the instance is " + s.config() + ", expected " + config);
            check(s.numTasks() == m, config, "numTasks() is " + s.numTasks() + ", expected " + m);
            HeadPolicy hp = s.referenceHeadPolicy();
            check(hp == HeadPolicy.WEIGHTED || hp == HeadPolicy.UNWEIGHTED, config,
                    "referenceHeadPolicy() must be WEIGHTED or UNWEIGHTED, found " + hp);
            check(s.gradientSpace() != null, config, "gradientSpace() is null");
            check(s.saveState() != null, config, "saveState() is null");
        }
        try {
            config.create(0);
        } catch (IllegalArgumentException expected) {
            return;
        }
        throw new AssertionError(config + ": create(0) must throw IllegalArgumentException (m must be >= 1)");
    }

    /** Weights of length m, finite; directions finite and fully written; over several epochs, every m and data type. */
    public static void outputsWellFormed(WeightingConfig config, ContractSettings settings) {
        for (Scenario sc : randomScenarios(config, settings, false)) {
            new ContractRunner(create(config, sc), sc).runAll();
        }
    }

    /** Inputs (losses, Jacobians, Gram matrices, epoch history) are never modified, and not kept by reference. */
    public static void inputsNotMutated(WeightingConfig config, ContractSettings settings) {
        // the runner compares every input before and after each call and poisons it afterwards
        for (Scenario sc : randomScenarios(config, settings, false)) {
            new ContractRunner(create(config, sc), sc).runAll();
        }
    }

    /** m = 1 works and gives finite output at every step. */
    public static void singleTaskWorks(WeightingConfig config, ContractSettings settings) {
        for (Scenario sc : randomScenarios(config, settings.withTaskCounts(1), false)) {
            new ContractRunner(create(config, sc), sc).runAll();
        }
    }

    /** Two instances, same inputs, same step seeds: bit-identical outputs. */
    public static void deterministicUnderSeed(WeightingConfig config, ContractSettings settings) {
        for (Scenario sc : randomScenarios(config, settings, true)) {
            Trace a = new ContractRunner(create(config, sc), sc).runAll();
            Trace b = new ContractRunner(create(config, sc), sc).runAll();
            expectSame(config, sc, "two instances of one config on the same inputs", a, b);
        }
    }

    /** After {@code reset()} an instance repeats the outputs of its first run. */
    public static void resetRestoresInitialBehaviour(WeightingConfig config, ContractSettings settings) {
        for (Scenario sc : randomScenarios(config, settings, true)) {
            WeightingStrategy s = create(config, sc);
            Trace first = new ContractRunner(s, sc).runAll();
            s.reset();
            Trace second = new ContractRunner(s, sc).runAll();
            expectSame(config, sc, "a run after reset() versus the first run", first, second);
        }
    }

    /** Two instances stepped alternately on different inputs each behave as if alone (no shared or static state). */
    public static void instancesShareNoState(WeightingConfig config, ContractSettings settings) {
        for (Scenario sc1 : randomScenarios(config, settings, true)) {
            Scenario sc2 = Scenario.generate(sc1.name() + " (second)", sc1.numTasks(), sc1.numParams(), sc1.type(),
                    batches(config), settings.epochs(), settings.stepsPerEpoch(), settings.seed() + 7919,
                    Scenario.randomSource(sc1.numTasks(), sc1.numParams()));
            Trace alone1 = new ContractRunner(create(config, sc1), sc1).runAll();
            Trace alone2 = new ContractRunner(create(config, sc2), sc2).runAll();
            ContractRunner r1 = new ContractRunner(create(config, sc1), sc1);
            ContractRunner r2 = new ContractRunner(create(config, sc2), sc2);
            Trace t1 = new Trace();
            Trace t2 = new Trace();
            for (int k = 0; k < sc1.size(); k++) {
                t1.add(r1.step(k));
                t2.add(r2.step(k));
            }
            expectSame(config, sc1, "instance 1 interleaved with instance 2 versus alone", alone1, t1);
            expectSame(config, sc2, "instance 2 interleaved with instance 1 versus alone", alone2, t2);
        }
    }

    /**
     * Degenerate inputs never give NaN/Inf: for gradient-reading strategies every case of
     * {@link JacobianGenerators#standardCases} (zero rows, duplicates, norms 1e-3…1e3, scales
     * 1e-10…1e10, stationary, m = 1, m &gt; p) held fixed over all steps; for every strategy the
     * loss patterns all zero, one zero, equal, spread 1e-3…1e3, all 1e-10 and all 1e10. To keep
     * this fast, each degenerate scenario has {@code epochs} epochs of one step each.
     */
    public static void degenerateInputsStayFinite(WeightingConfig config, ContractSettings settings) {
        WeightingStrategy probe = probe(config);
        boolean lossOnly = probe instanceof LossWeighting;
        int batches = batches(config);
        for (int m : withSingleTask(settings)) {
            for (DataType type : types(settings, lossOnly)) {
                if (!lossOnly) {
                    for (JacobianGenerators.Case c : JacobianGenerators.standardCases(m, settings.numParams(), settings.seed() + m)) {
                        Scenario sc = Scenario.generate("Jacobian " + c.name(), c.numTasks(), c.numParams(), type, batches,
                                settings.epochs(), 1, settings.seed(), Scenario.fixedJacobian(c.jacobian()));
                        new ContractRunner(create(config, sc), sc).runAll();
                    }
                }
                for (Map.Entry<String, double[]> e : lossPatterns(m).entrySet()) {
                    Scenario sc = Scenario.generate("losses " + e.getKey(), m, settings.numParams(), type, batches,
                            settings.epochs(), 1, settings.seed(),
                            Scenario.fixedLossPattern(e.getValue(), settings.numParams()));
                    new ContractRunner(create(config, sc), sc).runAll();
                }
            }
        }
    }

    /**
     * For {@link TrainableWeights}: a gradient of length {@code trainableValues().length} is reported
     * (at least once over the scenario), values round-trip through {@code setTrainableValues}, the
     * returned arrays are copies, and a wrong length is rejected with IllegalArgumentException.
     */
    public static void trainableWeightsWellFormed(WeightingConfig config, ContractSettings settings) {
        WeightingStrategy probe = probe(config);
        Assumptions.assumeTrue(probe instanceof TrainableWeights, "not TrainableWeights");
        for (Scenario sc : randomScenarios(config, settings, true)) {
            WeightingStrategy s = create(config, sc);
            TrainableWeights tw = (TrainableWeights) s;
            double[] v = tw.trainableValues();
            check(v != null && v.length > 0, config, "trainableValues() must be non-empty, found " + Arrays.toString(v));
            double[] changed = v.clone();
            for (int i = 0; i < changed.length; i++) {
                changed[i] += 0.25 * (i + 1);
            }
            tw.setTrainableValues(changed);
            check(Arrays.equals(tw.trainableValues(), changed), config, "setTrainableValues then trainableValues gives "
                    + Arrays.toString(tw.trainableValues()) + ", expected " + Arrays.toString(changed));
            changed[0] = 1e6;
            check(tw.trainableValues()[0] != 1e6, config, "setTrainableValues keeps the caller's array instead of copying");
            tw.trainableValues()[0] = 1e6;
            check(tw.trainableValues()[0] != 1e6, config, "trainableValues() returns the internal array instead of a copy");
            try {
                tw.setTrainableValues(new double[v.length + 1]);
                throw new AssertionError(config + ": setTrainableValues with length " + (v.length + 1)
                        + " must throw IllegalArgumentException (expected length " + v.length + ")");
            } catch (IllegalArgumentException expected) {
                // fine
            }
            s.reset();
            ContractRunner r = new ContractRunner(s, sc);
            r.runAll();
            check(r.sawTrainableGradient(), config, "scenario '" + sc.name() + "', m=" + sc.numTasks()
                    + ": the strategy implements TrainableWeights but never reported a trainable gradient");
        }
    }

    /**
     * {@code saveState()} mid-run, loaded into a fresh instance, reproduces the rest of the run
     * bit for bit; the saved map is a snapshot (later steps do not change it).
     */
    public static void saveLoadRoundTrip(WeightingConfig config, ContractSettings settings) {
        for (Scenario sc : randomScenarios(config, settings, true)) {
            int half = Math.max(1, sc.size() / 2 + 1);
            WeightingStrategy a = create(config, sc);
            ContractRunner ra = new ContractRunner(a, sc);
            ra.run(0, half);
            Map<String, double[]> saved = a.saveState();
            check(saved != null, config, "saveState() returned null");
            Map<String, double[]> copy = deepCopy(saved);
            Trace rest = ra.run(half, sc.size());

            WeightingStrategy b = create(config, sc);
            b.loadState(deepCopy(copy));
            Trace restored = new ContractRunner(b, sc).run(half, sc.size());
            expectSame(config, sc, "the second half after loadState(saveState()) versus the uninterrupted run", rest, restored);

            WeightingStrategy c = create(config, sc);
            c.loadState(saved);
            Trace fromLive = new ContractRunner(c, sc).run(half, sc.size());
            expectSame(config, sc, "the state map returned by saveState() changed after more steps (it must be a snapshot)",
                    rest, fromLive);

            WeightingStrategy fresh = create(config, sc);
            Map<String, double[]> initial = fresh.saveState();
            WeightingStrategy d = create(config, sc);
            d.loadState(deepCopy(initial));
            expectSame(config, sc, "a fresh instance loaded with a fresh instance's state",
                    new ContractRunner(fresh, sc).runAll(), new ContractRunner(d, sc).runAll());
        }
    }

    /**
     * Permuting the tasks permutes the weights (rtol 1e-9) and leaves the direction unchanged
     * (rtol 1e-4 for float, 1e-9 for double, relative to {@code max_c Σ_i |w_i J_ic|}).
     * Only when {@link ContractSettings#permutationEquivariant()} is set.
     */
    public static void permutationEquivariance(WeightingConfig config, ContractSettings settings) {
        Assumptions.assumeTrue(settings.permutationEquivariant(), "permutation equivariance not claimed");
        for (Scenario sc : randomScenarios(config, settings, true)) {
            int m = sc.numTasks();
            if (m < 2) {
                continue;
            }
            int[] perm = new int[m];
            for (int i = 0; i < m; i++) {
                perm[i] = (i + 1) % m;
            }
            Scenario permuted = sc.permuted(perm);
            Trace a = new ContractRunner(create(config, sc), sc).runAll();
            Trace b = new ContractRunner(create(config, permuted), permuted).runAll();
            expectClose(config, sc, "permutation " + Arrays.toString(perm), perm, 1e-9, a, b);
        }
    }

    /**
     * A {@link JacobianAggregator} gives the same weights (rtol 1e-9 for double Jacobians, 1e-5 for
     * float ones, whose Gram matrix a strategy may accumulate in float) and direction (tolerances of
     * {@link #permutationEquivariance}) whether it is handed the Gramian {@code J Jᵀ} (the overload
     * the gradient engine calls when it formed G) or computes what it needs from J itself; and one
     * that does not declare {@link JacobianAggregator#readsGramian()} does not read G (handed a
     * Gram matrix of NaN it gives the same result), since the engine forms G only for those that
     * declare it.
     */
    public static void gramianOverloadAgrees(WeightingConfig config, ContractSettings settings) {
        Assumptions.assumeTrue(probe(config) instanceof JacobianAggregator, "not a Jacobian aggregator");
        for (Scenario sc : randomScenarios(config, settings, false)) {
            int[] identity = new int[sc.numTasks()];
            for (int i = 0; i < identity.length; i++) {
                identity[i] = i;
            }
            Trace plain = new ContractRunner(create(config, sc), sc).runAll();
            Trace withGram = new ContractRunner(create(config, sc), sc, ContractRunner.GramianHanding.EXACT).runAll();
            // a strategy may form its own G of a float J with float accumulation (≈ 1e-7 relative)
            double weightTol = sc.type() == DataType.FLOAT ? 1e-5 : 1e-9;
            expectClose(config, sc, "handed the Gramian", identity, weightTol, plain, withGram);
            WeightingStrategy s = create(config, sc);
            if (!((JacobianAggregator) s).readsGramian()) {
                Trace poisoned;
                try {
                    poisoned = new ContractRunner(s, sc, ContractRunner.GramianHanding.POISONED).runAll();
                } catch (RuntimeException | AssertionError e) {
                    throw new AssertionError(config + ", scenario '" + sc.name() + "', m=" + sc.numTasks() + ", " + sc.type()
                            + ": reads the Gramian although readsGramian() is false (handed G = NaN: " + e.getMessage() + ")", e);
                }
                expectSame(config, sc, "results handed G = NaN although readsGramian() is false, versus plain", plain, poisoned);
            }
        }
    }

    /**
     * Weights of {@code b} equal those of {@code a} permuted by {@code perm} (relative tolerance
     * {@code weightTol}) and the directions agree (rtol 1e-4 for float, 1e-9 for double, relative
     * to the largest entry).
     */
    private static void expectClose(WeightingConfig config, Scenario sc, String what, int[] perm, double weightTol, Trace a,
                                    Trace b) {
        int m = sc.numTasks();
        double dirTol = sc.type() == DataType.FLOAT ? 1e-4 : 1e-9;
        for (int k = 0; k < sc.size(); k++) {
            Trace.Entry x = a.entries().get(k);
            Trace.Entry y = b.entries().get(k);
            String where = config + ", scenario '" + sc.name() + "', m=" + m + ", " + sc.type() + ", t=" + x.t() + ", " + what;
            if (x.weights() != null) {
                check(y.weights() != null, where, "weights reported in one run only");
                double scale = 0;
                for (double w : x.weights()) {
                    scale = Math.max(scale, Math.abs(w));
                }
                for (int i = 0; i < m; i++) {
                    check(Math.abs(y.weights()[i] - x.weights()[perm[i]]) <= weightTol * scale + Double.MIN_NORMAL, where,
                            "weights " + Arrays.toString(y.weights())
                                    + (what.startsWith("permutation") ? " are not the permutation of " : " differ from ")
                                    + Arrays.toString(x.weights()));
                }
            }
            if (x.direction() != null) {
                double scale = 0;
                for (double v : x.direction()) {
                    scale = Math.max(scale, Math.abs(v));
                }
                for (int c = 0; c < x.direction().length; c++) {
                    check(Math.abs(x.direction()[c] - y.direction()[c]) <= dirTol * scale + Double.MIN_NORMAL, where,
                            "direction differs at " + c + ": " + x.direction()[c] + " vs " + y.direction()[c]);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------

    private static List<Scenario> randomScenarios(WeightingConfig config, ContractSettings settings, boolean firstTypeOnly) {
        WeightingStrategy probe = probe(config);
        boolean lossOnly = probe instanceof LossWeighting;
        int batches = batches(config);
        List<Scenario> out = new ArrayList<>();
        for (int m : settings.taskCounts()) {
            for (DataType type : types(settings, lossOnly || firstTypeOnly)) {
                out.add(Scenario.generate("random", m, settings.numParams(), type, batches, settings.epochs(),
                        settings.stepsPerEpoch(), settings.seed() + 31L * m, Scenario.randomSource(m, settings.numParams())));
            }
        }
        return out;
    }

    private static List<DataType> types(ContractSettings settings, boolean firstOnly) {
        return firstOnly ? List.of(settings.dataTypes().get(0)) : settings.dataTypes();
    }

    private static int[] withSingleTask(ContractSettings settings) {
        int[] counts = settings.taskCounts();
        for (int m : counts) {
            if (m == 1) {
                return counts;
            }
        }
        int[] out = Arrays.copyOf(counts, counts.length + 1);
        out[counts.length] = 1;
        return out;
    }

    private static Map<String, double[]> lossPatterns(int m) {
        Map<String, double[]> p = new java.util.LinkedHashMap<>();
        p.put("all zero", new double[m]);
        double[] oneZero = new double[m];
        Arrays.fill(oneZero, 1.0);
        oneZero[0] = 0.0;
        p.put("one zero", oneZero);
        double[] equal = new double[m];
        Arrays.fill(equal, 0.7);
        p.put("equal", equal);
        double[] spread = new double[m];
        for (int i = 0; i < m; i++) {
            spread[i] = m == 1 ? 1e-3 : 1e-3 * Math.pow(1e6, (double) i / (m - 1));
        }
        p.put("spread 1e-3..1e3", spread);
        double[] tiny = new double[m];
        Arrays.fill(tiny, 1e-10);
        p.put("all 1e-10", tiny);
        double[] huge = new double[m];
        Arrays.fill(huge, 1e10);
        p.put("all 1e10", huge);
        return p;
    }

    private static WeightingStrategy probe(WeightingConfig config) {
        WeightingStrategy s = config.create(2);
        if (s instanceof BilevelWeighting) {
            Assumptions.abort("bi-level strategies need a BilevelContext; the contract does not drive them");
        }
        return s;
    }

    private static int batches(WeightingConfig config) {
        WeightingStrategy s = probe(config);
        if (s instanceof MultiBatchAggregator mb) {
            check(mb.batchesPerStep() >= 2, config, "batchesPerStep() must be >= 2, found " + mb.batchesPerStep());
            return mb.batchesPerStep();
        }
        return 1;
    }

    private static WeightingStrategy create(WeightingConfig config, Scenario sc) {
        WeightingStrategy s = config.create(sc.numTasks());
        check(s != null, config, "create(" + sc.numTasks() + ") returned null");
        return s;
    }

    private static Map<String, double[]> deepCopy(Map<String, double[]> state) {
        Map<String, double[]> out = new HashMap<>();
        for (Map.Entry<String, double[]> e : state.entrySet()) {
            out.put(e.getKey(), e.getValue() == null ? null : e.getValue().clone());
        }
        return out;
    }

    private static void expectSame(WeightingConfig config, Scenario sc, String what, Trace a, Trace b) {
        String d = Trace.firstDifference(a, b);
        if (d != null) {
            throw new AssertionError(config + ", scenario '" + sc.name() + "', m=" + sc.numTasks() + ", " + sc.type()
                    + ": " + what + " are not bit-identical: " + d);
        }
    }

    private static void check(boolean ok, Object where, String message) {
        if (!ok) {
            throw new AssertionError(where + ": " + message);
        }
    }
}
