package org.mtl4j.benchmarks.blackbox;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG plot (XChart) of a test metric (averaged over the tasks) against the number of queries,
 * one line per method: the mean over seeds at each checkpoint. Traces of one method share
 * their checkpoints; a shorter trace (CMA-ES stopping itself) carries its last value forward.
 */
final class QueryCurvePlot {

    private static final Color[] COLORS = {
        new Color(0x7F7F7F), new Color(0x2CA02C), new Color(0x9467BD), new Color(0x1F77B4), new Color(0xD62728)
    };

    private QueryCurvePlot() {
    }

    /**
     * @param title  chart title
     * @param yTitle y-axis title
     * @param traces per method, per seed: {@code [queries[], values[]]}
     * @param file   target PNG
     */
    static void write(String title, String yTitle, Map<String, List<double[][]>> traces, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(600).title(title).xAxisTitle("queries (evaluations)")
                .yAxisTitle(yTitle).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisDecimalPattern("#");
        double maxQueries = 1;
        for (List<double[][]> seeds : traces.values()) {
            for (double[][] t : seeds) {
                maxQueries = Math.max(maxQueries, t[0][t[0].length - 1]);
            }
        }
        int colour = 0;
        for (Map.Entry<String, List<double[][]>> entry : traces.entrySet()) {
            List<double[][]> seeds = entry.getValue();
            int length = 0;
            double[][] longest = seeds.get(0);
            for (double[][] t : seeds) {
                if (t[0].length > length) {
                    length = t[0].length;
                    longest = t;
                }
            }
            double[] x;
            double[] y;
            if (length == 1) {
                x = new double[] {0, maxQueries};
                double v = mean(seeds, 0);
                y = new double[] {v, v};
            } else {
                x = longest[0].clone();
                y = new double[length];
                for (int k = 0; k < length; k++) {
                    y[k] = mean(seeds, k);
                }
            }
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

    private static double mean(List<double[][]> seeds, int k) {
        double sum = 0;
        for (double[][] t : seeds) {
            double[] v = t[1];
            sum += v[Math.min(k, v.length - 1)];
        }
        return sum / seeds.size();
    }
}
