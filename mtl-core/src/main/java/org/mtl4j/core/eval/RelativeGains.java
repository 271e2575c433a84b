package org.mtl4j.core.eval;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtl4j.core.metric.Direction;

/**
 * Signed relative gains against a baseline, positive = better:
 * {@code g_k = (M_k − B_k) / B_k} when higher is better, {@code (B_k − M_k) / B_k} when lower is better.
 */
final class RelativeGains {
    private RelativeGains() {
    }

    /**
     * @param baseline single-task baselines
     * @param result   the result being scored
     * @param keys     the metrics to score, non-empty, all present in {@code result}
     * @return key → relative gain (a fraction, not ×100), in the order of {@code keys}
     */
    static Map<MetricKey, Double> of(EvaluationResult baseline, EvaluationResult result, Collection<MetricKey> keys) {
        if (baseline == null || result == null) {
            throw new IllegalArgumentException("baseline and result must not be null, found baseline " + baseline
                    + " and result " + result);
        }
        if (keys == null || keys.isEmpty()) {
            throw new IllegalArgumentException("at least one metric is needed to compare with the baseline, found " + keys);
        }
        Map<MetricKey, Double> gains = new LinkedHashMap<>();
        for (MetricKey key : keys) {
            if (!result.contains(key)) {
                throw new IllegalArgumentException("the result has no value for " + key + "; it has " + result.keys());
            }
            MetricValue m = result.metric(key);
            if (!baseline.contains(key)) {
                throw new IllegalArgumentException("the baseline has no value for " + key
                        + "; supply single-task baselines for every metric scored (baseline has " + baseline.keys() + ")");
            }
            MetricValue b = baseline.metric(key);
            if (b.direction() != m.direction()) {
                throw new IllegalArgumentException("direction of " + key + " differs: baseline " + b.direction()
                        + ", result " + m.direction());
            }
            if (!Double.isFinite(b.value()) || b.value() == 0) {
                throw new IllegalArgumentException("baseline value of " + key + " must be finite and non-zero (it divides the"
                        + " change), found " + b.value());
            }
            double change = (m.value() - b.value()) / b.value();
            gains.put(key, m.direction() == Direction.HIGHER_IS_BETTER ? change : -change);
        }
        if (gains.size() != keys.size()) {
            throw new IllegalArgumentException("metric keys must be distinct, found " + List.copyOf(keys));
        }
        return gains;
    }
}
