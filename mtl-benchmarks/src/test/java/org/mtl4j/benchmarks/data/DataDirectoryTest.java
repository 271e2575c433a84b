package org.mtl4j.benchmarks.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DataDirectoryTest {
    @Test
    void environmentVariableWins() {
        assertEquals(Path.of("/srv/data"), DataDirectory.resolve(Map.of("MTL4J_DATA", "/srv/data"), "/home/u"));
    }

    @Test
    void defaultIsUnderTheHomeDirectory() {
        assertEquals(Path.of("/home/u/.mtl4j/data"), DataDirectory.resolve(Map.of(), "/home/u"));
        assertEquals(Path.of("/home/u/.mtl4j/data"), DataDirectory.resolve(Map.of("MTL4J_DATA", " "), "/home/u"));
    }

    @Test
    void missingHomeWithoutVariableIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> DataDirectory.resolve(Map.of(), ""));
    }
}
