package org.mtl4j.benchmarks.asmg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtl4j.weighting.blackbox.SyntheticProblem;

import picocli.CommandLine;

/** A tiny grid end to end: CSV traces, PNG plot, summary, result figures consistent with the files. */
class AsmgSyntheticExperimentTest {

    @Test
    void tinyGridWritesConsistentFiles(@TempDir Path dir) throws Exception {
        AsmgSyntheticExperiment.Config base = AsmgSyntheticExperiment.Config.defaults(dir);
        AsmgSyntheticExperiment.Config config = new AsmgSyntheticExperiment.Config(
                List.of(SyntheticProblem.SHIFT_L1_ELLIPSOID), List.of(5), List.of(6), 40, List.of(0L, 1L),
                List.of(SyntheticMethod.values()), base.beta(), base.esSigma(), base.esLearningRate(),
                base.cmaCovariance(), dir);
        AsmgSyntheticExperiment.Result result = AsmgSyntheticExperiment.run(config);
        assertEquals(8, result.runs().size());
        assertEquals(1, result.plots().size());
        assertTrue(ImageIO.read(Path.of(result.plots().get(0)).toFile()).getWidth() > 100);
        for (AsmgSyntheticExperiment.RunOutcome o : result.runs()) {
            List<String> lines = Files.readAllLines(Path.of(o.csv()));
            assertEquals("iteration,evaluations,distance,F1,F2", lines.get(0));
            assertEquals(o.iterations() + 2, lines.size(), o.method() + ": header + μ₀ + one row per iteration");
            assertTrue(o.evaluations() <= 40L * 7, "budget T(N+1)");
            String[] lastRow = lines.get(lines.size() - 1).split(",");
            assertEquals(o.finalDistance(), Double.parseDouble(lastRow[2]), 0.0, o.method());
            String[] firstRow = lines.get(1).split(",");
            assertEquals("0", firstRow[0]);
            if (!o.method().equals("cma-es")) {
                assertEquals(40, o.iterations());
                assertEquals(40L * 7, o.evaluations());
            }
        }
        // all methods of one seed start from the same μ₀
        double start = Double.parseDouble(Files.readAllLines(Path.of(result.runs().get(0).csv())).get(1).split(",")[2]);
        for (AsmgSyntheticExperiment.RunOutcome o : result.runs()) {
            if (o.seed() == 0) {
                assertEquals(start, Double.parseDouble(Files.readAllLines(Path.of(o.csv())).get(1).split(",")[2]), 0.0);
            }
        }
        assertEquals(9, Files.readAllLines(Path.of(result.summaryCsv())).size());
    }

    @Test
    void commandPrintsResultJson(@TempDir Path dir) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            code = new CommandLine(new AsmgSyntheticCommand()).execute("--problem", "shift-l05", "--dim", "4",
                    "--samples", "5", "--iters", "10", "--seeds", "3", "--methods", "asmg,es", "--out", dir.toString());
        } finally {
            System.setOut(original);
        }
        assertEquals(0, code);
        String out = buffer.toString(StandardCharsets.UTF_8);
        String line = out.lines().filter(l -> l.startsWith("RESULT ")).reduce((a, b) -> b).orElseThrow();
        JsonNode json = new ObjectMapper().readTree(line.substring("RESULT ".length()));
        assertEquals(2, json.get("runs").size());
        assertEquals("shift-l05", json.get("runs").get(0).get("problem").asText());
        assertTrue(Files.exists(Path.of(json.get("summaryCsv").asText())));
    }

    @Test
    void badOptionsAreRejected(@TempDir Path dir) {
        AsmgSyntheticCommand command = new AsmgSyntheticCommand();
        new CommandLine(command).parseArgs("--problem", "shift-l3", "--out", dir.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, command::toConfig);
        assertTrue(e.getMessage().contains("shift-l3"), e.getMessage());
        AsmgSyntheticCommand samples = new AsmgSyntheticCommand();
        new CommandLine(samples).parseArgs("--samples", "1", "--out", dir.toString());
        e = assertThrows(IllegalArgumentException.class, samples::toConfig);
        assertTrue(e.getMessage().contains("samples N must be >= 2"), e.getMessage());
    }
}
