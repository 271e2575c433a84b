package org.mtl4j.benchmarks.multidigit;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.mtl4j.core.listener.EpochEvent;

/**
 * PNG plots (XChart) of one run from its {@link RunHistory}:
 * <ul>
 *   <li>{@code accuracy.png}: validation (dashed) and test (solid) accuracy per task and epoch;</li>
 *   <li>{@code loss.png}: training loss (mean over the epoch's steps, solid) and validation loss
 *       (dashed) per task and epoch;</li>
 *   <li>{@code weights.png}: every step's task weights against the (fractional) epoch, thinned
 *       to at most {@value #MAX_POINTS} points per task by taking every k-th step; written only
 *       for runs with at least two tasks whose strategy reports weights;</li>
 *   <li>{@code conflict.png}: every step's minimum cosine between task gradients (steps whose
 *       Gram matrix was formed: all of them under {@code train --conflict-stats}), thinned the same
 *       way, with the zero line below which two tasks conflict.</li>
 * </ul>
 * Epochs are numbered from 1 on the x axes (epoch e ends at x = e).
 */
public final class RunPlots {
    /** Upper bound on plotted points per weight series. */
    static final int MAX_POINTS = 2000;

    private static final Color[] COLORS = {
        new Color(0x1F77B4), new Color(0xD62728), new Color(0x2CA02C), new Color(0x9467BD),
        new Color(0xFF7F0E), new Color(0x8C564B), new Color(0xE377C2), new Color(0x7F7F7F)
    };
    private static final BasicStroke SOLID = new BasicStroke(2f);
    private static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f);

    private RunPlots() {
    }

    /**
     * Writes the plots of one run into {@code dir}.
     *
     * @param title   title prefix (benchmark, method, seed)
     * @param history the run's history
     * @param dir     target directory
     * @return the files written
     * @throws IOException if a file cannot be written
     */
    public static List<Path> write(String title, RunHistory history, Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        List<EpochEvent> epochs = history.epochs();
        List<String> tasks = history.tasks();
        if (epochs.isEmpty()) {
            return files;
        }
        Files.createDirectories(dir);
        double[] x = new double[epochs.size()];
        for (int e = 0; e < x.length; e++) {
            x[e] = epochs.get(e).epoch() + 1;
        }

        XYChart acc = chart(title + ": accuracy", "epoch", "accuracy (solid: test, dashed: validation)");
        for (int i = 0; i < tasks.size(); i++) {
            String t = tasks.get(i);
            add(acc, "test " + t, x, metric(epochs, t, "accuracy", false), COLORS[i % COLORS.length], SOLID);
            add(acc, "val " + t, x, metric(epochs, t, "accuracy", true), COLORS[i % COLORS.length], DASHED);
        }
        files.add(save(acc, dir.resolve("accuracy.png")));

        XYChart loss = chart(title + ": loss", "epoch", "cross-entropy (solid: train, dashed: validation)");
        for (int i = 0; i < tasks.size(); i++) {
            String t = tasks.get(i);
            double[] train = new double[epochs.size()];
            for (int e = 0; e < train.length; e++) {
                train[e] = epochs.get(e).trainLosses()[i];
            }
            add(loss, "train " + t, x, train, COLORS[i % COLORS.length], SOLID);
            add(loss, "val " + t, x, metric(epochs, t, "loss", true), COLORS[i % COLORS.length], DASHED);
        }
        files.add(save(loss, dir.resolve("loss.png")));

        List<double[]> w = history.stepWeights();
        if (tasks.size() >= 2 && !w.isEmpty()) {
            double[] times = history.stepTimes();
            int stride = stride(w.size());
            XYChart weights = stepChart(title + ": task weights", "task weight", stride);
            for (int i = 0; i < tasks.size(); i++) {
                double[] values = new double[w.size()];
                for (int k = 0; k < values.length; k++) {
                    values[k] = w.get(k)[i];
                }
                add(weights, tasks.get(i), every(times, stride), every(values, stride), COLORS[i % COLORS.length], new BasicStroke(1f));
            }
            files.add(save(weights, dir.resolve("weights.png")));
        }
        double[] cos = history.stepMinCosines();
        if (tasks.size() >= 2 && cos.length > 0) {
            int stride = stride(cos.length);
            XYChart conflict = stepChart(title + ": gradient conflict", "min cosine between task gradients", stride);
            double[] t = every(history.stepMinCosineTimes(), stride);
            add(conflict, "min_{i<j} cos(g_i, g_j)", t, every(cos, stride), COLORS[0], new BasicStroke(1f));
            add(conflict, "0 (conflict below)", new double[] {0.0, t[t.length - 1]}, new double[] {0.0, 0.0}, Color.GRAY, DASHED);
            files.add(save(conflict, dir.resolve("conflict.png")));
        }
        return files;
    }

    /** @return k such that every k-th step gives at most {@value #MAX_POINTS} points */
    private static int stride(int n) {
        return Math.max(1, (n + MAX_POINTS - 1) / MAX_POINTS);
    }

    private static double[] every(double[] v, int stride) {
        double[] out = new double[(v.length + stride - 1) / stride];
        for (int k = 0; k < out.length; k++) {
            out[k] = v[k * stride];
        }
        return out;
    }

    /** A chart over fractional epochs, ticking from 0 with short labels (not from the first step's 1/steps). */
    private static XYChart stepChart(String title, String what, int stride) {
        XYChart c = chart(title, "epoch", stride == 1 ? what + " (every step)" : what + " (every " + stride + "th step)");
        c.getStyler().setXAxisMin(0.0);
        c.getStyler().setXAxisDecimalPattern("0.##");
        return c;
    }

    private static double[] metric(List<EpochEvent> epochs, String task, String metric, boolean validation) {
        double[] y = new double[epochs.size()];
        for (int e = 0; e < y.length; e++) {
            Map<String, Map<String, Double>> values = validation ? epochs.get(e).validation() : epochs.get(e).test();
            Map<String, Double> m = values.get(task);
            Double v = m == null ? null : m.get(metric);
            y[e] = v == null ? Double.NaN : v;
        }
        return y;
    }

    private static XYChart chart(String title, String xTitle, String yTitle) {
        XYChart c = new XYChartBuilder().width(900).height(560).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotBackgroundColor(Color.WHITE);
        return c;
    }

    private static void add(XYChart chart, String name, double[] x, double[] y, Color color, BasicStroke stroke) {
        boolean any = false;
        for (double v : y) {
            any |= Double.isFinite(v);
        }
        if (!any) {
            return;
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(x.length <= 30 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setMarkerColor(color);
        s.setLineStyle(stroke);
    }

    private static Path save(XYChart chart, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
        return file;
    }
}
