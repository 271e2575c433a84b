package org.mtl4j.core.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Outcome of a training run.
 *
 * @param epochsCompleted   finished epochs
 * @param bestEpoch         epoch selected on validation (the last one without validation data)
 * @param bestValidation    validation metrics at the best epoch (empty without validation data)
 * @param bestTest          test metrics at the best epoch (empty without test data)
 * @param finalTest         test metrics after the last epoch
 * @param deltaPTest        Δp of {@code bestTest} against the configured baselines (NaN without baselines)
 * @param trainLossHistory  mean training loss per task, per epoch
 * @param weightHistory     mean task weights per epoch (null entries when none)
 * @param stopReason        why a listener stopped training ("" if it ran to the end)
 * @param seconds           wall time
 * @param runRecord         path of the written run record (null if none was written)
 */
public record RunResult(int epochsCompleted, int bestEpoch, Map<String, Map<String, Double>> bestValidation,
                        Map<String, Map<String, Double>> bestTest, Map<String, Map<String, Double>> finalTest,
                        double deltaPTest, List<double[]> trainLossHistory, List<double[]> weightHistory, String stopReason,
                        double seconds, Path runRecord) {
}
