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
 * {@code mtl4j moblo-toy --method moml|forum}: the synthetic MOBLO problem of thesis A.32
 * ({@link MobloToyProblem}) from the thesis' initial points, in the thesis setup (GD on both
 * levels, μ = 0.3, η = 0.05, T = 50, ρ = 0.3, β_k = (k+1)^{−3/4} per iteration). Prints per
 * start the iterations until the distance to the Pareto set falls below 1e-3 and the final
 * distance, stationarity gap and q(z); writes one CSV per run and one PNG per method with three
 * panels (distance to P, stationarity gap, q(z) against the iteration).
 *
 * <pre>
 * mtl4j moblo-toy --method forum --iterations 300
 * mtl4j moblo-toy --method forum --normalize-upper      (the code's unit-normalised UL gradients)
 * mtl4j moblo-toy --method moml
 * </pre>
 */
@Command(name = "moblo-toy", mixinStandardHelpOptions = true,
        description = "MOML / FORUM on the synthetic MOBLO problem of thesis A.32: distance to the Pareto set, "
                + "stationarity gap and q(z) per iteration (CSV + PNG).")
public final class MobloToyCommand implements Callable<Integer> {
    @Option(names = "--method", split = ",", defaultValue = "forum", description = "moml, forum or both (comma-separated). Default: ${DEFAULT-VALUE}.")
    List<String> methods;

    @Option(names = "--iterations", defaultValue = "300", description = "Iterations K. Default: ${DEFAULT-VALUE}.")
    int iterations;

    @Option(names = "--starts", split = ";", description = "Initial points 'alpha,omega1,omega2' separated by ';' "
            + "(default: the thesis' 0,0,3;2,0,3;2,3,3).")
    List<String> starts;

    @Option(names = "--normalize-upper", description = "FORUM: unit-normalise the upper-level gradients (as the MTL code).")
    boolean normalizeUpper;

    @Option(names = "--outer-lr", defaultValue = "0.3", description = "Upper-level step mu. Default: ${DEFAULT-VALUE}.")
    double outerLr;

    @Option(names = "--inner-lr", defaultValue = "0.05", description = "Lower-level step eta. Default: ${DEFAULT-VALUE}.")
    double innerLr;

    @Option(names = "--inner-steps", defaultValue = "50", description = "Lower-level steps T. Default: ${DEFAULT-VALUE}.")
    int innerSteps;

    @Option(names = "--rho", defaultValue = "0.3", description = "FORUM rho. Default: ${DEFAULT-VALUE}.")
    double rho;

    @Option(names = "--threshold", defaultValue = "1e-3", description = "Distance threshold reported. Default: ${DEFAULT-VALUE}.")
    double threshold;

    @Option(names = "--out", defaultValue = "runs/moblo-toy", description = "Output directory. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Override
    public Integer call() throws IOException {
        List<double[]> startList = parseStarts();
        Files.createDirectories(out);
        List<Map<String, Object>> runs = new ArrayList<>();
        List<String> files = new ArrayList<>();
        System.out.printf(Locale.ROOT, "%-6s %-16s %10s %12s %12s %12s%n", "method", "start", "iters<" + threshold, "final E",
                "final gap", "final q");
        for (String name : methods) {
            BilevelMethod method = BilevelMethod.fromCliName(name);
            Map<String, LinePlots.Series> dist = new LinkedHashMap<>();
            Map<String, LinePlots.Series> gap = new LinkedHashMap<>();
            Map<String, LinePlots.Series> qs = new LinkedHashMap<>();
            for (double[] start : startList) {
                MobloToyRun run = new MobloToyRun(method, start, iterations, outerLr, innerLr, innerSteps, rho, normalizeUpper);
                List<MobloToyRun.Row> rows = run.run();
                String label = label(start);
                String suffix = method == BilevelMethod.FORUM && normalizeUpper ? "-normalized" : "";
                Path csv = out.resolve(method.cliName() + suffix + "-" + label.replace(',', '_') + ".csv");
                writeCsv(rows, csv);
                files.add(csv.toString());
                int reached = MobloToyRun.firstBelow(rows, threshold);
                MobloToyRun.Row last = rows.get(rows.size() - 1);
                System.out.printf(Locale.ROOT, "%-6s %-16s %10d %12.3e %12.3e %12.3e%n", method.cliName(), "(" + label + ")", reached,
                        last.distance(), last.stationarityGap(), last.q());
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("method", method.cliName());
                r.put("start", start);
                r.put("iterationsToThreshold", reached);
                r.put("finalDistance", last.distance());
                r.put("finalStationarityGap", last.stationarityGap());
                r.put("finalQ", last.q());
                r.put("finalZ", last.z());
                runs.add(r);
                double[] x = new double[rows.size()];
                double[] e = new double[rows.size()];
                double[] g = new double[rows.size()];
                double[] q = new double[rows.size()];
                for (int i = 0; i < rows.size(); i++) {
                    x[i] = rows.get(i).iteration();
                    e[i] = rows.get(i).distance();
                    g[i] = rows.get(i).stationarityGap();
                    q[i] = rows.get(i).q();
                }
                dist.put("z0 = (" + label + ")", new LinePlots.Series(x, e, false));
                gap.put("z0 = (" + label + ")", new LinePlots.Series(x, g, false));
                qs.put("z0 = (" + label + ")", new LinePlots.Series(x, q, false));
            }
            String title = method.name() + (method == BilevelMethod.FORUM && normalizeUpper ? " (normalised UL gradients)" : "");
            List<XYChart> panels = List.of(
                    LinePlots.chart(title + ": distance to P", "iteration", "E = ‖z − c*1‖", true, 1e-12, dist),
                    LinePlots.chart(title + ": stationarity gap", "iteration", "min_λ |Σλ_i Φ_i'(α)|", true, 1e-12, gap),
                    LinePlots.chart(title + ": q(z)", "iteration", "q(z) = ‖ω − α1‖²", true, 1e-16, qs));
            Path png = out.resolve(method.cliName() + (method == BilevelMethod.FORUM && normalizeUpper ? "-normalized" : "") + ".png");
            LinePlots.write(panels, png);
            files.add(png.toString());
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "moblo-toy (thesis A.32)");
        result.put("iterations", iterations);
        result.put("outerLr", outerLr);
        result.put("innerLr", innerLr);
        result.put("innerSteps", innerSteps);
        result.put("rho", rho);
        result.put("normalizeUpper", normalizeUpper);
        result.put("threshold", threshold);
        result.put("runs", runs);
        result.put("files", files);
        ResultLine.print(System.out, result);
        return 0;
    }

    private List<double[]> parseStarts() {
        if (starts == null || starts.isEmpty()) {
            return List.of(MobloToyRun.THESIS_STARTS);
        }
        List<double[]> out = new ArrayList<>();
        for (String s : starts) {
            String[] parts = s.split(",");
            if (parts.length != 3) {
                throw new IllegalArgumentException("--starts entries are 'alpha,omega1,omega2', found '" + s + "'");
            }
            double[] z = new double[3];
            for (int i = 0; i < 3; i++) {
                z[i] = Double.parseDouble(parts[i].trim());
            }
            out.add(z);
        }
        return out;
    }

    private static String label(double[] z) {
        return fmt(z[0]) + "," + fmt(z[1]) + "," + fmt(z[2]);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static void writeCsv(List<MobloToyRun.Row> rows, Path file) throws IOException {
        StringBuilder sb = new StringBuilder("iteration,distance,stationarity_gap,q,F1,F2,alpha,omega1,omega2\n");
        for (MobloToyRun.Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%d,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g%n", r.iteration(), r.distance(),
                    r.stationarityGap(), r.q(), r.f1(), r.f2(), r.z()[0], r.z()[1], r.z()[2]));
        }
        Files.writeString(file, sb.toString());
    }

    /** Stand-alone entry point (the {@code mtl4j} CLI registers this class as a subcommand). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new MobloToyCommand()).execute(args));
    }
}
