package org.mtl4j.benchmarks.normal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtl4j.core.io.Json;
import org.mtl4j.models.normal.NormalAblation;
import org.mtl4j.models.ode.OdeMethod;
import picocli.CommandLine;

/** A tiny run of {@code normal}: files, positions, timing ratios and the RESULT line. */
class NormalCommandTest {

    @Test
    void smokeRunWritesResultsPositionsPlotAndTiming(@TempDir Path dir) throws Exception {
        PrintStream o = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = new CommandLine(new NormalCommand()).execute("--benchmark", "synthetic", "--k", "2", "--timing-k", "2,3", "--seeds", "1",
                    "--epochs", "2", "--max-steps-per-epoch", "3", "--timing-warmup", "1", "--timing-steps", "2",
                    "--timing-rounds", "2", "--position-lr", "0.5", "--out", dir.toString());
        } finally {
            System.setOut(o);
        }
        String text = out.toString(StandardCharsets.UTF_8).trim();
        assertEquals(0, code, text);
        String[] lines = text.split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.startsWith("RESULT {"), last);
        JsonNode r = Json.mapper().readTree(last.substring("RESULT ".length())).get("results").get(0);
        assertEquals("synthetic", r.get("benchmark").asText());
        assertEquals(3, r.get("summary").size(), "HPS-EW, K = 2 (trained and timed), K = 3 (timed only)");
        assertEquals(0, r.get("summary").get(2).get("trainingRuns").asInt());
        assertTrue(r.get("summary").get(2).get("stepTimeRatioToHpsEw").asDouble() > 0);
        JsonNode k2 = r.get("summary").get(1);
        assertEquals(2, k2.get("k").asInt());
        assertEquals(3, k2.get("finalPositionsPerSeed").size(), "one position per task");
        assertTrue(k2.get("stepTimeRatioToHpsEw").asDouble() > 0);
        assertEquals(1.0, r.get("summary").get(0).get("stepTimeRatioToHpsEw").asDouble(), 0.0);
        for (JsonNode f : r.get("files")) {
            assertTrue(Files.size(Path.of(f.asText())) > 0, f.asText());
        }
        Path base = dir.resolve("synthetic");
        assertTrue(Files.exists(base.resolve("positions-K2.png")));
        List<String> positions = Files.readAllLines(base.resolve("positions.csv"));
        // header + 1 K × 1 seed × (initial + 2 epochs) × 3 tasks
        assertEquals(1 + 3 * 3, positions.size());
        assertTrue(!Files.exists(base.resolve("positions-K3.png")), "no training run at K = 3");
        assertTrue(Files.exists(base.resolve("runs").resolve("normal-k2-seed1-positions.json")));
    }

    @Test
    void optionsAreTranslatedAndValidated() {
        NormalCommand c = new NormalCommand();
        new CommandLine(c).parseArgs("--solver", "rk4", "--ablation", "first-order", "--k", "4");
        NormalExperiment.Config cfg = c.toConfig();
        assertEquals(OdeMethod.RK4, cfg.method());
        assertEquals(NormalAblation.FIRST_ORDER_NODE, cfg.ablation());
        assertEquals(List.of(4), cfg.steps());
        NormalCommand bad = new NormalCommand();
        new CommandLine(bad).parseArgs("--k", "1");
        assertThrows(IllegalArgumentException.class, bad::toConfig);
        NormalCommand badAblation = new NormalCommand();
        new CommandLine(badAblation).parseArgs("--ablation", "foo");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, badAblation::toConfig);
        assertTrue(e.getMessage().contains("available"));
    }
}
