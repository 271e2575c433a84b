package org.mtl4j.benchmarks.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** CI-sized end-to-end run of {@code mtl4j blackbox-mtl} on generated 8×8 data. */
class BlackBoxMtlCommandTest {

    @Test
    void smokeRunWritesFilesAndResultLine(@TempDir Path dir) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            code = new CommandLine(new BlackBoxMtlCommand()).execute("--synthetic-data", "--dim", "4,8",
                    "--methods", "zero-shot,es,cmaes,asmg-ew,asmg", "--seeds", "1,2", "--iters", "6", "--samples", "4",
                    "--batch", "8", "--hidden", "16", "--pretrain-epochs", "1", "--eval-every", "2",
                    "--out", dir.toString());
        } finally {
            System.setOut(original);
        }
        assertEquals(0, code);
        String[] lines = buffer.toString(StandardCharsets.UTF_8).strip().split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.startsWith("RESULT {"), last);
        JsonNode json = new ObjectMapper().readTree(last.substring("RESULT ".length()));
        JsonNode result = json.get("result");
        assertEquals(3, result.get("tasks").size());
        assertEquals(2 * 5 * 2, result.get("runs").size());
        assertEquals(2 * 5, result.get("table").size());
        for (JsonNode run : result.get("runs")) {
            long queries = run.get("queries").asLong();
            assertTrue(queries <= 6L * 5, "budget T(N+1): " + run);
            if (run.get("method").asText().equals("zero-shot")) {
                assertEquals(0, queries);
            }
            if (run.get("method").asText().startsWith("asmg") || run.get("method").asText().equals("es")) {
                assertEquals(30, queries);
            }
            List<String> csv = Files.readAllLines(Path.of(run.get("csv").asText()));
            assertTrue(csv.get(0).startsWith("iteration,queries,loss_lowcontrast"), csv.get(0));
            assertTrue(csv.get(0).endsWith(",mean_acc,sigma_min,sigma_max"), csv.get(0));
            // the final row of the trace is the reported accuracy
            String[] row = csv.get(csv.size() - 1).split(",");
            assertEquals(run.get("meanAccuracy").asDouble(), Double.parseDouble(row[8]), 1e-5);
            // every method starts from v = 0: the same first row as zero-shot of that d and seed
            assertTrue(csv.get(1).startsWith("0,0,"), csv.get(1));
            if (!run.get("method").asText().equals("zero-shot")) {
                assertTrue(Double.parseDouble(row[10]) >= Double.parseDouble(row[9]), "sigma_max >= sigma_min: " + csv);
            }
        }
        for (JsonNode plot : result.get("plots")) {
            assertTrue(ImageIO.read(Path.of(plot.asText()).toFile()).getWidth() > 100);
        }
        assertEquals(1 + 20, Files.readAllLines(Path.of(result.get("summaryCsv").asText())).size());
        assertEquals(1 + 10, Files.readAllLines(Path.of(result.get("tableCsv").asText())).size());
    }

    @Test
    void networkFileIsWrittenThenReusedForIdenticalZeroShot(@TempDir Path dir) throws Exception {
        Path network = dir.resolve("net.bin");
        String[] args = {"--synthetic-data", "--dim", "4", "--methods", "zero-shot", "--seeds", "1", "--iters", "2",
            "--samples", "3", "--hidden", "8", "--pretrain-epochs", "1", "--network", network.toString(), "--out",
            dir.resolve("a").toString()};
        JsonNode first = run(args);
        assertTrue(Files.isRegularFile(network));
        assertEquals(network.toString(), first.get("frozenNetwork").get("savedTo").asText());
        args[args.length - 1] = dir.resolve("b").toString();
        JsonNode second = run(args);
        assertEquals(network.toString(), second.get("frozenNetwork").get("loadedFrom").asText());
        assertEquals(first.get("result").get("runs").get(0).get("testLoss").toString(),
                second.get("result").get("runs").get(0).get("testLoss").toString(), "the same frozen network");
        Files.writeString(network, "garbage");
        assertEquals(1, new CommandLine(new BlackBoxMtlCommand()).execute(args), "a corrupt network file fails");
    }

    private static JsonNode run(String... args) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            code = new CommandLine(new BlackBoxMtlCommand()).execute(args);
        } finally {
            System.setOut(original);
        }
        assertEquals(0, code);
        String[] lines = buffer.toString(StandardCharsets.UTF_8).strip().split("\n");
        return new ObjectMapper().readTree(lines[lines.length - 1].substring("RESULT ".length()));
    }

    @Test
    void unknownMethodIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BlackBoxMethod.fromCliName("sgd"));
        assertTrue(e.getMessage().contains("sgd") && e.getMessage().contains("asmg"), e.getMessage());
        assertEquals(BlackBoxMethod.CMA_ES, BlackBoxMethod.fromCliName("cma-es"));
    }
}
