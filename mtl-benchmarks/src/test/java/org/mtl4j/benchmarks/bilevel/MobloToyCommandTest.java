package org.mtl4j.benchmarks.bilevel;

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

/** The moblo-toy command end to end: CSV and PNG files, and the RESULT line last. */
class MobloToyCommandTest {

    @Test
    void writesFilesAndEndsWithAResultLine(@TempDir Path dir) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            code = new CommandLine(new MobloToyCommand()).execute("--method", "forum,moml", "--iterations", "4", "--inner-steps", "3",
                    "--starts", "0,0,3", "--out", dir.toString());
        } finally {
            System.setOut(old);
        }
        assertEquals(0, code);
        String[] lines = buf.toString(StandardCharsets.UTF_8).trim().split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.startsWith("RESULT {"), last);
        JsonNode json = Json.mapper().readTree(last.substring(7));
        assertEquals(2, json.get("runs").size());
        for (JsonNode f : json.get("files")) {
            assertTrue(Files.size(Path.of(f.asText())) > 0, f.asText());
        }
        assertEquals(5, Files.readAllLines(dir.resolve("forum-0_0_3.csv")).size() - 1, "iterations 0..4");
        int bad = new CommandLine(new MobloToyCommand()).execute("--method", "mgda", "--out", dir.toString());
        assertTrue(bad != 0);
    }
}
