package org.mtl4j.benchmarks.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.mtl4j.core.io.Json;

/**
 * The PyTorch bar of {@code mtl4j bench step} measured on this machine, in the same run: runs
 * {@code benchmarks/torch/w1_step.py} (the same W1 step in PyTorch) once per JVM run, parses its
 * one JSON line and aggregates the runs the way {@link BenchStepCommand} aggregates its JVM runs:
 * <pre>
 *   median = median over runs of the runs' medians
 *   min    = minimum over all timed steps of all runs
 *   p90    = s[min(n − 1, ⌊0.9 n⌋)] over the pooled, sorted steps s of all runs (n of them)
 * </pre>
 * Mode {@code ew} is EW with one backward; mode {@code jacobian} is the LibMTL-style full-Jacobian
 * step (m backward passes into an m×P matrix, then the combination with weights 1).
 * The interpreter inherits this process's environment ({@code OMP_NUM_THREADS} and so on), so
 * torch sees the thread settings the JVM sees.
 */
final class TorchBar {

    /** What the script times. */
    enum Mode {
        /** Sum of the task losses, one backward, optimiser step. */
        ew,
        /** m per-task backward passes into J, combination with weights 1, optimiser step. */
        jacobian
    }

    /** Where to get the install from, named in every error about a missing interpreter or torch. */
    static final String INSTALL_HINT = "install PyTorch with scripts/install-torch.sh (Debian's python3-torch and "
            + "libopenblas0-pthread) or name another interpreter with --python";

    /** The script's path inside the project. */
    static final Path SCRIPT = Path.of("benchmarks", "torch", "w1_step.py");

