package org.mtl4j.core.train;

import java.util.Map;
import org.mtl4j.core.metric.Metric;
import org.mtl4j.core.task.Task;
import org.mtl4j.core.task.TaskSet;

/**
 * LibMTL's Δp used for model selection:
 * <pre>
 *   Δp = 100 · (1/T) Σ_t (1/M_t) Σ_k (−1)^{w_{t,k}} (B_{t,k} − N_{t,k}) / B_{t,k},   w = 1 if higher is better
 * </pre>
 * (positive = better than the baseline B). Only the tasks' declared metrics count (not the loss).
 */
final class DeltaSelection {
    private DeltaSelection() {
    }

    static double deltaP(TaskSet tasks, Map<String, Map<String, Double>> result, Map<String, Map<String, Double>> base) {
        double total = 0;
        for (Task t : tasks) {
            Map<String, Double> r = result.get(t.id().name());
            Map<String, Double> b = base.get(t.id().name());
            if (b == null) {
                throw new IllegalArgumentException("no baseline for task '" + t.id() + "'; baselines cover " + base.keySet());
            }
            double s = 0;
            for (Metric metric : t.metrics()) {
                Double bv = b.get(metric.name());
                if (bv == null) {
                    throw new IllegalArgumentException("baseline of task '" + t.id() + "' lacks metric '" + metric.name() + "'");
                }
                if (bv == 0) {
                    throw new IllegalArgumentException("baseline of task '" + t.id() + "' metric '" + metric.name()
                            + "' is 0; relative improvement is undefined");
                }
                double rel = (r.get(metric.name()) - bv) / bv;
                s += metric.direction() == org.mtl4j.core.metric.Direction.HIGHER_IS_BETTER ? rel : -rel;
            }
            total += s / t.metrics().size();
        }
        return 100.0 * total / tasks.size();
    }
}
