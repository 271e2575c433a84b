package org.mtl4j.benchmarks.bilevel;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Line charts (XChart) for the bi-level experiments: one chart per panel, one line per series,
 * optionally with a logarithmic y axis on which values below {@code floor} are drawn at the
 * floor (the axis title says so); several panels are written side by side into one PNG.
 */
final class LinePlots {
    private static final Color[] COLORS = {
        new Color(0x1F77B4), new Color(0xD62728), new Color(0x2CA02C), new Color(0x9467BD),
        new Color(0xFF7F0E), new Color(0x8C564B), new Color(0x17BECF)
    };

    private LinePlots() {
    }

    /** One series: x and y of the same length. */
    record Series(double[] x, double[] y, boolean markers) {
    }

    /**
     * @param title  panel title
     * @param xTitle x axis title
     * @param yTitle y axis title
     * @param logY   logarithmic y axis
     * @param floor  smallest value drawn on a log axis
     * @param series name → series, in drawing order
     * @return the chart
     */
    static XYChart chart(String title, String xTitle, String yTitle, boolean logY, double floor, Map<String, Series> series) {
        String yt = logY ? yTitle + " (values < " + floor + " drawn at " + floor + ")" : yTitle;
        XYChart chart = new XYChartBuilder().width(640).height(460).title(title).xAxisTitle(xTitle).yAxisTitle(yt).build();
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        int colour = 0;
        for (Map.Entry<String, Series> e : new LinkedHashMap<>(series).entrySet()) {
            double[] y = e.getValue().y().clone();
            if (logY) {
                for (int i = 0; i < y.length; i++) {
                    y[i] = Double.isFinite(y[i]) ? Math.max(floor, y[i]) : floor;
                }
            }
            XYSeries s = chart.addSeries(e.getKey(), e.getValue().x(), y);
            s.setMarker(e.getValue().markers() ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            s.setLineColor(COLORS[colour % COLORS.length]);
            s.setMarkerColor(COLORS[colour % COLORS.length]);
            s.setLineStyle(new BasicStroke(2f));
            colour++;
        }
        return chart;
    }

    /** Writes the panels into one PNG: up to three side by side, four as a 2 × 2 grid. */
    static void write(List<XYChart> panels, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        int rows = panels.size() == 4 ? 2 : 1;
        int cols = (panels.size() + rows - 1) / rows;
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(panels, rows, cols, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    /** @return the chart with a logarithmic x axis */
    static XYChart logX(XYChart chart) {
        chart.getStyler().setXAxisLogarithmic(true);
        return chart;
    }
}
