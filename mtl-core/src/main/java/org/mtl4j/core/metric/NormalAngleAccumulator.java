package org.mtl4j.core.metric;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Accumulates one statistic of per-pixel normal angle errors over a set. */
final class NormalAngleAccumulator implements MetricAccumulator {
    private final String what;
    private final AngleStatistic statistic;
    private final double threshold;
    private final Pooling pooling;
    private double sum;
    private double count;
    private float[] angles = new float[0];
    private int size;

    NormalAngleAccumulator(String what, AngleStatistic statistic, double threshold, Pooling pooling) {
        this.what = what;
        this.statistic = statistic;
        this.threshold = threshold;
        this.pooling = pooling;
    }

    @Override
    public void update(INDArray output, INDArray labels, INDArray mask) {
        NormalAngles batch = NormalAngles.of(output, labels, mask, what);
        double valid = batch.valid().sumNumber().doubleValue();
        if (valid == 0) {
            return;
        }
        if (statistic == AngleStatistic.MEDIAN) {
            float[] degrees = batch.validDegrees();
            if (pooling == Pooling.SET) {
                append(degrees);
            } else {
                sum += median(degrees, degrees.length);
                count += 1;
            }
            return;
        }
        double batchSum = statistic == AngleStatistic.MEAN
                ? batch.degrees().mul(batch.valid()).sumNumber().doubleValue()
                : batch.degrees().lt(threshold).castTo(batch.valid().dataType()).muli(batch.valid()).sumNumber().doubleValue();
        if (pooling == Pooling.SET) {
            sum += batchSum;
            count += valid;
        } else {
            sum += batchSum / valid;
            count += 1;
        }
    }

    private void append(float[] degrees) {
        if (size + degrees.length > angles.length) {
            angles = Arrays.copyOf(angles, Math.max(size + degrees.length, 2 * angles.length));
        }
        System.arraycopy(degrees, 0, angles, size, degrees.length);
        size += degrees.length;
    }

    /** Median as numpy computes it: the middle value, or the mean of the two middle values. Sorts the prefix. */
    static double median(float[] values, int n) {
        Arrays.sort(values, 0, n);
        return n % 2 == 1 ? values[n / 2] : 0.5 * ((double) values[n / 2 - 1] + values[n / 2]);
    }

    @Override
    public double value() {
        if (statistic == AngleStatistic.MEDIAN && pooling == Pooling.SET) {
            if (size == 0) {
                throw new IllegalStateException(what + ": no valid pixel accumulated yet");
            }
            return median(angles, size);
        }
        if (count == 0) {
            throw new IllegalStateException(what + ": no valid pixel accumulated yet");
        }
        return sum / count;
    }
}
