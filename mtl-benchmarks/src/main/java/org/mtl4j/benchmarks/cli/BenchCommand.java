package org.mtl4j.benchmarks.cli;

import picocli.CommandLine.Command;

/** {@code mtl4j bench ...}: speed benchmarks. */
@Command(name = "bench", description = "Speed benchmarks.", subcommands = {BenchStepCommand.class, BenchWeightingCommand.class,
        org.mtl4j.benchmarks.bilevel.BenchBilevelCommand.class})
public final class BenchCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }
}
