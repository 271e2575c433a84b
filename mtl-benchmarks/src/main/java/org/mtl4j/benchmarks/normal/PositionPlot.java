package org.mtl4j.benchmarks.normal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.mtl4j.models.normal.PositionHistory;

/**
 * PNG (XChart) of the task positions {@code p_i} against the epoch, one colour per task and one
 * line per seed, like thesis Fig. 5.2. Epoch −1 is the initial value.
 */
final class PositionPlot {
    private static final Color[] COLORS = {
        new Color(0x1F77B4), new Color(0xD62728), new Color(0x2CA02C), new Color(0x9467BD),
        new Color(0xFF7F0E), new Color(0x8C564B), new Color(0xE377C2), new Color(0x7F7F7F)
    };
    private static final BasicStroke[] STROKES = {
        new BasicStroke(2f), new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 4f}, 0f),
        new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 3f}, 0f)
    };

    private PositionPlot() {
    }

    /**
     * @param title     chart title
     * @param tasks     task names
     * @param seeds     seed of each history
     * @param histories one position history per seed
     * @param file      target PNG
     */
    static void write(String title, List<String> tasks, List<Long> seeds, List<PositionHistory> histories, Path file)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(600).title(title).xAxisTitle("epoch (-1 = initial)")
                .yAxisTitle("task position p_i").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        for (int s = 0; s < histories.size(); s++) {
            List<PositionHistory.Entry> entries = histories.get(s).epochEntries();
            double[] x = new double[entries.size()];
            double[][] y = new double[tasks.size()][entries.size()];
            for (int e = 0; e < entries.size(); e++) {
                x[e] = entries.get(e).epoch();
                double[] p = entries.get(e).positions();
                for (int t = 0; t < tasks.size(); t++) {
                    y[t][e] = p[t];
                }
            }
            for (int t = 0; t < tasks.size(); t++) {
                XYSeries series = chart.addSeries(tasks.get(t) + " (seed " + seeds.get(s) + ")", x, y[t]);
                series.setMarker(SeriesMarkers.NONE);
                series.setLineColor(COLORS[t % COLORS.length]);
                series.setLineStyle(STROKES[s % STROKES.length]);
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
