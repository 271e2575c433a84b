package org.mtl4j.core.eval;

import java.util.Collection;
import java.util.Map;

/**
 * Δm, the relative multi-task performance drop as Nash-MTL, CAGrad and FAMO compute it
 * ({@code delta_fn} of their NYUv2 and QM9 experiments): the mean over the <em>flat list of all
 * K metrics</em> of the signed relative change against single-task baselines, in percent.
 * <b>Lower is better; negative = better than the baselines.</b>
 *
 * <pre>
 *   Δm = 100 · (1/K) Σ_k (−1)^{δ_k} (M_k − B_k) / B_k,      δ_k = 1 if higher is better, 0 if lower is better
 * </pre>
 * Every metric weighs 1/K (NYUv2: the 5 normal metrics weigh 5/9), unlike {@link DeltaP}, which
 * averages within tasks first and has the opposite sign.
 *
 * <p>Worked example (NYUv2 SegNet-MTAN, published rows; metrics mIoU ↑, PixAcc ↑, AbsErr ↓,
 * RelErr ↓, angle Mean ↓, Median ↓, within 11.25° ↑, 22.5° ↑, 30° ↑). STL baseline 38.30, 63.76,
 * 0.6754, 0.2780, 25.01, 19.21, 30.14, 57.20, 69.15; EW 39.29, 65.33, 0.5493, 0.2263, 28.15, 23.96,
 * 22.09, 47.50, 61.08. Signed changes in %: −2.585, −2.462, −18.670, −18.597, +12.555, +24.727,
 * +26.709, +16.958, +11.670; their mean is Δm = <b>+5.59 %</b> (the value Nash-MTL reports for EW).
 *
 * <p>The result's metrics are scored (all of them, or the keys given); the baseline must hold a
 * finite, non-zero value with the same direction for each, else {@link IllegalArgumentException};
 * extra baseline entries are ignored. NaN results propagate.
 */
public final class DeltaM {

    private DeltaM() {
    }

    /**
     * @param baseline single-task baselines
     * @param result   the multi-task result
     * @return Δm in percent over every metric of {@code result}
     */
    public static double of(EvaluationResult baseline, EvaluationResult result) {
        return of(baseline, result, result == null ? null : result.keys());
    }

    /**
     * @param baseline single-task baselines
     * @param result   the multi-task result
     * @param keys     the metrics to score (e.g. the 11 QM9 MAEs)
     * @return Δm in percent over the given metrics
     */
    public static double of(EvaluationResult baseline, EvaluationResult result, Collection<MetricKey> keys) {
        Map<MetricKey, Double> gains = RelativeGains.of(baseline, result, keys);
        double sum = 0;
        for (double g : gains.values()) {
            sum -= g;
        }
        return 100.0 * sum / gains.size();
    }
}
