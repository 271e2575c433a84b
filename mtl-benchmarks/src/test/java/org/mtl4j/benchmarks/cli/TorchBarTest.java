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
        try (TorchBar.Session session = bar.open(TorchBar.Mode.ew, 2, "sgd", 1)) {
            double[] block = session.block(2);
            assertTrue(block.length == 2 && block[0] > 0 && block[1] > 0, java.util.Arrays.toString(block));
            assertTrue(session.cpuNanos() > 0, "the session's CPU time is read while it runs");
        }
        Process bad = new ProcessBuilder("/usr/bin/python3", SCRIPT.toString(), "--m", "2", "--serve", "--warmup", "0").start();
        bad.getOutputStream().write("1\nten\n".getBytes(StandardCharsets.UTF_8));
        bad.getOutputStream().close();
        String badOut = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String badErr = new String(bad.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, bad.waitFor(), badOut);
        assertEquals(2, badOut.trim().split("\n").length, "the ready line and one block: " + badOut);
        assertTrue(badErr.contains("found 'ten'"), badErr);

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

    /**
     * A stand-in for the torch script in /bin/sh that speaks the serving protocol: every step takes
     * 2 ms, or it misbehaves as told ({@code die}: ends after the ready line; {@code short}: answers
     * one step fewer than asked; {@code wrong}: its ready line names m = 99).
     */
    private static Path fakeScript(Path dir, String behaviour) throws Exception {
        Path f = dir.resolve("fake-w1-" + behaviour + ".sh");
        Files.writeString(f, """
                case "$1" in --probe) echo '{"torch": "0.0-fake", "threads": 1}'; exit 0;; esac
                mode=$3; m=$5
                [ WRONG = 1 ] && m=99
                echo "{\\"mode\\": \\"$mode\\", \\"m\\": $m, \\"optimizer\\": \\"sgd\\", \\"threads\\": 1, \\"torch\\": \\"0.0-fake\\", \\"ready\\": true}"
                [ DIE = 1 ] && exit 1
                while read n; do
                  [ "$n" = 0 ] && exit 0
                  k=$n; [ SHORT = 1 ] && k=$((n - 1))
                  s=''; i=0; while [ $i -lt $k ]; do s="$s${s:+,}2.0"; i=$((i + 1)); done
                  echo "{\\"stepsMs\\": [$s]}"
                done
                """.replace("WRONG", "wrong".equals(behaviour) ? "1" : "0").replace("DIE", "die".equals(behaviour) ? "1" : "0")
                .replace("SHORT", "short".equals(behaviour) ? "1" : "0"));
        return f;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }

    @Test
    void aSessionTimesBlocksAndNamesAScriptThatMisbehaves(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
        TorchBar bar = new TorchBar("/bin/sh", fakeScript(dir, "ok"));
        bar.check();
        assertEquals("0.0-fake", bar.header().get("version"));
        try (TorchBar.Session s = bar.open(TorchBar.Mode.jacobian, 3, "sgd", 0)) {
            assertArrayEquals(new double[] {2.0, 2.0, 2.0}, s.block(3));
            assertArrayEquals(new double[] {2.0}, s.block(1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.block(0));
            assertTrue(e.getMessage().contains("found 0"), e.getMessage());
        }

        TorchBar dies = new TorchBar("/bin/sh", fakeScript(dir, "die"));
        try (TorchBar.Session s = dies.open(TorchBar.Mode.ew, 2, "sgd", 0)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.block(2));
            assertTrue(e.getMessage().contains("fake-w1-die.sh"), e.getMessage());
        }
        TorchBar shortAnswers = new TorchBar("/bin/sh", fakeScript(dir, "short"));
        try (TorchBar.Session s = shortAnswers.open(TorchBar.Mode.ew, 2, "sgd", 0)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.block(3));
            assertTrue(e.getMessage().contains("a block of 3 steps"), e.getMessage());
        }
        TorchBar wrong = new TorchBar("/bin/sh", fakeScript(dir, "wrong"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> wrong.open(TorchBar.Mode.ew, 2, "sgd", 0).close(),
                "the ready line must echo the asked m");
        assertTrue(e.getMessage().contains("m = 2") && e.getMessage().contains("\"m\":99"), e.getMessage());
    }

    /**
     * bench step with {@code --torch interleaved} against the 2 ms stand-in: every block of the
     * row is followed by a torch block of as many steps, and the ratios are recomputed from the
     * written steps (one JVM run, then two).
     */
    @Test
    void interleavedRowsPairEveryBlockWithTorchsBlock(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
        Path fake = fakeScript(dir, "ok");
        JsonNode res = CliSmokeTest.runAndReadResult("bench", "step", "--tasks", "2", "--cases", "a-native,b-native,c-native",
                "--steps", "7", "--warmup", "1", "--torch", "interleaved", "--torch-block", "3", "--python", "/bin/sh",
                "--torch-script", fake.toString(), "--out", dir.resolve("one").toString());
        assertEquals("interleaved", res.get("torch").get("source").asText());
        assertEquals(3, res.get("torch").get("blockSteps").asInt());
        JsonNode written = org.mtl4j.core.io.Json.mapper().readTree(dir.resolve("one").resolve("bench-step.json").toFile());
        for (int r = 0; r < 2; r++) {
            JsonNode row = written.get("rows").get(r);
            assertEquals(r == 0 ? "ew" : "jacobian", row.get("torchInterleavedMode").asText());
            assertEquals(2.0, row.get("torchInterleavedMs").asDouble(), 0);
            assertEquals(7, row.get("torchInterleavedStepsMs").size());
            assertEquals(row.get("medianMs").asDouble() / 2.0, row.get("ratioToInterleavedTorch").asDouble(), 1e-12);
            double[] steps = new double[7];
            for (int i = 0; i < 7; i++) {
                steps[i] = row.get("stepsMs").get(i).asDouble();
            }
            double[] expected = {median(java.util.Arrays.copyOfRange(steps, 0, 3)) / 2, median(java.util.Arrays.copyOfRange(steps, 3, 6)) / 2,
                    steps[6] / 2};
            double[] blocks = new double[3];
            for (int b = 0; b < 3; b++) {
                blocks[b] = row.get("interleavedBlockRatios").get(b).asDouble();
            }
            assertArrayEquals(expected, blocks, 1e-12, "blocks of 3, 3 and 1 steps");
            assertEquals(median(expected), row.get("interleavedBlockRatioMedian").asDouble(), 1e-12);
            assertFalse(res.get("rows").get(r).has("torchInterleavedStepsMs"), "the RESULT line leaves the steps out");
        }
        assertFalse(written.get("rows").get(2).has("torchInterleavedMs"), "no torch step to pair the representation case with");
        assertTrue(written.get("rows").get(0).has("stealCpuShare"), "the hypervisor's share is recorded (NaN for a window under one tick)");

        JsonNode agg = CliSmokeTest.runAndReadResult("bench", "step", "--tasks", "2", "--cases", "a-native", "--steps", "4",
                "--warmup", "0", "--jvm-runs", "2", "--torch", "interleaved", "--torch-block", "2", "--python", "/bin/sh",
                "--torch-script", fake.toString(), "--out", dir.resolve("two").toString());
        JsonNode row = agg.get("rows").get(0);
        assertEquals(4, row.get("interleavedBlockRatios").size(), "two blocks per run, pooled");
        assertEquals(2.0, row.get("torchInterleavedMs").asDouble(), 0);
        assertEquals(row.get("medianMs").asDouble() / 2.0, row.get("ratioToInterleavedTorch").asDouble(), 1e-12);
        assertEquals(2, row.get("torchInterleavedRunMediansMs").size());
    }

    @Test
    void aBadTorchBlockIsNamed() {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new Mtl4jCli()).setErr(new PrintWriter(err)).execute("bench", "step", "--tasks", "2",
                "--cases", "a-native", "--torch", "interleaved", "--torch-block", "0");
        assertNotEquals(0, code);
        assertTrue(err.toString().contains("--torch-block must be >= 1, found 0"), err.toString());
    }
}
