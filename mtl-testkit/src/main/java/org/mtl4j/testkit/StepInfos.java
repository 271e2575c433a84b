package org.mtl4j.testkit;

import java.util.List;
import java.util.SplittableRandom;
import org.mtl4j.core.weighting.StepInfo;

/**
 * {@link StepInfo} factories for tests. The step's RNG is a fresh {@link SplittableRandom}
 * derived from a seed and the step counter, as the trainer derives it from the run seed:
 * <pre>
 *   random(seed, t) = new SplittableRandom(seed ^ (t · 0x9E3779B97F4A7C15))
 * </pre>
 * so two calls with the same seed and step give generators that produce the same numbers.
 */
public final class StepInfos {
    private StepInfos() {
    }

    /** @return a fresh generator for step t of a run with the given seed */
    public static SplittableRandom random(long seed, long step) {
        return new SplittableRandom(seed ^ (step * 0x9E3779B97F4A7C15L));
    }

    /**
     * @param step        1-based step counter t
     * @param epoch       0-based epoch
     * @param seed        run seed
     * @param epochLosses mean losses of the finished epochs (copied deeply)
     * @return step information with a fresh RNG
     */
    public static StepInfo of(long step, int epoch, long seed, List<double[]> epochLosses) {
        return new StepInfo(step, epoch, random(seed, step), deepCopy(epochLosses));
    }

    /** @return step information for epoch 0 with no loss history */
    public static StepInfo of(long step, long seed) {
        return of(step, 0, seed, List.of());
    }

    static List<double[]> deepCopy(List<double[]> rows) {
        if (rows == null) {
            return List.of();
        }
        double[][] out = new double[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.get(i).clone();
        }
        return List.of(out);
    }
}
