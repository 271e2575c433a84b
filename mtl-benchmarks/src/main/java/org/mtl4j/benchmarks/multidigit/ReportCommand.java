package org.mtl4j.benchmarks.multidigit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.mtl4j.benchmarks.cli.ResultLine;
import org.mtl4j.core.io.AtomicFiles;
import org.mtl4j.core.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mtl4j report --runs DIR}: the comparison table of one {@code train --out DIR} directory.
 * Every {@code DIR/<method>/summary.json} written by {@code train} (the single-task baselines under
 * {@code DIR/stl}) becomes one row: test accuracy per task as mean ± std over the seeds (in %),
 * Δp against the baselines (mean ± std, LibMTL's definition, computed by {@code train}), the seeds,
 * the epochs and the mean minutes per run. Rows are ordered STL first, then by Δp (best first).
 * Writes {@code DIR/report.md}, {@code DIR/report.csv} and the Δp bar chart {@code DIR/report.png}
 * ({@link ReportPlot}) and ends with the {@code RESULT} line.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Table of test accuracy (mean ± std over seeds) and Δp of every method under a train --out directory.")
public final class ReportCommand implements Callable<Integer> {

    @Option(names = "--runs", required = true, description = "A train --out directory (holding <method>/summary.json).")
    Path runs;

    /** One method's figures. */
    record Row(String method, List<String> tasks, Map<String, double[]> accuracy, double[] deltaP, int seeds, int epochs,
               double minutesPerRun) {
    }

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(runs)) {
            throw new IllegalArgumentException("--runs " + runs + " is not a directory");
        }
        List<Row> rows = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(runs)) {
            for (Path d : dirs.sorted().toList()) {
                Path summary = d.resolve("summary.json");
                if (Files.isRegularFile(summary)) {
                    rows.add(read(summary));
                }
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no <method>/summary.json under " + runs + " (run `mtl4j train --out " + runs + "` first)");
        }
        rows.sort(Comparator.comparing((Row r) -> !r.method().equals("stl"))
                .thenComparing(r -> r.deltaP() == null ? Double.NEGATIVE_INFINITY : -r.deltaP()[0]));
        List<String> tasks = rows.get(0).tasks();
        String md = markdown(rows, tasks);
        System.out.print(md);
        Path mdFile = runs.resolve("report.md");
        Path csvFile = runs.resolve("report.csv");
        AtomicFiles.write(mdFile, o -> o.write(md.getBytes(StandardCharsets.UTF_8)));
        String csv = csv(rows, tasks);
        AtomicFiles.write(csvFile, o -> o.write(csv.getBytes(StandardCharsets.UTF_8)));
        List<String> files = new ArrayList<>(List.of(mdFile.toString(), csvFile.toString()));
        Path pngFile = runs.resolve("report.png");
        if (ReportPlot.write(runs.toAbsolutePath().normalize().getFileName().toString(), rows, pngFile)) {
            files.add(pngFile.toString());
        }
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("command", "report");
        res.put("runs", runs.toString());
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", r.method());
            Map<String, Object> acc = new LinkedHashMap<>();
            r.accuracy().forEach((t, v) -> acc.put(t, Map.of("mean", v[0], "std", v[1])));
            m.put("testAccuracy", acc);
            m.put("deltaP", r.deltaP() == null ? null : Map.of("mean", r.deltaP()[0], "std", r.deltaP()[1]));
            m.put("seeds", r.seeds());
            m.put("epochs", r.epochs());
            out.add(m);
        }
        res.put("rows", out);
        res.put("files", files);
        ResultLine.print(System.out, res);
        return 0;
    }

    static Row read(Path summary) {
        JsonNode s;
        try {
            s = Json.mapper().readTree(summary.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + summary + ": " + e.getMessage(), e);
        }
        for (String key : new String[] {"method", "tasks", "testAccuracy", "runs"}) {
            if (!s.has(key)) {
                throw new IllegalArgumentException(summary + " is not a train summary: no '" + key + "'");
            }
        }
        List<String> tasks = new ArrayList<>();
        s.get("tasks").forEach(t -> tasks.add(t.asText()));
        Map<String, double[]> acc = new LinkedHashMap<>();
        int seeds = Integer.MAX_VALUE;
        for (String t : tasks) {
            JsonNode a = s.get("testAccuracy").get(t);
            if (a == null) {
                continue;
            }
            acc.put(t, new double[] {a.get("mean").asDouble(), a.get("std").asDouble()});
            seeds = Math.min(seeds, a.has("values") ? a.get("values").size() : 1);
        }
        JsonNode dp = s.get("deltaP");
        double[] deltaP = dp == null || dp.isNull() ? null : new double[] {dp.get("mean").asDouble(), dp.get("std").asDouble()};
        double seconds = 0;
        int n = 0;
        for (JsonNode r : s.get("runs")) {
            if (r.has("seconds")) {
                seconds += r.get("seconds").asDouble();
                n++;
            }
        }
        int epochs = s.has("protocol") && s.get("protocol").has("epochs") ? s.get("protocol").get("epochs").asInt() : 0;
        String method = s.get("method").asText();
        if (s.has("stl") && s.get("stl").asBoolean() || summary.getParent().getFileName().toString().equals("stl")) {
            method = "stl";
        }
        return new Row(method, tasks, acc, deltaP, seeds == Integer.MAX_VALUE ? 0 : seeds, epochs, n == 0 ? Double.NaN : seconds / n / 60);
    }

    static String markdown(List<Row> rows, List<String> tasks) {
        StringBuilder sb = new StringBuilder("| method |");
        for (String t : tasks) {
            sb.append(' ').append(t).append(" test acc (%) |");
        }
        sb.append(" Δp (%) | seeds | epochs | min/run |\n|---|");
        sb.append("---|".repeat(tasks.size() + 4)).append('\n');
        for (Row r : rows) {
            sb.append("| ").append(r.method()).append(" |");
            for (String t : tasks) {
                double[] a = r.accuracy().get(t);
                sb.append(' ').append(a == null ? "–" : String.format(Locale.ROOT, "%.2f ± %.2f", 100 * a[0], 100 * a[1])).append(" |");
            }
            String dp = r.method().equals("stl") ? "0 (baseline)"
                    : r.deltaP() == null ? "–" : String.format(Locale.ROOT, "%+.2f ± %.2f", r.deltaP()[0], r.deltaP()[1]);
            sb.append(' ').append(dp).append(" | ").append(r.seeds()).append(" | ").append(r.epochs()).append(" | ")
                    .append(Double.isNaN(r.minutesPerRun()) ? "–" : String.format(Locale.ROOT, "%.1f", r.minutesPerRun())).append(" |\n");
        }
        return sb.toString();
    }

    static String csv(List<Row> rows, List<String> tasks) {
        StringBuilder sb = new StringBuilder("method");
        for (String t : tasks) {
            sb.append(',').append(t).append("_mean,").append(t).append("_std");
        }
        sb.append(",deltaP_mean,deltaP_std,seeds,epochs,minutes_per_run\n");
        for (Row r : rows) {
            sb.append(r.method());
            for (String t : tasks) {
                double[] a = r.accuracy().get(t);
                sb.append(',').append(a == null ? "" : a[0]).append(',').append(a == null ? "" : a[1]);
            }
            sb.append(',').append(r.deltaP() == null ? "" : r.deltaP()[0]).append(',').append(r.deltaP() == null ? "" : r.deltaP()[1])
                    .append(',').append(r.seeds()).append(',').append(r.epochs()).append(',').append(r.minutesPerRun()).append('\n');
        }
        return sb.toString();
    }
}
