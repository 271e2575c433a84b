package org.mtl4j.core.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mtl4j.core.data.MtlBatch;
import org.mtl4j.core.data.MtlDataSource;
import org.mtl4j.core.grad.GradientEngine;
import org.mtl4j.core.metric.Metric;
import org.mtl4j.core.metric.MetricAccumulator;
import org.mtl4j.core.task.Task;
import org.mtl4j.core.task.TaskSet;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Evaluates every task's metrics over a whole data set in inference mode: accumulators see
 * every batch, so ratios and medians are computed over the set. The mean loss of each task is
 * reported as metric {@code "loss"} too.
 */
public final class MetricsEvaluator {
    private MetricsEvaluator() {
    }

    /**
     * @return task name → metric name → value
     */
    public static Map<String, Map<String, Double>> evaluate(GradientEngine engine, TaskSet tasks, MtlDataSource data) {
        int m = tasks.size();
        MetricAccumulator[][] acc = new MetricAccumulator[m][];
        for (int i = 0; i < m; i++) {
            Task t = tasks.get(i);
            acc[i] = new MetricAccumulator[t.metrics().size()];
            for (int k = 0; k < acc[i].length; k++) {
                acc[i][k] = t.metrics().get(k).newAccumulator();
            }
        }
        double[] lossSum = new double[m];
        double[] count = new double[m];
        for (int b = 0; b < data.numBatches(); b++) {
            MtlBatch batch = data.batch(0, b, 0L);
            INDArray[] out = engine.predict(batch);
            for (int i = 0; i < m; i++) {
                for (MetricAccumulator a : acc[i]) {
                    a.update(out[i], batch.labels(i), batch.mask(i));
                }
                double n = batch.size(i);
                lossSum[i] += n * tasks.get(i).loss().value(out[i], batch.labels(i), batch.mask(i));
                count[i] += n;
            }
        }
        Map<String, Map<String, Double>> res = new LinkedHashMap<>();
        for (int i = 0; i < m; i++) {
            Map<String, Double> r = new LinkedHashMap<>();
            Task t = tasks.get(i);
            for (int k = 0; k < acc[i].length; k++) {
                Metric metric = t.metrics().get(k);
                r.put(metric.name(), acc[i][k].value());
            }
            r.put("loss", lossSum[i] / count[i]);
            res.put(t.id().name(), r);
        }
        return res;
    }
}
