package org.mtl4j.benchmarks.cli;

import org.mtl4j.benchmarks.asmg.AsmgSyntheticCommand;
import org.mtl4j.benchmarks.bilevel.HypercleaningCommand;
import org.mtl4j.benchmarks.bilevel.MobloToyCommand;
import org.mtl4j.benchmarks.multidigit.TrainCommand;
import org.mtl4j.benchmarks.normal.NormalCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code mtl4j} command-line tool. Its {@code aggregate} JSON and the {@code RESULT {json}}
 * line that ends every run are a contract for other tooling: extend, never rename.
 */
@Command(name = "mtl4j", mixinStandardHelpOptions = true, version = "mtl4j 0.1.0",
        description = "Multi-task learning on the JVM.",
        subcommands = {DemoCommand.class, TrainCommand.class, MethodsCommand.class, AggregateCommand.class, BenchCommand.class,
                AsmgSyntheticCommand.class, NormalCommand.class, MobloToyCommand.class, HypercleaningCommand.class})
public final class Mtl4jCli implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** @param args command line */
    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new Mtl4jCli());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException
                    || ex instanceof java.io.UncheckedIOException) {
                System.err.println(cmd.getCommandName() + ": " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        int code = cl.execute(args);
        System.exit(code);
    }
}
