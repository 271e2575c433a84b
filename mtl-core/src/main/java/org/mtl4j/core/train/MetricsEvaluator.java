package org.mtl4j.core.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mtl4j.core.data.MtlBatch;
import org.mtl4j.core.data.MtlDataSource;
import org.mtl4j.core.grad.GradientEngine;
import org.mtl4j.core.eval.EvaluationResult;
import org.mtl4j.core.eval.TaskSetEvaluator;
import org.mtl4j.core.task.TaskId;
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
        TaskSetEvaluator eval = new TaskSetEvaluator(tasks);
        double[] lossSum = new double[m];
        double[] count = new double[m];
        for (int b = 0; b < data.numBatches(); b++) {
            MtlBatch batch = data.batch(0, b, 0L);
            INDArray[] out = engine.predict(batch);
            for (int i = 0; i < m; i++) {
                eval.update(i, out[i], batch.labels(i), batch.mask(i));
                double n = batch.size(i);
                lossSum[i] += n * tasks.get(i).loss().value(out[i], batch.labels(i), batch.mask(i));
                count[i] += n;
            }
        }
        EvaluationResult r = eval.result();
        Map<String, Map<String, Double>> res = new LinkedHashMap<>();
        for (int i = 0; i < m; i++) {
            TaskId id = tasks.get(i).id();
            Map<String, Double> values = new LinkedHashMap<>(r.asMap().get(id));
            values.put("loss", lossSum[i] / count[i]);
            res.put(id.name(), values);
        }
        return res;
    }
}
