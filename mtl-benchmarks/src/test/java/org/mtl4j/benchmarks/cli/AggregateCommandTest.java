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

/** The aggregate contract: EW direction = Σ g_i, JSON Lines, and one-line errors with exit code 2. */
class AggregateCommandTest {

    private static int run(Path input, ByteArrayOutputStream out, ByteArrayOutputStream err) {
        PrintStream o = System.out;
        PrintStream e = System.err;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            return new CommandLine(new Mtl4jCli()).execute("aggregate", "--input", input.toString());
        } finally {
            System.setOut(o);
            System.setErr(e);
        }
    }

    @Test
    void equalWeightingReturnsTheSumOfGradientsForEachJsonLine(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.jsonl");
        Files.writeString(in, """
                {"method":"ew","seed":3,"steps":[{"losses":[1,2],"grads":[[1,2,3],[0.5,-1,4]]},{"losses":[1,1],"grads":[[1,0,0],[0,1,0]]}]}
                {"method":"ew","params":{"mean":"true"},"steps":[{"losses":[1,2],"grads":[[2,2],[4,0]]}]}
                """);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, run(in, out, err), err.toString(StandardCharsets.UTF_8));
        String[] lines = out.toString(StandardCharsets.UTF_8).trim().split("\n");
        assertEquals(2, lines.length);
        JsonNode a = Json.mapper().readTree(lines[0]);
        assertEquals("ew", a.get("method").asText());
        assertEquals(1.5, a.get("steps").get(0).get("direction").get(0).asDouble(), 0);
        assertEquals(1.0, a.get("steps").get(0).get("direction").get(1).asDouble(), 0);
        assertEquals(7.0, a.get("steps").get(0).get("direction").get(2).asDouble(), 0);
        assertEquals(2, a.get("steps").size());
        JsonNode b = Json.mapper().readTree(lines[1]);
        assertEquals(0.5, b.get("steps").get(0).get("weights").get(0).asDouble(), 0);
        assertEquals(3.0, b.get("steps").get(0).get("direction").get(0).asDouble(), 0);
        assertTrue(b.get("params").get("mean").asBoolean());
    }

    @Test
    void postStepHookReceivesLossesAfterAndMultiBatchStrategiesAreRejected(@TempDir Path dir) throws Exception {
        // FAMO: at init w ∝ 1/L; after a step where task 0's loss fell most, task 0 loses weight
        Path in = dir.resolve("famo.json");
        Files.writeString(in, """
                {"method":"famo","steps":[{"losses":[1,1],"grads":[[1,0],[0,1]],"lossesAfter":[0.5,0.99]},\
                {"losses":[1,1],"grads":[[1,0],[0,1]]}]}
                """);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, run(in, out, err), err.toString(StandardCharsets.UTF_8));
        JsonNode steps = Json.mapper().readTree(out.toString(StandardCharsets.UTF_8)).get("steps");
        assertEquals(0.5, steps.get(0).get("weights").get(0).asDouble(), 1e-12);
        assertTrue(steps.get(1).get("weights").get(0).asDouble() < 0.5, steps.toString());
        Path modo = dir.resolve("modo.json");
        Files.writeString(modo, "{\"method\":\"modo\",\"steps\":[{\"losses\":[1],\"grads\":[[1]]}]}");
        ByteArrayOutputStream out2 = new ByteArrayOutputStream();
        ByteArrayOutputStream err2 = new ByteArrayOutputStream();
        assertEquals(2, run(modo, out2, err2));
        String msg = err2.toString(StandardCharsets.UTF_8).trim();
        assertTrue(msg.contains("multi-batch") && msg.contains("3 batches"), msg);
    }

    @Test
    void badInputExitsWithCodeTwoAndOneLine(@TempDir Path dir) throws Exception {
        String[] bad = {
            "{\"method\":\"ew\",\"steps\":[{\"losses\":[1,2],\"grads\":[[1,2,3],[1,2]]}]}",
            "{\"method\":\"ew\",\"steps\":[{\"losses\":[1,2,3],\"grads\":[[1],[2]]}]}",
            "{\"method\":\"ew\",\"steps\":[{\"losses\":[1,NaN],\"grads\":[[1],[2]]}]}",
            "{\"method\":\"no-such-method\",\"steps\":[{\"losses\":[1],\"grads\":[[1]]}]}",
            "{\"method\":\"ew\",\"params\":{\"bogus\":1},\"steps\":[{\"losses\":[1],\"grads\":[[1]]}]}",
        };
        String[] expect = {"ragged", "m = 3", "JSON", "unknown weighting method", "unknown parameter"};
        for (int i = 0; i < bad.length; i++) {
            Path in = dir.resolve("bad" + i + ".json");
            Files.writeString(in, bad[i]);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(2, run(in, out, err), "case " + i);
            String msg = err.toString(StandardCharsets.UTF_8).trim();
            assertEquals(1, msg.split("\n").length, msg);
            assertTrue(msg.contains(expect[i]), "case " + i + ": " + msg);
        }
    }
}
