package org.mtl4j.benchmarks.bilevel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.knowm.xchart.XYChart;
import org.mtl4j.benchmarks.cli.ResultLine;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mtl4j bench bilevel}: cost of one upper-level iteration of MOML and FORUM (the library
 * strategies, run by the trainer as {@code train --weighting moml|forum} would) in the style of
 * thesis Fig. 3.1: wall time per iteration and peak memory against the number of inner steps T
 * and against the number of lower-level parameters. Every case runs in its own JVM
 * ({@link BenchBilevelCase}); memory is the peak resident set above the level before the first
 * iteration (JVM heap and ND4J's native buffers together) and, separately, the peak used heap. Model: encoder 784-H-H (ReLU) and m linear heads H-10, softmax
 * cross-entropy, float32, random inputs and labels; the size sweep varies H.
 * Expected shape: MOML's memory grows linearly in T (it keeps the T iterates), FORUM's is flat.
 *
 * <pre>
 * mtl4j bench bilevel                                        (T ∈ {1,…,64} at H = 256; H ∈ {64,…,1024} at T = 8)
 * mtl4j bench bilevel --inner-steps 1,4,16 --widths 128,512 --measure 2
 * </pre>
 */
@Command(name = "bilevel", mixinStandardHelpOptions = true,
        description = "MOML vs FORUM: time per upper-level iteration and peak memory (heap + off-heap) vs T and vs "
                + "the number of lower-level parameters (CSV + PNG).")
public final class BenchBilevelCommand implements Callable<Integer> {
    @Option(names = "--methods", split = ",", defaultValue = "moml,forum", description = "Default: ${DEFAULT-VALUE}.")
    List<String> methods;

    @Option(names = "--inner-steps", split = ",", defaultValue = "1,2,4,8,16,32,64",
            description = "T values of the T sweep. Default: ${DEFAULT-VALUE}.")
    List<Integer> innerSteps;

    @Option(names = "--width", defaultValue = "256", description = "Hidden width H of the T sweep. Default: ${DEFAULT-VALUE}.")
    int width;

    @Option(names = "--widths", split = ",", defaultValue = "64,128,256,512,1024",
            description = "Hidden widths H of the size sweep. Default: ${DEFAULT-VALUE}.")
    List<Integer> widths;

    @Option(names = "--size-inner-steps", defaultValue = "8", description = "T of the size sweep. Default: ${DEFAULT-VALUE}.")
    int sizeInnerSteps;

    @Option(names = "--tasks", defaultValue = "2", description = "Number of tasks m. Default: ${DEFAULT-VALUE}.")
    int tasks;

    @Option(names = "--batch", defaultValue = "32", description = "Batch size (lower and upper). Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--warmup", defaultValue = "1", description = "Unmeasured iterations per case. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--measure", defaultValue = "3", description = "Measured iterations per case. Default: ${DEFAULT-VALUE}.")
    int measure;

    @Option(names = "--out", defaultValue = "runs/bench-bilevel", description = "Output directory. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--replot", description = "Only redraw the PNG from an existing bench-bilevel.csv (no measurements).")
    Path replot;

    @Option(names = "--heap", defaultValue = "2g", description = "-Xmx of each case's JVM. Default: ${DEFAULT-VALUE}.")
    String heap;

    @Option(names = "--gc-window", defaultValue = "0",
            description = "ND4J periodic GC window in ms in each case (0 = off; > 0 frees dead native buffers promptly, "
                    + "so memory approaches the live set). Default: ${DEFAULT-VALUE}.")
    int gcWindow;

    /** One measured case. */
    record Row(String method, String sweep, int innerSteps, int width, long params, double medianMs, double minMs,
               double peakHeapMb, double peakRssIncreaseMb) {
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (warmup < 0 || measure < 1 || batch < 1 || tasks < 1) {
            throw new IllegalArgumentException("--warmup >= 0, --measure >= 1, --batch >= 1 and --tasks >= 1 are needed, found "
                    + warmup + ", " + measure + ", " + batch + ", " + tasks);
        }
        for (int t : innerSteps) {
            if (t < 1) {
                throw new IllegalArgumentException("--inner-steps entries must be >= 1, found " + t);
            }
        }
        Files.createDirectories(out);
        if (replot != null) {
            List<Row> rows = readCsv(replot);
            Path png = out.resolve("bench-bilevel.png");
            LinePlots.write(panels(rows), png);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("benchmark", "bench bilevel (replot)");
            result.put("rows", rows);
            result.put("files", List.of(png.toString()));
            ResultLine.print(System.out, result);
            return 0;
        }
        List<Row> rows = new ArrayList<>();
        System.out.printf(Locale.ROOT, "%-6s %-5s %4s %6s %10s %10s %10s %10s %14s%n", "method", "sweep", "T", "H", "params",
                "median ms", "min ms", "heap MB", "RSS+ MB");
        for (String name : methods) {
            BilevelMethod method = BilevelMethod.fromCliName(name);
            for (int t : innerSteps) {
                rows.add(measure(method, "T", t, width));
            }
            for (int h : widths) {
                rows.add(measure(method, "size", sizeInnerSteps, h));
            }
        }
        Path csv = out.resolve("bench-bilevel.csv");
        StringBuilder sb = new StringBuilder("method,sweep,inner_steps,width,params,median_ms,min_ms,peak_heap_mb,peak_rss_increase_mb\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%d,%.3f,%.3f,%.3f,%.3f%n", r.method(), r.sweep(), r.innerSteps(),
                    r.width(), r.params(), r.medianMs(), r.minMs(), r.peakHeapMb(), r.peakRssIncreaseMb()));
        }
        Files.writeString(csv, sb.toString());
        Path png = out.resolve("bench-bilevel.png");
        LinePlots.write(panels(rows), png);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "bench bilevel (time and peak memory per upper-level iteration)");
        result.put("model", "encoder 784-H-H ReLU + " + tasks + " linear heads H-10, float32, batch " + batch);
        result.put("memory", "peakRssIncreaseMb = peak resident set (VmHWM) minus the resident set before the first "
                + "iteration, one JVM per case (heap + ND4J off-heap); peakHeapMb = peak used JVM heap");
        result.put("gcWindowMs", gcWindow);
        result.put("ompNumThreads", System.getenv("OMP_NUM_THREADS"));
        result.put("rows", rows);
        result.put("files", List.of(csv.toString(), png.toString()));
        ResultLine.print(System.out, result);
        return 0;
    }

    private static List<Row> readCsv(Path csv) throws IOException {
        List<Row> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (f.length != 9) {
                throw new IllegalArgumentException(csv + ": expected 9 columns, found '" + line + "'");
            }
            rows.add(new Row(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), Long.parseLong(f[4]), Double.parseDouble(f[5]),
                    Double.parseDouble(f[6]), Double.parseDouble(f[7]), Double.parseDouble(f[8])));
        }
        return rows;
    }

    /** Runs one case in a fresh JVM ({@link BenchBilevelCase}) and parses its result line. */
    private Row measure(BilevelMethod method, String sweep, int t, int h) throws IOException, InterruptedException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(javaBin, "-Xmx" + heap, "-cp", System.getProperty("java.class.path"),
                BenchBilevelCase.class.getName(), method.cliName(), String.valueOf(t), String.valueOf(h), String.valueOf(tasks),
                String.valueOf(batch), String.valueOf(warmup), String.valueOf(measure), String.valueOf(gcWindow));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int code = p.waitFor();
        String line = output.lines().filter(l -> l.startsWith("RESULT ")).reduce((a, b) -> b).orElse(null);
        if (code != 0 || line == null) {
            throw new IllegalStateException("benchmark case " + method.cliName() + " T=" + t + " H=" + h + " failed (exit " + code
                    + "):\n" + output);
        }
        var json = org.mtl4j.core.io.Json.mapper().readTree(line.substring("RESULT ".length()));
        Row r = new Row(method.cliName(), sweep, t, h, json.get("params").asLong(), json.get("medianMs").asDouble(),
                json.get("minMs").asDouble(), json.get("peakHeapMb").asDouble(), json.get("peakRssIncreaseMb").asDouble());
        System.out.printf(Locale.ROOT, "%-6s %-5s %4d %6d %10d %10.1f %10.1f %10.1f %14.1f%n", r.method(), r.sweep(), t, h,
                r.params(), r.medianMs(), r.minMs(), r.peakHeapMb(), r.peakRssIncreaseMb());
        return r;
    }

    private List<XYChart> panels(List<Row> rows) {
        Map<String, LinePlots.Series> timeT = new LinkedHashMap<>();
        Map<String, LinePlots.Series> memT = new LinkedHashMap<>();
        Map<String, LinePlots.Series> timeP = new LinkedHashMap<>();
        Map<String, LinePlots.Series> memP = new LinkedHashMap<>();
        for (String name : methods) {
            String mname = BilevelMethod.fromCliName(name).cliName();
            List<Row> tr = rows.stream().filter(r -> r.method().equals(mname) && r.sweep().equals("T")).toList();
            List<Row> sr = rows.stream().filter(r -> r.method().equals(mname) && r.sweep().equals("size")).toList();
            timeT.put(mname.toUpperCase(Locale.ROOT), series(tr, true, false));
            memT.put(mname.toUpperCase(Locale.ROOT) + " RSS increase", series(tr, true, true));
            memT.put(mname.toUpperCase(Locale.ROOT) + " heap", seriesHeap(tr, true));
            timeP.put(mname.toUpperCase(Locale.ROOT), series(sr, false, false));
            memP.put(mname.toUpperCase(Locale.ROOT) + " RSS increase", series(sr, false, true));
            memP.put(mname.toUpperCase(Locale.ROOT) + " heap", seriesHeap(sr, false));
        }
        return List.of(
                LinePlots.logX(LinePlots.chart("time per iteration vs T (H = " + width + ")", "inner steps T", "ms (median)", true,
                        1e-3, timeT)),
                LinePlots.logX(LinePlots.chart("peak memory vs T (H = " + width + ")", "inner steps T", "MB", false, 0, memT)),
                LinePlots.logX(LinePlots.chart("time per iteration vs size (T = " + sizeInnerSteps + ")", "lower-level parameters",
                        "ms (median)", true, 1e-3, timeP)),
                LinePlots.logX(LinePlots.chart("peak memory vs size (T = " + sizeInnerSteps + ")", "lower-level parameters", "MB",
                        false, 0, memP)));
    }

    private static LinePlots.Series series(List<Row> rows, boolean byT, boolean memory) {
        double[] x = new double[rows.size()];
        double[] y = new double[rows.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = byT ? rows.get(i).innerSteps() : rows.get(i).params();
            y[i] = memory ? rows.get(i).peakRssIncreaseMb() : rows.get(i).medianMs();
        }
        return new LinePlots.Series(x, y, true);
    }

    private static LinePlots.Series seriesHeap(List<Row> rows, boolean byT) {
        double[] x = new double[rows.size()];
        double[] y = new double[rows.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = byT ? rows.get(i).innerSteps() : rows.get(i).params();
            y[i] = rows.get(i).peakHeapMb();
        }
        return new LinePlots.Series(x, y, true);
    }

    /** Stand-alone entry point (the {@code mtl4j} CLI registers this class under {@code bench}). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchBilevelCommand()).execute(args));
    }
}
