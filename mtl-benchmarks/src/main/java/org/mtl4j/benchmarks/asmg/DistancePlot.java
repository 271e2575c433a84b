package org.mtl4j.benchmarks.asmg;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG plot (XChart) of the distance to the Pareto set against the iteration, log-scaled y, one
 * line per method: the median over seeds at each iteration. A run that ended before the last
 * iteration (CMA-ES' own termination) keeps its last mean, so its last distance is carried
 * forward. Distances below {@link #FLOOR} (including exact zeros, common on the shift-ℓ1
 * problem) are drawn at the floor, which the y-axis title states.
 */
final class DistancePlot {

    /** Smallest distance drawn on the log axis. */
    static final double FLOOR = 1e-10;

    private static final Color[] COLORS = {
        new Color(0xD62728), new Color(0x1F77B4), new Color(0x2CA02C), new Color(0x9467BD),
        new Color(0xFF7F0E), new Color(0x8C564B)
    };

    private DistancePlot() {
    }

    /**
     * Writes the plot.
     *
     * @param title      chart title
     * @param iterations number of iterations of the x axis ({@code 0..iterations})
     * @param traces     per method, one distance trace per seed (index = completed iterations)
     * @param file       target PNG
     */
    static void write(String title, int iterations, Map<String, List<double[]>> traces, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(600).title(title).xAxisTitle("iteration")
                .yAxisTitle("distance to Pareto set (median over seeds; < " + FLOOR + " drawn at " + FLOOR + ")")
                .build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisDecimalPattern("#");
        chart.getStyler().setXAxisTickMarkSpacingHint(120);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        double[] x = new double[iterations + 1];
        for (int t = 0; t <= iterations; t++) {
            x[t] = t;
        }
        int colour = 0;
        for (Map.Entry<String, List<double[]>> entry : new LinkedHashMap<>(traces).entrySet()) {
            double[] y = median(entry.getValue(), iterations);
            XYSeries series = chart.addSeries(entry.getKey(), x, y);
            series.setMarker(SeriesMarkers.NONE);
            series.setLineColor(COLORS[colour++ % COLORS.length]);
            series.setLineStyle(new BasicStroke(2f));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    /** Median over seeds per iteration, carrying each trace's last value forward, floored at {@link #FLOOR}. */
    static double[] median(List<double[]> seeds, int iterations) {
        double[] y = new double[iterations + 1];
        double[] column = new double[seeds.size()];
        for (int t = 0; t <= iterations; t++) {
            for (int s = 0; s < seeds.size(); s++) {
                double[] trace = seeds.get(s);
                column[s] = trace[Math.min(t, trace.length - 1)];
            }
            Arrays.sort(column);
            int n = column.length;
            double med = n % 2 == 1 ? column[n / 2] : 0.5 * (column[n / 2 - 1] + column[n / 2]);
            y[t] = Math.max(FLOOR, med);
        }
        return y;
    }
}
