package org.mtl4j.benchmarks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtl4j.core.io.Json;
import picocli.CommandLine;

/** Tiny runs of the commands: each ends with a RESULT line naming the files it wrote. */
class CliSmokeTest {

    static JsonNode runAndReadResult(String... args) throws Exception {
        PrintStream o = System.out;
        PrintStream e = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            code = new CommandLine(new Mtl4jCli()).execute(args);
        } finally {
            System.setOut(o);
            System.setErr(e);
        }
        String text = out.toString(StandardCharsets.UTF_8).trim();
        assertEquals(0, code, text);
        String[] lines = text.split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.startsWith("RESULT {"), "last line must be the RESULT line: " + last);
        return Json.mapper().readTree(last.substring("RESULT ".length()));
    }

    @Test
    void benchWeightingWritesItsTable(@TempDir Path dir) throws Exception {
        JsonNode r = runAndReadResult("bench", "weighting", "--tasks", "2,3", "--params", "50", "--repeats", "1",
                "--out", dir.toString());
        assertTrue(r.get("rows").size() > 4);
        assertTrue(Files.exists(Path.of(r.get("files").get(0).asText())));
    }

    @Test
    void benchStepRunsEveryCase(@TempDir Path dir) throws Exception {
        JsonNode r = runAndReadResult("bench", "step", "--tasks", "2", "--steps", "2", "--warmup", "0", "--out", dir.toString());
        assertEquals(9, r.get("rows").size(), "cases a, b, c, d, their native versions and the two parts floors");
        for (JsonNode row : r.get("rows")) {
            assertTrue(row.get("medianMs").asDouble() > 0);
            if (row.get("case").asText().startsWith("b-")) {
                double ratio = row.get("medianMs").asDouble() / row.get("partsMs").asDouble();
                assertEquals(ratio, row.get("ratioToParts").asDouble(), 1e-12, "ratio of (b) to its floor");
            }
        }
    }

    @Test
    void benchStepRecordsTheNativeLanesAndTheirHandOffs(@TempDir Path dir) throws Exception {
        JsonNode r = runAndReadResult("bench", "step", "--tasks", "2", "--cases", "a,a-native", "--lanes", "2", "--steps", "3",
                "--warmup", "0", "--out", dir.toString());
        assertEquals(2, r.get("nativeLanes").asInt());
        JsonNode dl4j = r.get("rows").get(0);
        JsonNode nat = r.get("rows").get(1);
        assertTrue(!dl4j.has("laneHandOffsPerStep"), "the DL4J path has no lanes");
        // per EW step: the encoder's forward and numLayers + 1 = 3 backward sections, the fused heads' forward and
        // backward, the engine's fused losses (two groups of tasks) and shared-gradient norm, and the optimiser step
        assertEquals(9.0, nat.get("laneHandOffsPerStep").asDouble(), 1e-12);
        double share = nat.get("laneTakenBackShare").asDouble();
        assertTrue(share >= 0 && share <= 1, "share " + share);
        JsonNode one = runAndReadResult("bench", "step", "--tasks", "2", "--cases", "a-native", "--lanes", "1", "--steps", "2",
                "--warmup", "0", "--out", dir.resolve("one").toString());
        assertEquals(1, one.get("nativeLanes").asInt());
        assertTrue(!one.get("rows").get(0).has("laneHandOffsPerStep"), "no hand-offs on one lane");
        java.io.StringWriter err = new java.io.StringWriter();
        int code = new CommandLine(new Mtl4jCli()).setErr(new java.io.PrintWriter(err))
                .execute("bench", "step", "--lanes", "3", "--out", dir.toString());
        assertTrue(code != 0);
        assertTrue(err.toString().contains("--lanes must be auto, 1 or 2, found '3'"), err.toString());
    }

    @Test
    void benchStepTimesTheLeNetOnBothPaths(@TempDir Path dir) throws Exception {
        JsonNode r = runAndReadResult("bench", "step", "--network", "lenet", "--tasks", "2", "--cases", "a,a-native,b-native",
                "--methods", "mgda", "--steps", "2", "--warmup", "0", "--out", dir.toString());
        assertEquals("LeNet step (36x36, batch 256)", r.get("benchmark").asText());
        assertEquals(5, r.get("rows").size(), "three cases and mgda on both paths");
        for (JsonNode row : r.get("rows")) {
            assertTrue(row.get("medianMs").asDouble() > 0);
            assertTrue(!row.has("ratioToTorch"), "no torch bar exists for the LeNet");
        }
        JsonNode agg = runAndReadResult("bench", "step", "--network", "lenet", "--tasks", "2", "--cases", "a-native",
                "--jvm-runs", "2", "--steps", "1", "--warmup", "0", "--out", dir.resolve("jvms").toString());
        assertEquals(2, agg.get("jvmRuns").asInt());
        assertTrue(!agg.get("rows").get(0).has("ratioToTorch"), "nor in the aggregate of several JVMs");
        int code = new CommandLine(new Mtl4jCli()).setErr(new java.io.PrintWriter(java.io.Writer.nullWriter()))
                .execute("bench", "step", "--network", "lenet", "--cases", "d", "--out", dir.toString());
        assertTrue(code != 0, "case d is W1's DL4J graph");
    }

    @Test
    void demoPrintsDeltaPAgainstTheSingleTaskBaselines(@TempDir Path dir) throws Exception {
        JsonNode r = runAndReadResult("demo", "--synthetic", "--epochs", "1", "--out", dir.toString());
        assertTrue(r.get("methods").has("ew"));
        assertTrue(Double.isFinite(r.get("methods").get("ew").get("deltaP").asDouble()));
        for (JsonNode f : r.get("files")) {
            assertTrue(Files.exists(Path.of(f.asText())), f.asText());
        }
    }
}
