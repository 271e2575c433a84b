package org.mtl4j.benchmarks.cli;

import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.mtl4j.core.listener.EpochEvent;
import org.mtl4j.core.listener.RunEndEvent;
import org.mtl4j.core.listener.RunStartEvent;
import org.mtl4j.core.listener.StepEvent;
import org.mtl4j.core.listener.TrainingControl;
import org.mtl4j.core.listener.TrainingListener;

/** A terminal progress bar over all steps of a run, showing losses and weights (on standard error). */
public final class ProgressBarListener implements TrainingListener {
    private final String name;
    private ProgressBar bar;

    /** @param name task name shown in front of the bar */
    public ProgressBarListener(String name) {
        this.name = name;
    }

    @Override
    public void onRunStart(RunStartEvent e, TrainingControl control) {
        bar = new ProgressBarBuilder().setTaskName(name).setInitialMax((long) e.epochs() * e.stepsPerEpoch())
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(250).continuousUpdate().build();
        bar.stepTo((long) e.startEpoch() * e.stepsPerEpoch());
    }

    @Override
    public void onStep(StepEvent e, TrainingControl control) {
        if (bar == null) {
            return;
        }
        bar.step();
        StringBuilder sb = new StringBuilder("ep ").append(e.epoch()).append(" L=");
        for (int i = 0; i < e.losses().length; i++) {
            sb.append(i == 0 ? "" : "/").append(String.format(Locale.ROOT, "%.3f", e.losses()[i]));
        }
        if (e.weights() != null) {
            sb.append(" w=");
            for (int i = 0; i < e.weights().length; i++) {
                sb.append(i == 0 ? "" : "/").append(String.format(Locale.ROOT, "%.2f", e.weights()[i]));
            }
        }
        bar.setExtraMessage(sb.toString());
    }

    @Override
    public void onEpoch(EpochEvent e, TrainingControl control) {
        // the bar shows steps; epoch summaries go to the log
    }

    @Override
    public void onRunEnd(RunEndEvent e) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