    /** One run of the script: its JSON line. */
    record Run(Mode mode, int m, String optimizer, int threads, String torchVersion, double medianMs, double minMs,
               double p90Ms, double[] stepsMs) {
        Run {
            if (m < 1 || stepsMs.length == 0) {
                throw new IllegalArgumentException("a torch run needs m >= 1 and at least one step, found m = " + m + " and "
                        + stepsMs.length + " steps");
            }
        }

        /**
         * @param line the script's stdout: one JSON object with mode, m, optimizer, threads, torch,
         *             medianMs, minMs, p90Ms and stepsMs
         * @throws IllegalArgumentException naming the line and the missing or malformed field
         */
        static Run parse(String line) {
            JsonNode n;
            try {
                n = Json.mapper().readTree(line.trim());
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("torch script output is not one JSON line: '" + line + "'", e);
            }
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("torch script output is not a JSON object: '" + line + "'");
            }
            for (String f : List.of("mode", "m", "optimizer", "threads", "torch", "medianMs", "minMs", "p90Ms", "stepsMs")) {
                if (!n.hasNonNull(f)) {
                    throw new IllegalArgumentException("torch script output lacks field '" + f + "': '" + line + "'");
                }
            }
            Mode mode;
            try {
                mode = Mode.valueOf(n.get("mode").asText());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("torch script output has mode '" + n.get("mode").asText()
                        + "', expected ew or jacobian", e);
            }
            if (!n.get("stepsMs").isArray()) {
                throw new IllegalArgumentException("torch script output's stepsMs is not an array: '" + line + "'");
            }
            double[] steps = new double[n.get("stepsMs").size()];
            for (int i = 0; i < steps.length; i++) {
                steps[i] = n.get("stepsMs").get(i).asDouble();
            }
            return new Run(mode, n.get("m").asInt(), n.get("optimizer").asText(), n.get("threads").asInt(),
                    n.get("torch").asText(), n.get("medianMs").asDouble(), n.get("minMs").asDouble(), n.get("p90Ms").asDouble(),
                    steps);
        }
    }

    /** Runs of one mode and m, aggregated. */
    record Aggregate(double medianMs, double minMs, double p90Ms, double[] runMediansMs) {
        /**
         * @param runs at least one run
         * @return median of the run medians, minimum and p90 of the pooled steps
         */
        static Aggregate of(List<Run> runs) {
            if (runs.isEmpty()) {
                throw new IllegalArgumentException("runs must not be empty");
            }
            double[] medians = runs.stream().mapToDouble(Run::medianMs).toArray();
            double[] pooled = runs.stream().flatMapToDouble(r -> Arrays.stream(r.stepsMs())).sorted().toArray();
            return new Aggregate(median(medians), pooled[0], pooled[(int) Math.min(pooled.length - 1,
                    Math.floor(0.9 * pooled.length))], medians);
        }
    }

    private final String python;
    private final Path script;
    private final Map<String, List<Run>> runs = new LinkedHashMap<>();
    private String version = "";
    private int threads = -1;

    /**
     * @param python the interpreter (a path or a name on PATH)
     * @param script the W1 script
     */
    TorchBar(String python, Path script) {
        this.python = python;
        this.script = script;
    }

    /** @return the script this bar runs */
    Path script() {
        return script;
    }

    /** The script under {@code mtl4j.home} (set by the launcher), else under the working directory. */
    static Path defaultScript() {
        String home = System.getProperty("mtl4j.home");
        return (home == null || home.isBlank() ? Path.of("") : Path.of(home)).resolve(SCRIPT).toAbsolutePath();
    }

    /**
     * Checks that the interpreter runs the script and that the script imports torch
     * ({@code --probe}); remembers torch's version and default thread count.
     *
     * @throws IllegalStateException naming the interpreter or the script and pointing to the install script
     */
    void check() throws InterruptedException {
        exec(List.of(python, "-c", "")); // names a missing interpreter first
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("torch script " + script + " not found (run from the project root or through ./mtl4j)");
        }
        Output o = exec(List.of(python, script.toString(), "--probe"));
        JsonNode n = null;
        try {
            n = o.exitCode == 0 ? Json.mapper().readTree(o.stdout.trim()) : null;
        } catch (JsonProcessingException e) {
            n = null;
        }
        if (n == null || !n.hasNonNull("torch") || !n.hasNonNull("threads")) {
            throw new IllegalStateException("python '" + python + "' cannot import torch (exit code " + o.exitCode + "): "
                    + INSTALL_HINT);
        }
        version = n.get("torch").asText();
        threads = n.get("threads").asInt();
    }

    /** Runs the script once and records the run under (mode, m). */
    Run measure(Mode mode, int m, String optimizer, int steps, int warmup) throws InterruptedException {
        List<String> cmd = List.of(python, script.toString(), "--mode", mode.name(), "--m", String.valueOf(m), "--optimizer",
                optimizer, "--steps", String.valueOf(steps), "--warmup", String.valueOf(warmup));
        Output o = exec(cmd);
        if (o.exitCode != 0) {
            throw new IllegalStateException("torch run failed with exit code " + o.exitCode + " (its error output is above): "
                    + String.join(" ", cmd) + (o.exitCode == 3 ? "; " + INSTALL_HINT : ""));
        }
        Run r = Run.parse(o.stdout);
        if (r.mode() != mode || r.m() != m) {
            throw new IllegalStateException("torch run asked for mode " + mode + ", m = " + m + " but reported mode "
                    + r.mode() + ", m = " + r.m());
        }
        record(r);
        return r;
    }

    /**
     * Starts the script in serving mode ({@code --serve}): it builds the step, runs the warm-up
     * and then times blocks of steps on request, so that torch's steps can alternate with the
     * JVM's in the same minutes of the machine.
     *
     * @return the running session (close it)
     * @throws IllegalStateException when the interpreter cannot be started or the script does not
     *                               answer with its ready line for (mode, m)
     */
    Session open(Mode mode, int m, String optimizer, int warmup) {
        List<String> cmd = List.of(python, script.toString(), "--serve", "--mode", mode.name(), "--m", String.valueOf(m),
                "--optimizer", optimizer, "--warmup", String.valueOf(warmup));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new IllegalStateException("python '" + python + "' cannot be run (" + e.getMessage() + "): " + INSTALL_HINT, e);
        }
        Session s = new Session(p, String.join(" ", cmd));
        try {
            JsonNode ready = s.readJson("its ready line");
            if (!ready.path("ready").asBoolean(false) || !mode.name().equals(ready.path("mode").asText())
                    || ready.path("m").asInt(-1) != m) {
                throw new IllegalStateException("torch session for mode " + mode + ", m = " + m + " answered '" + ready
                        + "' instead of its ready line");
            }
            version = ready.path("torch").asText(version);
            threads = ready.path("threads").asInt(threads);
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /**
     * A serving script: {@link #block(int)} times n steps in PyTorch and returns their times; the
     * process and its CPU time belong to the session until {@link #close()}.
     */
    static final class Session implements AutoCloseable {
        private final Process process;
        private final String command;
        private final BufferedReader in;
        private final Writer out;

        private Session(Process process, String command) {
            this.process = process;
            this.command = command;
            this.in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.out = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        /**
         * @param n steps, at least 1
         * @return the n steps' times in ms
         * @throws IllegalArgumentException if n &lt; 1
         * @throws IllegalStateException    when the script fails or answers something else
         */
        double[] block(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("a torch block needs at least one step, found " + n);
            }
            try {
                out.write(n + "\n");
                out.flush();
            } catch (IOException e) {
                throw new IllegalStateException("torch session stopped (" + e.getMessage() + "): " + command, e);
            }
            JsonNode r = readJson("a block of " + n + " steps");
            JsonNode steps = r.get("stepsMs");
            if (steps == null || !steps.isArray() || steps.size() != n) {
                throw new IllegalStateException("torch session answered '" + r + "' to a block of " + n + " steps: " + command);
            }
            double[] ms = new double[n];
            for (int i = 0; i < n; i++) {
                ms[i] = steps.get(i).asDouble();
            }
            return ms;
        }

        /** @return the CPU time the script's process has used so far, in ns (-1 when unknown) */
        long cpuNanos() {
            return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
        }

        private JsonNode readJson(String what) {
            String line;
            try {
                line = in.readLine();
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + what + " from " + command, e);
            }
            if (line == null) {
                throw new IllegalStateException("torch session ended before " + what + " (its error output is above): " + command);
            }
            try {
                return Json.mapper().readTree(line.trim());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("torch session answered '" + line + "' instead of " + what + ": " + command, e);
            }
        }

        /** Asks the script to end (a line 0), waits up to 10 s, then kills it. */
        @Override
        public void close() {
            try {
                out.write("0\n");
                out.close();
            } catch (IOException e) {
                // the process is gone already; destroy below makes sure
            }
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Adds a run to the runs of its (mode, m). */
    void record(Run r) {
        runs.computeIfAbsent(key(r.mode(), r.m()), k -> new ArrayList<>()).add(r);
        threads = r.threads();
        version = r.torchVersion();
    }

    /** @return the aggregate of the recorded runs of (mode, m), or null when there are none */
    Aggregate aggregate(Mode mode, int m) {
        List<Run> rs = runs.get(key(mode, m));
        return rs == null ? null : Aggregate.of(rs);
    }

    /**
     * Adds the measured bars to the rows: to every row with a torch bar ({@code torchBarMs}) the
     * EW figures {@code torchMeasuredMs}, {@code torchMeasuredMinMs}, {@code torchMeasuredP90Ms},
     * {@code torchMeasuredRunMediansMs} and {@code ratioToMeasuredTorch}; to every Jacobian row the
     * {@code torchJacobianMeasured*} figures and {@code ratioToMeasuredTorchJacobian}.
     */
    void annotate(List<Map<String, Object>> rows, Predicate<Map<String, Object>> isJacobianRow) {
        for (Map<String, Object> r : rows) {
            int m = (int) r.get("m");
            double median = (double) r.get("medianMs");
            Aggregate ew = aggregate(Mode.ew, m);
            if (r.containsKey("torchBarMs") && ew != null) {
                put(r, "torchMeasured", ew);
                r.put("ratioToMeasuredTorch", median / ew.medianMs());
            }
            Aggregate jac = aggregate(Mode.jacobian, m);
            if (isJacobianRow.test(r) && jac != null) {
                put(r, "torchJacobianMeasured", jac);
                r.put("ratioToMeasuredTorchJacobian", median / jac.medianMs());
            }
        }
    }

    private static void put(Map<String, Object> r, String prefix, Aggregate a) {
        r.put(prefix + "Ms", a.medianMs());
        r.put(prefix + "MinMs", a.minMs());
        r.put(prefix + "P90Ms", a.p90Ms());
        r.put(prefix + "RunMediansMs", a.runMediansMs());
    }

    /** Prints one line per ratio to a measured bar. */
    static void print(List<Map<String, Object>> rows) {
        for (Map<String, Object> r : rows) {
            for (String kind : List.of("", "Jacobian")) {
                if (r.containsKey("ratioToMeasuredTorch" + kind)) {
                    String p = "torch" + kind + "Measured";
                    System.out.printf("%-30s m=%-3d torch %-8s measured here %8.3f ms (min %.3f, p90 %.3f, %d runs), ratio %.2f%n",
                            r.get("case"), (int) r.get("m"), kind.isEmpty() ? "EW" : "Jacobian", (double) r.get(p + "Ms"),
                            (double) r.get(p + "MinMs"), (double) r.get(p + "P90Ms"), ((double[]) r.get(p + "RunMediansMs")).length,
                            (double) r.get("ratioToMeasuredTorch" + kind));
                }
            }
        }
    }

    /** @return {version, threads, python} for the result's top level */
    Map<String, Object> header() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("version", version);
        h.put("threads", threads);
        h.put("python", python);
        h.put("script", script.toString());
        return h;
    }

    private static String key(Mode mode, int m) {
        return mode + "/" + m;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }

    private record Output(int exitCode, String stdout) {
    }

    /** Runs a command with this process's environment, stderr passed through, stdout captured. */
    private Output exec(List<String> cmd) throws InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            p.getOutputStream().close();
        } catch (IOException e) {
            throw new IllegalStateException("python '" + python + "' cannot be run (" + e.getMessage() + "): " + INSTALL_HINT, e);
        }
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            p.destroy();
            throw new IllegalStateException("cannot read the output of " + String.join(" ", cmd), e);
        }
        return new Output(p.waitFor(), out);
    }
}
