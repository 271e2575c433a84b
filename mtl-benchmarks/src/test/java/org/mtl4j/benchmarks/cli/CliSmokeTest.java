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
        assertTrue(r.get("rows").size() >= 4);
        for (JsonNode row : r.get("rows")) {
            assertTrue(row.get("medianMs").asDouble() > 0);
        }
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
