package org.mtl4j.benchmarks.data.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtl4j.benchmarks.data.DatasetFormatException;
import org.mtl4j.benchmarks.data.LabeledImages;

class NpmMnistReaderTest {
    @TempDir
    Path dir;

    /** Class d has d % 3 + 1 images; pixel p of image k of class d is ((d·31 + k·7 + p) mod 256) / 256. */
    private static float[][] fixture() {
        float[][] perClass = new float[10][];
        for (int d = 0; d < 10; d++) {
            int count = d % 3 + 1;
            perClass[d] = new float[count * 784];
            for (int k = 0; k < count; k++) {
                for (int p = 0; p < 784; p++) {
                    perClass[d][k * 784 + p] = value(d, k, p);
                }
            }
        }
        return perClass;
    }

    private static float value(int d, int k, int p) {
        return ((d * 31 + k * 7 + p) % 256) / 256f;
    }

    @Test
    void readsDigitsInClassOrderWithExactValues() throws Exception {
        MnistFixtures.writeNpmDigits(dir, fixture());
        LabeledImages data = NpmMnistReader.read(dir);
        assertEquals(28, data.rows());
        assertEquals(28, data.cols());
        int expectedTotal = 0;
        for (int d = 0; d < 10; d++) {
            expectedTotal += d % 3 + 1;
        }
        assertEquals(expectedTotal, data.size());
        int i = 0;
        for (int d = 0; d < 10; d++) {
            for (int k = 0; k < d % 3 + 1; k++, i++) {
                assertEquals(d, data.label(i), "label of image " + i);
                for (int p = 0; p < 784; p += 97) {
                    assertEquals(value(d, k, p), data.pixel(i, p / 28, p % 28), "image " + i + " pixel " + p);
                }
            }
        }
    }

    @Test
    void readsDecimalValuesAsWrittenInThePackage() throws Exception {
        MnistFixtures.writeNpmDigits(dir, fixture());
        StringBuilder json = new StringBuilder("{\"data\": [0.624, 0.992");
        for (int p = 2; p < 784; p++) {
            json.append(",0");
        }
        Files.writeString(dir.resolve("4.json"), json.append("]}"));
        LabeledImages data = NpmMnistReader.read(dir);
        int first4 = 1 + 2 + 3 + 1; // classes 0..3 have 1, 2, 3, 1 images
        assertEquals(4, data.label(first4));
        assertEquals(0.624f, data.pixel(first4, 0, 0));
        assertEquals(0.992f, data.pixel(first4, 0, 1));
        assertEquals(5, data.label(first4 + 1));
    }

    private DatasetFormatException failWith(String badJsonFor3) throws Exception {
        MnistFixtures.writeNpmDigits(dir, fixture());
        Files.writeString(dir.resolve("3.json"), badJsonFor3);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> NpmMnistReader.read(dir));
        assertEquals(dir.resolve("3.json"), e.file());
        assertTrue(e.getMessage().startsWith(dir.resolve("3.json").toString()), e.getMessage());
        return e;
    }

    private static void assertContains(Exception e, String fragment) {
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }

    @Test
    void truncatedJsonIsRejected() throws Exception {
        assertContains(failWith("{\"data\": [0, 0.5, 1"), "malformed JSON");
    }

    @Test
    void garbageIsRejected() throws Exception {
        assertContains(failWith("not json at all"), "malformed JSON");
    }

    @Test
    void missingDataFieldIsRejected() throws Exception {
        assertContains(failWith("{\"pixels\": [0, 1]}"), "no \"data\" field");
    }

    @Test
    void dataThatIsNotAnArrayIsRejected() throws Exception {
        assertContains(failWith("{\"data\": 5}"), "must be an array");
    }

    @Test
    void nonNumericValueIsRejected() throws Exception {
        assertContains(failWith("{\"data\": [0, \"x\"]}"), "\"data\"[1] must be a number");
    }

    @Test
    void valueOutsideUnitIntervalIsRejected() throws Exception {
        assertContains(failWith("{\"data\": [0, 1.5]}"), "\"data\"[1] = 1.5 is outside [0, 1]");
    }

    @Test
    void lengthThatIsNotAMultipleOf784IsRejected() throws Exception {
        StringBuilder json = new StringBuilder("{\"data\": [0");
        for (int p = 1; p < 785; p++) {
            json.append(",0");
        }
        assertContains(failWith(json.append("]}").toString()), "785 values, not a multiple of 784");
    }

    @Test
    void emptyDataIsRejected() throws Exception {
        assertContains(failWith("{\"data\": []}"), "no images");
    }

    @Test
    void topLevelArrayIsRejected() throws Exception {
        assertContains(failWith("[0, 1]"), "expected a JSON object");
    }

    @Test
    void missingDigitFileIsNamed() throws Exception {
        MnistFixtures.writeNpmDigits(dir, fixture());
        Files.delete(dir.resolve("7.json"));
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> NpmMnistReader.read(dir));
        assertTrue(e.getMessage().contains(dir.resolve("7.json").toString()), e.getMessage());
    }
}
