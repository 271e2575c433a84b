package org.mtl4j.benchmarks.multidigit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReportCommandTest {

    private static void summary(Path dir, String method, double[] tl, double[] br, double[] dp) throws Exception {
        Files.createDirectories(dir.resolve(method));
        StringBuilder s = new StringBuilder("{\"format\":\"mtl4j-summary/1\",\"method\":\"" + method + "\",\"tasks\":[\"top-left\",\"bottom-right\"],"
                + "\"protocol\":{\"epochs\":5},\"testAccuracy\":{");
        s.append("\"top-left\":").append(stats(tl)).append(",\"bottom-right\":").append(stats(br)).append("}");
        if (dp != null) {
            s.append(",\"deltaP\":").append(stats(dp));
        }
        s.append(",\"runs\":[{\"seconds\":60},{\"seconds\":180}]}");
        Files.writeString(dir.resolve(method).resolve("summary.json"), s.toString());
    }

    /** mean and sample standard deviation, computed here independently of the command */
    private static String stats(double[] v) {
        double mean = 0;
        for (double x : v) {
            mean += x / v.length;
        }
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        double std = v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0;
        StringBuilder sb = new StringBuilder("{\"mean\":" + mean + ",\"std\":" + std + ",\"values\":[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ",").append(v[i]);
        }
        return sb.append("]}").toString();
    }

    @Test
    void tableListsBaselinesFirstThenMethodsByDeltaP(@TempDir Path dir) throws Exception {
        summary(dir, "stl", new double[] {0.80, 0.82, 0.84}, new double[] {0.70, 0.70, 0.70}, null);
        summary(dir, "ew", new double[] {0.79, 0.81, 0.83}, new double[] {0.69, 0.70, 0.71}, new double[] {-1, -2, -3});
        summary(dir, "mgda", new double[] {0.81, 0.82, 0.83}, new double[] {0.71, 0.70, 0.69}, new double[] {1, 0.5, 0});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = new CommandLine(new ReportCommand()).execute("--runs", dir.toString());
        } finally {
            System.setOut(old);
        }
        assertEquals(0, code);
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertTrue(lines[2].startsWith("| stl | 82.00 ± 2.00 | 70.00 ± 0.00 | 0 (baseline) | 3 | 5 | 2.0 |"), lines[2]);
        assertTrue(lines[3].startsWith("| mgda | 82.00 ± 1.00 | 70.00 ± 1.00 | +0.50 ± 0.50 |"), lines[3]);
        assertTrue(lines[4].startsWith("| ew | 81.00 ± 2.00 | 70.00 ± 1.00 | -2.00 ± 1.00 |"), lines[4]);
        assertTrue(lines[lines.length - 1].startsWith("RESULT {"), lines[lines.length - 1]);
        assertTrue(Files.readString(dir.resolve("report.csv")).startsWith("method,top-left_mean,top-left_std,bottom-right_mean"));
        assertTrue(Files.readString(dir.resolve("report.md")).contains("| mgda |"));
        // the Δp chart: one green bar (mgda, Δp > 0) and one red bar (ew, Δp < 0)
        int[] colours = barPixels(dir.resolve("report.png"));
        assertTrue(colours[0] > 500 && colours[1] > 500, "green and red bar pixels: " + colours[0] + ", " + colours[1]);
        assertTrue(lines[lines.length - 1].contains("report.png"), lines[lines.length - 1]);

        // all methods worse than the baselines: red bars only
        summary(dir, "mgda", new double[] {0.81, 0.82, 0.83}, new double[] {0.71, 0.70, 0.69}, new double[] {-1, -0.5, 0});
        ReportCommand c = new ReportCommand();
        c.runs = dir;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            c.call();
        } finally {
            System.setOut(old);
        }
        colours = barPixels(dir.resolve("report.png"));
        assertEquals(0, colours[0], "no green bar when no method beats the baselines");
        assertTrue(colours[1] > 1000, "two red bars: " + colours[1]);
    }

    /** @return the numbers of pixels in the "better" and "worse" bar colours */
    private static int[] barPixels(Path png) throws Exception {
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
        assertEquals(ReportPlot.WIDTH, img.getWidth());
        assertEquals(ReportPlot.HEIGHT, img.getHeight());
        int[] n = new int[2];
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                if (rgb == (ReportPlot.BETTER.getRGB() & 0xFFFFFF)) {
                    n[0]++;
                } else if (rgb == (ReportPlot.WORSE.getRGB() & 0xFFFFFF)) {
                    n[1]++;
                }
            }
        }
        return n;
    }

    @Test
    void missingOrForeignSummariesAreNamed(@TempDir Path dir) throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            ReportCommand c = new ReportCommand();
            c.runs = dir;
            c.call();
        });
        assertTrue(e.getMessage().contains("no <method>/summary.json"), e.getMessage());
        Files.createDirectories(dir.resolve("x"));
        Files.writeString(dir.resolve("x").resolve("summary.json"), "{\"method\":\"x\"}");
        e = assertThrows(IllegalArgumentException.class, () -> {
            ReportCommand c = new ReportCommand();
            c.runs = dir;
            c.call();
        });
        assertTrue(e.getMessage().contains("not a train summary") && e.getMessage().contains("'tasks'"), e.getMessage());
    }
}
