package org.mtl4j.benchmarks.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintStream;
import java.util.Map;
import org.mtl4j.core.io.Json;

/**
 * The {@code RESULT {json}} line that ends the standard output of every command that runs
 * something: a stable, single-line contract read by other tooling.
 */
public final class ResultLine {
    private ResultLine() {
    }

    /** Prints {@code RESULT } followed by {@code fields} as one line of JSON. */
    public static void print(PrintStream out, Map<String, ?> fields) {
        try {
            out.println("RESULT " + Json.mapper().writeValueAsString(fields));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise result", e);
        }
    }
}
