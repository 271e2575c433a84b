package org.mtl4j.core.listener;

import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs progress through SLF4J: every {@code everySteps} steps the losses and weights, and every
 * epoch the mean losses, metrics and the best epoch.
 */
public final class LoggingListener implements TrainingListener {
    private static final Logger LOG = LoggerFactory.getLogger(LoggingListener.class);
    private final int everySteps;

    /** @param everySteps log a step line every this many steps (≥ 1) */
    public LoggingListener(int everySteps) {
        if (everySteps < 1) {
            throw new IllegalArgumentException("everySteps must be >= 1, found " + everySteps);
        }
        this.everySteps = everySteps;
    }

    @Override
    public void onStep(StepEvent e, TrainingControl control) {
        if (e.step() % everySteps == 0) {
            LOG.info("epoch {} step {} losses {} weights {} minCos {} |d| {} ({} ms)", e.epoch(), e.step(),
                    fmt(e.losses()), e.weights() == null ? "-" : fmt(e.weights()), String.format("%.3f", e.minCosine()),
                    String.format("%.3g", e.directionNorm()), String.format("%.2f", e.millis()));
        }
    }

    @Override
    public void onEpoch(EpochEvent e, TrainingControl control) {
        LOG.info("epoch {} done in {} s: train losses {} weights {} val {} test {} score {} best epoch {}", e.epoch(),
                String.format("%.1f", e.seconds()), fmt(e.trainLosses()), e.meanWeights() == null ? "-" : fmt(e.meanWeights()),
                e.validation(), e.test(), String.format("%.3f", e.selectionScore()), e.bestEpoch());
    }

    private static String fmt(double[] a) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < a.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format("%.4f", a[i]));
        }
        return a.length == 0 ? Arrays.toString(a) : sb.append(']').toString();
    }
}
