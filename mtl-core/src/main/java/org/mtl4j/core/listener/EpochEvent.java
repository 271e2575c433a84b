package org.mtl4j.core.listener;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Immutable record of one finished epoch.
 *
 * @param epoch          0-based epoch
 * @param trainLosses    mean training loss per task over the epoch
 * @param meanWeights    mean task weights over the epoch (null when none were reported)
 * @param validation     validation metrics per task name and metric name (empty without a validation set)
 * @param test           test metrics per task name and metric name (empty without a test set)
 * @param selectionScore the model-selection score of this epoch (Δp on validation), NaN if none
 * @param bestEpoch      best epoch so far
 * @param seconds        wall time of the epoch (training and evaluation)
 * @param modelState     state reported by the model's components at the end of the epoch
 *                       ({@code org.mtl4j.core.model.ReportsState#collect}), keyed by component
 *                       ("encoder", "transform", "heads"); empty when no component reports
 */
public record EpochEvent(int epoch, double[] trainLosses, double[] meanWeights, Map<String, Map<String, Double>> validation,
                         Map<String, Map<String, Double>> test, double selectionScore, int bestEpoch, double seconds,
                         Map<String, Object> modelState) {
    /** Copies (the model state keeps its order). */
    public EpochEvent {
        trainLosses = trainLosses.clone();
        meanWeights = meanWeights == null ? null : meanWeights.clone();
        validation = Map.copyOf(validation);
        test = Map.copyOf(test);
        modelState = modelState == null || modelState.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(modelState));
    }

    /** An epoch without reported model state. */
    public EpochEvent(int epoch, double[] trainLosses, double[] meanWeights, Map<String, Map<String, Double>> validation,
                      Map<String, Map<String, Double>> test, double selectionScore, int bestEpoch, double seconds) {
        this(epoch, trainLosses, meanWeights, validation, test, selectionScore, bestEpoch, seconds, Map.of());
    }
}
