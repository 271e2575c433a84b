package org.mtl4j.benchmarks.bilevel;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad options of the hypercleaning command are rejected, naming the value, before any data is read. */
class HypercleaningCommandTest {

    @Test
    void badOptionsAreRejectedWithTheValueBeforeLoadingData(@TempDir Path dir) {
        Path out = dir.resolve("out");
        assertRejected(dir, "--gc-every must be >= 0 iterations, found -1", "--gc-every", "-1", "--data-dir", dir.resolve("none").toString(),
                "--out", out.toString());
        assertRejected(dir, "innerSteps T must be >= 1, found 0", "--inner-steps", "0", "--data-dir", dir.resolve("none").toString(),
                "--out", out.toString());
        assertRejected(dir, "--alpha-optimizer must be adam or sgd, found 'lbfgs'", "--alpha-optimizer", "lbfgs", "--out", out.toString());
        assertTrue(!Files.exists(out), "nothing is written for rejected options");
    }

    private static void assertRejected(Path dir, String message, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new HypercleaningCommand());
        cli.setErr(new PrintWriter(err));
        cli.setExecutionExceptionHandler((ex, line, parsed) -> {
            line.getErr().println(ex.getMessage());
            return 2;
        });
        int code = cli.execute(args);
        assertNotEquals(0, code);
        assertTrue(err.toString().contains(message), err.toString());
    }
}
