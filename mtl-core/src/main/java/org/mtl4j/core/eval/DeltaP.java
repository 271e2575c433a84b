package org.mtl4j.core.eval;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mtl4j.core.task.TaskId;

/**
 * Δp, the multi-task improvement as LibMTL computes it ({@code LibMTL.utils.count_improvement},
 * also reported by MOML, FORUM, RLW and DB-MTL): the mean over tasks of each task's mean signed
 * relative gain over a single-task baseline, in percent. <b>Positive = better than the
 * baselines.</b>
 *
 * <pre>
 *   Δp = 100 · (1/T) Σ_t (1/M_t) Σ_{m ∈ task t} (−1)^{w_{t,m}} (B_{t,m} − N_{t,m}) / B_{t,m}
 *        w_{t,m} = 1 if higher is better, 0 if lower is better
 * </pre>
 * with N the result and B the baseline value (single-task learning runs the user supplies, not an
 * epoch-0 evaluation). Each task weighs 1/T whatever its number of metrics, unlike {@link DeltaM}.
 *
 * <p>Worked example (Office-31, accuracies, published STL and EW rows): baseline Amazon 86.61,
 * DSLR 95.63, Webcam 96.85; EW 83.53, 97.27, 96.85. Gains (83.53 − 86.61)/86.61 = −3.556 %,
 * (97.27 − 95.63)/95.63 = +1.715 %, 0 %; one metric per task, so Δp = (−3.556 + 1.715 + 0)/3 =
 * <b>−0.61 %</b>. On NYUv2 (3 tasks with 2 + 2 + 5 metrics) the SegNet EW row of {@link DeltaM}'s
 * example gives Δp = +0.88 % while Δm = +5.59 %: the two scores weigh the normal metrics
 * differently (1/3 against 5/9) and have opposite signs for "better".
 *
 * <p>The result's metrics are scored (all of them, or the keys given); the baseline must hold a
 * finite, non-zero value with the same direction for each, else {@link IllegalArgumentException};
 * extra baseline entries are ignored. NaN results propagate. As in LibMTL the formula divides by
 * B as is, which assumes positive baselines (true for every NYUv2/QM9/Office metric).
 */
public final class DeltaP {

    private DeltaP() {
    }

    /**
     * @param baseline single-task baselines
     * @param result   the multi-task result
     * @return Δp in percent over every metric of {@code result}
     */
    public static double of(EvaluationResult baseline, EvaluationResult result) {
        return of(baseline, result, result == null ? null : result.keys());
    }

    /**
     * @param baseline single-task baselines
     * @param result   the multi-task result
     * @param keys     the metrics to score (e.g. leaving out auxiliary ones)
     * @return Δp in percent over the given metrics, grouped by task
     */
    public static double of(EvaluationResult baseline, EvaluationResult result, Collection<MetricKey> keys) {
        Map<TaskId, Double> perTask = perTask(baseline, result, keys);
        double sum = 0;
        for (double v : perTask.values()) {
            sum += v;
        }
        return sum / perTask.size();
    }

    /**
     * @param baseline single-task baselines
     * @param result   the multi-task result
     * @param keys     the metrics to score
     * @return each task's mean signed relative gain in percent (Δp is their mean), in key order
     */
    public static Map<TaskId, Double> perTask(EvaluationResult baseline, EvaluationResult result, Collection<MetricKey> keys) {
        Map<MetricKey, Double> gains = RelativeGains.of(baseline, result, keys);
        Map<TaskId, double[]> sums = new LinkedHashMap<>();
        gains.forEach((key, g) -> {
            double[] s = sums.computeIfAbsent(key.task(), t -> new double[2]);
            s[0] += g;
            s[1] += 1;
        });
        Map<TaskId, Double> out = new LinkedHashMap<>();
        sums.forEach((task, s) -> out.put(task, 100.0 * s[0] / s[1]));
        return out;
    }
}
