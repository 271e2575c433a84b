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
        assertEquals(List.of(NormalAblation.FIRST_ORDER_NODE), cfg.ablations());
        NormalCommand several = new NormalCommand();
        new CommandLine(several).parseArgs("--ablation", "none,fixed-identical,exponential");
        assertEquals(List.of(NormalAblation.NONE, NormalAblation.FIXED_IDENTICAL, NormalAblation.EXPONENTIAL_POSITIONS),
                several.toConfig().ablations());
        NormalCommand twice = new NormalCommand();
        new CommandLine(twice).parseArgs("--ablation", "none,none");
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, twice::toConfig);
        assertTrue(dup.getMessage().contains("distinct"), dup.getMessage());
        assertEquals(List.of(4), cfg.steps());
        NormalCommand bad = new NormalCommand();
        new CommandLine(bad).parseArgs("--k", "1");
        assertThrows(IllegalArgumentException.class, bad::toConfig);
        NormalCommand badAblation = new NormalCommand();
        new CommandLine(badAblation).parseArgs("--ablation", "foo");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, badAblation::toConfig);
        assertTrue(e.getMessage().contains("available"));
    }

    @Test
    void severalAblationsShareTheHpsRunsAndKeepTheirPositions(@TempDir Path dir) throws Exception {
        PrintStream o = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = new CommandLine(new NormalCommand()).execute("--benchmark", "synthetic", "--k", "2", "--seeds", "1",
                    "--epochs", "1", "--max-steps-per-epoch", "2", "--timing-steps", "0", "--position-lr", "0.5",
                    "--ablation", "none,fixed-different,first-order", "--out", dir.toString());
        } finally {
            System.setOut(o);
        }
        String text = out.toString(StandardCharsets.UTF_8).trim();
        assertEquals(0, code, text);
        String[] lines = text.split("\n");
        JsonNode r = Json.mapper().readTree(lines[lines.length - 1].substring("RESULT ".length())).get("results").get(0);
        JsonNode summary = r.get("summary");
        assertEquals(4, summary.size(), "HPS-EW once, then one row per ablation");
        assertEquals("HPS-EW", summary.get(0).get("method").asText());
        assertEquals("NORMAL", summary.get(1).get("method").asText());
        assertEquals("NORMAL-fixed-different", summary.get(2).get("method").asText());
        assertEquals("FIRST_ORDER_NODE", summary.get(3).get("ablation").asText());
        JsonNode fixed = summary.get(2).get("finalPositionsPerSeed");
        assertEquals(1.0, fixed.get("task0").get(0).asDouble(), 0.0);
        assertEquals(1.25, fixed.get("task1").get(0).asDouble(), 0.0);
        assertEquals(1.5, fixed.get("task2").get(0).asDouble(), 0.0);
        Path base = dir.resolve("synthetic");
        assertTrue(Files.exists(base.resolve("positions-K2.png")));
        assertTrue(Files.exists(base.resolve("positions-fixed-different-K2.png")));
        assertTrue(Files.exists(base.resolve("runs").resolve("normal-first-order-k2-seed1.json")));
        assertTrue(!Files.exists(base.resolve("runs").resolve("hps-ew-seed1-positions.json")));
        // the run record of a NORMAL run carries the positions of each epoch; HPS-EW's does not
        JsonNode rec = Json.mapper().readTree(base.resolve("runs").resolve("normal-fixed-different-k2-seed1.json").toFile());
        assertEquals(1.25, rec.get("epochs").get(0).get("modelState").get("transform").get("taskPositions").get("task1")
                .asDouble(), 0.0);
        JsonNode hps = Json.mapper().readTree(base.resolve("runs").resolve("hps-ew-seed1.json").toFile());
        assertTrue(!hps.get("epochs").get(0).has("modelState"));
        List<String> results = Files.readAllLines(base.resolve("results.csv"));
        assertEquals(1 + 4 * 3, results.size(), "header + 4 runs × 3 tasks");
    }
}
