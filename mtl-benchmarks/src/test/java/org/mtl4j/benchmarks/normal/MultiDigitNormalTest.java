package org.mtl4j.benchmarks.normal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtl4j.benchmarks.data.mnist.MultiDigitKind;
import org.mtl4j.benchmarks.data.mnist.MultiDigitSizes;
import org.mtl4j.benchmarks.data.mnist.SplitCounts;
import org.mtl4j.benchmarks.multidigit.MultiDigitBenchmark;
import org.mtl4j.models.normal.NormalAblation;
import org.mtl4j.models.normal.PositionGradient;
import org.mtl4j.models.ode.OdeMethod;
import picocli.CommandLine;

/** NORMAL vs HPS-EW on tiny Multi-Fashion fixtures (LeNet encoder), and the missing-data message. */
class MultiDigitNormalTest {

    /** Gzip IDX files: images with a class-dependent bright stripe plus noise, labels k % 10. */
    private static void writeFashion(Path dir, String prefix, int n, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        ByteBuffer images = ByteBuffer.allocate(16 + n * 784).putInt(2051).putInt(n).putInt(28).putInt(28);
        ByteBuffer labels = ByteBuffer.allocate(8 + n).putInt(2049).putInt(n);
        for (int k = 0; k < n; k++) {
            int cls = k % 10;
            labels.put((byte) cls);
            for (int p = 0; p < 784; p++) {
                images.put((byte) ((p / 28) / 3 == cls ? 200 + rng.nextInt(40) : rng.nextInt(40)));
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

    @Test
    void multiFashionRunTrainsBothModelsAndRecordsPositions(@TempDir Path tmp) throws IOException {
        Path data = tmp.resolve("data");
        Path dir = Files.createDirectories(data.resolve("fashion-mnist"));
        writeFashion(dir, "train", 120, 11);
        writeFashion(dir, "t10k", 60, 12);
        MultiDigitBenchmark settings = MultiDigitBenchmark.defaults(MultiDigitKind.MULTI_FASHION)
                .withSizes(new MultiDigitSizes(MultiDigitSizes.defaults().mnistSources(), new SplitCounts(80, 40, 40),
                        new SplitCounts(48, 24, 24)))
                .withBatchSize(16);
        MultiDigitSetup setup = new MultiDigitSetup(settings.load(data), 1e-3);
        NormalExperiment.Config config = new NormalExperiment.Config(2, List.of(1L), List.of(2), OdeMethod.EXPLICIT_EULER,
                PositionGradient.THESIS, 0.1, NormalAblation.NONE, 0, 1, 2, 1, List.of(2), tmp.resolve("out"));
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        Map<String, Object> result = new NormalExperiment(config, new PrintStream(text, true, StandardCharsets.UTF_8)).run(setup);
        assertEquals("multi-fashion", result.get("benchmark"));
        assertEquals(List.of("top-left", "bottom-right"), result.get("tasks"));
        List<String> positions = Files.readAllLines(tmp.resolve("out").resolve("multi-fashion").resolve("positions.csv"));
        assertEquals(1 + 3 * 2, positions.size(), "header + (initial + 2 epochs) × 2 tasks");
        assertTrue(Files.size(tmp.resolve("out").resolve("multi-fashion").resolve("positions-K2.png")) > 0);
        assertTrue(text.toString(StandardCharsets.UTF_8).contains("NORMAL"));
    }

    @Test
    void missingDataSaysHowToFetchIt(@TempDir Path tmp) {
        NormalCommand cmd = new NormalCommand();
        new CommandLine(cmd).parseArgs("--benchmark", "multi-fashion", "--data-dir", tmp.resolve("nothing").toString());
        IllegalStateException e = assertThrows(IllegalStateException.class, cmd::call);
        assertTrue(e.getMessage().contains("fetch-data"), e.getMessage());
    }
}
