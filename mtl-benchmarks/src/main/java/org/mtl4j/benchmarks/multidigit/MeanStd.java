package org.mtl4j.benchmarks.multidigit;

import java.util.Arrays;

/**
 * Mean and sample standard deviation of the values of one metric over seeds.
 *
 * <pre>
 *   mean = (1/n) Σ v_k,    std = sqrt( Σ (v_k − mean)² / (n − 1) )   (0 when n = 1)
 * </pre>
 *
 * @param mean   the mean (NaN if a value is NaN)
 * @param std    the sample standard deviation
 * @param values the values, in seed order (copied)
 */
public record MeanStd(double mean, double std, double[] values) {
    /** Copies. */
    public MeanStd {
        values = values.clone();
    }

    /**
     * @param values at least one value
     * @return their mean and sample standard deviation
     */
    public static MeanStd of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("values must hold at least one value, found none");
        }
        double mean = Arrays.stream(values).sum() / values.length;
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double std = values.length == 1 ? 0 : Math.sqrt(ss / (values.length - 1));
        return new MeanStd(mean, std, values);
    }

    /** @return the number of values */
    public int n() {
        return values.length;
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MeanStd m && Double.compare(mean, m.mean) == 0 && Double.compare(std, m.std) == 0
                && Arrays.equals(values, m.values);
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(mean) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%.4f ± %.4f (n=%d)", mean, std, values.length);
    }
}
