package org.mtl4j.core.train;

/** The stateful side of an {@link LrSchedule}: current rate, best score, epochs without improvement. */
final class LrScheduler {
    private final LrSchedule schedule;
    private final double base;
    private double current;
    private double best = Double.NEGATIVE_INFINITY;
    private int bad;

    LrScheduler(LrSchedule schedule, double base) {
        this.schedule = schedule;
        this.base = base;
        this.current = base;
    }

    double rate() {
        return current;
    }

    /** Called at the end of epoch {@code epoch} with its validation score (NaN if none). */
    void endEpoch(int epoch, double score) {
        if (schedule instanceof LrSchedule.StepDecay s) {
            current = base * Math.pow(s.gamma(), (epoch + 1) / s.stepEpochs());
        } else if (schedule instanceof LrSchedule.Plateau pl) {
            if (Double.isNaN(score)) {
                return;
            }
            if (score > best + pl.threshold()) {
                best = score;
                bad = 0;
            } else if (++bad > pl.patience()) {
                current = Math.max(pl.minLr(), current * pl.factor());
                bad = 0;
            }
        }
    }

    double[] state() {
        return new double[] {current, best, bad};
    }

    void load(double[] s) {
        current = s[0];
        best = s[1];
        bad = (int) s[2];
    }
}
