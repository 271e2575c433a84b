package org.mtl4j.benchmarks.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The measured torch bar: parsing, aggregation over runs, errors; the script itself when torch is installed. */
class TorchBarTest {

    private static final Path SCRIPT = Path.of("..").resolve(TorchBar.SCRIPT).toAbsolutePath().normalize();

    private static String line(String mode, int m, double median, double[] steps) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < steps.length; i++) {
            sb.append(i == 0 ? "" : ",").append(steps[i]);
        }
        return "{\"mode\": \"" + mode + "\", \"m\": " + m + ", \"optimizer\": \"sgd\", \"threads\": 1, \"torch\": \"1.13.0a0\", "
                + "\"medianMs\": " + median + ", \"minMs\": 0.5, \"p90Ms\": 9.5, \"stepsMs\": [" + sb + "]}\n";
    }

    private static double[] range(int from, int to) {
        double[] v = new double[to - from + 1];
        for (int i = 0; i < v.length; i++) {
            v[i] = from + i;
        }
        return v;
    }

    @Test
    void parsesTheScriptsJsonLine() {
        TorchBar.Run r = TorchBar.Run.parse(line("jacobian", 10, 4.25, new double[] {4.0, 4.5, 3.75}));
        assertEquals(TorchBar.Mode.jacobian, r.mode());
        assertEquals(10, r.m());
        assertEquals("sgd", r.optimizer());
        assertEquals(1, r.threads());
        assertEquals("1.13.0a0", r.torchVersion());
        assertEquals(4.25, r.medianMs());
        assertEquals(0.5, r.minMs());
        assertEquals(9.5, r.p90Ms());
        assertArrayEquals(new double[] {4.0, 4.5, 3.75}, r.stepsMs());
    }

    @Test
    void badLinesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TorchBar.Run.parse("{\"mode\": \"ew\", \"m\": 2}"));
        assertTrue(e.getMessage().contains("'optimizer'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TorchBar.Run.parse("Traceback (most recent call last):"));
        assertTrue(e.getMessage().contains("Traceback"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TorchBar.Run.parse(line("fast", 2, 1, new double[] {1})));
        assertTrue(e.getMessage().contains("'fast'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TorchBar.Run.parse(line("ew", 2, 1, new double[0])));
    }

    @Test
    void aggregatesLikeTheJvmRuns() {
        // pooled steps 1..20: min 1, p90 = s[floor(0.9 * 20)] = s[18] = 19; run medians 4, 11, 17.5 -> 11
        List<TorchBar.Run> runs = List.of(TorchBar.Run.parse(line("ew", 2, 4, range(1, 7))),
                TorchBar.Run.parse(line("ew", 2, 17.5, range(15, 20))), TorchBar.Run.parse(line("ew", 2, 11, range(8, 14))));
        TorchBar.Aggregate a = TorchBar.Aggregate.of(runs);
        assertEquals(11, a.medianMs());
        assertEquals(1, a.minMs());
        assertEquals(19, a.p90Ms());
        assertArrayEquals(new double[] {4, 17.5, 11}, a.runMediansMs());
        // an even number of runs: the mean of the two middle medians
        assertEquals(7.5, TorchBar.Aggregate.of(List.of(runs.get(0), runs.get(2))).medianMs());
        // one run of 10 steps 1..10: p90 = s[9] = 10, the p90 bench step's stats() gives its own rows
        assertEquals(10, TorchBar.Aggregate.of(List.of(TorchBar.Run.parse(line("ew", 2, 5.5, range(1, 10))))).p90Ms());
        assertThrows(IllegalArgumentException.class, () -> TorchBar.Aggregate.of(List.of()));
    }

    @Test
    void annotatesRowsWithABarAndJacobianRows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(row("a-native-ew", 2, 6.0, true));
        rows.add(row("b-native-jacobian-ew", 2, 30.0, false));
        rows.add(row("c-native-representation-ew", 2, 9.0, false));
        Map<String, Object> before = new LinkedHashMap<>(rows.get(2));
        TorchBar bar = new TorchBar("python", SCRIPT);
        bar.record(TorchBar.Run.parse(line("ew", 2, 4.0, new double[] {3.0, 4.0, 5.0})));
        bar.record(TorchBar.Run.parse(line("jacobian", 2, 20.0, new double[] {18.0, 20.0, 22.0})));
        bar.record(TorchBar.Run.parse(line("jacobian", 2, 21.0, new double[] {25.0, 21.0, 19.0})));
        bar.record(TorchBar.Run.parse(line("jacobian", 10, 99.0, new double[] {99.0})));
        bar.annotate(rows, r -> ((String) r.get("case")).startsWith("b-"));
        assertEquals(4.0, rows.get(0).get("torchMeasuredMs"));
        assertEquals(3.0, rows.get(0).get("torchMeasuredMinMs"));
        assertEquals(5.0, rows.get(0).get("torchMeasuredP90Ms"));
        assertEquals(1.5, (double) rows.get(0).get("ratioToMeasuredTorch"), 1e-12);
        assertFalse(rows.get(0).containsKey("ratioToMeasuredTorchJacobian"));
        assertEquals(20.5, rows.get(1).get("torchJacobianMeasuredMs"), "median of the run medians 20 and 21");
        assertEquals(18.0, rows.get(1).get("torchJacobianMeasuredMinMs"));
        assertEquals(25.0, rows.get(1).get("torchJacobianMeasuredP90Ms"), "pooled 6 steps: s[5]");
        assertEquals(30.0 / 20.5, (double) rows.get(1).get("ratioToMeasuredTorchJacobian"), 1e-12);
        assertFalse(rows.get(1).containsKey("ratioToMeasuredTorch"), "no EW bar on a Jacobian row");
        assertEquals(before, rows.get(2), "rows without a bar are left alone");
    }

    private static Map<String, Object> row(String name, int m, double median, boolean torchBar) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("case", name);
        r.put("m", m);
        r.put("medianMs", median);
        if (torchBar) {
            r.put("torchBarMs", 2.7);
        }
        return r;
    }

    @Test
    void aMissingPythonIsNamedWithTheInstallScript() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new TorchBar("/nonexistent/bin/python3", SCRIPT).check());
        assertTrue(e.getMessage().contains("'/nonexistent/bin/python3'"), e.getMessage());
        assertTrue(e.getMessage().contains("scripts/install-torch.sh"), e.getMessage());

        StringWriter err = new StringWriter();
        int code = new CommandLine(new Mtl4jCli()).setErr(new PrintWriter(err)).execute("bench", "step", "--tasks", "2",
                "--cases", "a-native", "--steps", "1", "--warmup", "0", "--torch", "measure", "--python", "/nonexistent/bin/python3");
        assertNotEquals(0, code);
        assertTrue(err.toString().contains("'/nonexistent/bin/python3'") && err.toString().contains("install-torch.sh"),
                err.toString());
    }

    @Test
    void aBadTorchValueIsNamedByPicocli() {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new Mtl4jCli()).setErr(new PrintWriter(err)).execute("bench", "step", "--torch", "pytorch");
        assertEquals(2, code);
        assertTrue(err.toString().contains("--torch") && err.toString().contains("pytorch"), err.toString());
        err = new StringWriter();
        code = new CommandLine(new Mtl4jCli()).setErr(new PrintWriter(err)).execute("bench", "step", "--network", "lenet", "--cases", "a-native",
                "--torch", "measure", "--python", "/nonexistent/bin/python3");
        assertNotEquals(0, code);
        assertTrue(err.toString().contains("--network lenet"), err.toString());
    }

    private static boolean torchInstalled() {
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import torch").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void theScriptNamesBadArguments() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs /usr/bin/python3");
        Process p = new ProcessBuilder("/usr/bin/python3", SCRIPT.toString(), "--m", "0").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertNotEquals(0, p.waitFor());
        assertEquals("", out, "nothing on stdout");
        assertTrue(err.contains("--m must be an integer >= 1, found 0"), err);
    }

    /** Runs the script (3 steps; 2 through bench step) when /usr/bin/python3 imports torch; skipped otherwise. */
    @Test
    void theScriptTimesBothModesWhenTorchIsInstalled(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(torchInstalled(), "needs PyTorch for /usr/bin/python3 (scripts/install-torch.sh)");
        TorchBar bar = new TorchBar("/usr/bin/python3", SCRIPT);
        for (TorchBar.Mode mode : List.of(TorchBar.Mode.jacobian)) { // ew: through bench step below
            TorchBar.Run r = bar.measure(mode, 3, "adam", 3, 1);
            assertEquals(mode, r.mode());
            assertEquals(3, r.m());
            assertEquals("adam", r.optimizer());
            assertEquals(3, r.stepsMs().length);
            assertTrue(r.minMs() > 0 && r.minMs() <= r.medianMs() && r.medianMs() <= r.p90Ms(), r.toString());
            double[] s = r.stepsMs().clone();
            java.util.Arrays.sort(s);
            assertEquals(s[1], r.medianMs(), 1e-12, "the script's median is the middle step");
            assertEquals(s[2], r.p90Ms(), 1e-12, "and its p90 s[floor(0.9 * 3)]");
        }
        assertFalse(((String) bar.header().get("version")).isEmpty());

        String home = System.getProperty("mtl4j.home");
        System.setProperty("mtl4j.home", SCRIPT.getParent().getParent().getParent().toString());
        JsonNode res;
        try {
            res = CliSmokeTest.runAndReadResult("bench", "step", "--tasks", "2", "--cases", "a-native,b-native", "--steps", "2",
                    "--warmup", "0", "--torch", "measure", "--out", dir.toString());
        } finally {
            if (home == null) {
                System.clearProperty("mtl4j.home");
            } else {
                System.setProperty("mtl4j.home", home);
            }
        }
        assertEquals("/usr/bin/python3", res.get("torch").get("python").asText());
        JsonNode a = res.get("rows").get(0);
        JsonNode b = res.get("rows").get(1);
        assertEquals(a.get("medianMs").asDouble() / a.get("torchMeasuredMs").asDouble(), a.get("ratioToMeasuredTorch").asDouble(), 1e-12);
        assertTrue(a.has("ratioToTorch"), "the reference bar stays");
        assertEquals(b.get("medianMs").asDouble() / b.get("torchJacobianMeasuredMs").asDouble(),
                b.get("ratioToMeasuredTorchJacobian").asDouble(), 1e-12);
    }
}
