package org.mtl4j.benchmarks.multidigit;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.mtl4j.core.io.AtomicFiles;

/**
 * {@code report.png} of {@code mtl4j report}: one bar per method with its Δp against the
 * single-task baselines (LibMTL's definition, mean over seeds) and ± one standard deviation as an
 * error bar, in the table's order (best first); green bars beat the baselines (Δp &gt; 0), red
 * bars do not. Methods without Δp (the baselines themselves) are left out.
 */
final class ReportPlot {
    /** Colour of bars with Δp &gt; 0. */
    static final Color BETTER = new Color(0x2CA02C);
    /** Colour of bars with Δp ≤ 0. */
    static final Color WORSE = new Color(0xD62728);
    static final int WIDTH = 1000;
    static final int HEIGHT = 560;

    private ReportPlot() {
    }

    /**
     * Writes the chart atomically.
     *
     * @param title chart title (the runs directory)
     * @param rows  the table's rows, in its order
     * @param file  target PNG
     * @return false when no row has a Δp (nothing written)
     * @throws IOException if the file cannot be written
     */
    static boolean write(String title, List<ReportCommand.Row> rows, Path file) throws IOException {
        List<String> methods = new ArrayList<>();
        List<Double> better = new ArrayList<>();
        List<Double> worse = new ArrayList<>();
        List<Double> betterErr = new ArrayList<>();
        List<Double> worseErr = new ArrayList<>();
        for (ReportCommand.Row r : rows) {
            if (r.deltaP() == null || r.method().equals("stl")) {
                continue;
            }
            methods.add(r.method());
            boolean up = r.deltaP()[0] > 0;
            better.add(up ? r.deltaP()[0] : 0.0);
            betterErr.add(up ? r.deltaP()[1] : 0.0);
            worse.add(up ? 0.0 : r.deltaP()[0]);
            worseErr.add(up ? 0.0 : r.deltaP()[1]);
        }
        if (methods.isEmpty()) {
            return false;
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title + ": Δp vs single-task baselines")
                .xAxisTitle("method").yAxisTitle("Δp (%), mean ± std over seeds").build();
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setXAxisLabelRotation(60);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendVisible(false);
        CategorySeries up = chart.addSeries("Δp > 0", methods, better, betterErr);
        up.setFillColor(BETTER);
        CategorySeries down = chart.addSeries("Δp ≤ 0", methods, worse, worseErr);
        down.setFillColor(WORSE);
        AtomicFiles.write(file, o -> BitmapEncoder.saveBitmap(chart, o, BitmapEncoder.BitmapFormat.PNG));
        return true;
    }
}
