package org.mtl4j.benchmarks.data.mnist;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.mtl4j.benchmarks.data.LabeledImages;

/** Builds tiny data files in the original formats, and in-memory source sets, for tests. */
final class MnistFixtures {
    private MnistFixtures() {
    }

    /** IDX images: magic, n, rows, cols (big-endian int32), then the pixel bytes. */
    static byte[] idxImages(int magic, int n, int rows, int cols, byte[] pixels) {
        ByteBuffer b = ByteBuffer.allocate(16 + pixels.length);
        b.putInt(magic).putInt(n).putInt(rows).putInt(cols).put(pixels);
        return b.array();
    }

    /** IDX labels: magic, n (big-endian int32), then one byte per label. */
    static byte[] idxLabels(int magic, int[] labels) {
        ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
        b.putInt(magic).putInt(labels.length);
        for (int l : labels) {
            b.put((byte) l);
        }
        return b.array();
    }

    static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }

    static Path write(Path file, byte[] content, boolean gzip) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, gzip ? gzip(content) : content);
        return file;
    }

    /** Writes {@code <d>.json} = {"data": [...]} for each class d, values printed with Float.toString. */
    static void writeNpmDigits(Path dir, float[][] perClass) throws IOException {
        Files.createDirectories(dir);
        for (int d = 0; d < perClass.length; d++) {
            StringBuilder json = new StringBuilder("{ \"data\": [");
            for (int k = 0; k < perClass[d].length; k++) {
                json.append(k == 0 ? "" : ",").append(perClass[d][k]);
            }
            json.append("]}");
            Files.writeString(dir.resolve(d + ".json"), json);
        }
    }

    /**
     * 28×28 images, image k constant at value {@code (base + k + 1) / 1024} (exact in float), label
     * {@code labels[k]}: the value tells which source image a canvas pixel came from.
     */
    static LabeledImages constantImages(int base, int[] labels) {
        int n = labels.length;
        float[] pixels = new float[n * 784];
        for (int k = 0; k < n; k++) {
            java.util.Arrays.fill(pixels, k * 784, (k + 1) * 784, constantValue(base, k));
        }
        return new LabeledImages(28, 28, pixels, labels);
    }

    static float constantValue(int base, int k) {
        return (base + k + 1) / 1024f;
    }

    static int[] cyclicLabels(int n, int shift) {
        int[] labels = new int[n];
        for (int k = 0; k < n; k++) {
            labels[k] = (k + shift) % 10;
        }
        return labels;
    }
}
