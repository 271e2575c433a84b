package org.mtl4j.core.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtl4j.core.io.AtomicFiles;
import org.mtl4j.core.io.Json;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checkpoint file: a magic header, the trainer state as JSON, the run record so far as JSON,
 * then named ND4J arrays (parameters, optimiser state). Written atomically
 * ({@link AtomicFiles}): a crash during a write leaves the previous checkpoint intact.
 */
public final class Checkpoint {
    /** File name used inside a checkpoint directory. */
    public static final String FILE_NAME = "checkpoint.mtl4j";
    private static final String MAGIC = "MTL4J-CHECKPOINT-1";

    private Checkpoint() {
    }

    /** The trainer's position and history. */
    record State(int epoch, int nextBatch, long step, List<double[]> epochLosses, List<double[]> epochWeights,
                 double[] lossSums, double[] weightSums, int stepsThisEpoch, int weightedSteps, int bestEpoch, double bestScore,
                 Map<String, Map<String, Double>> epoch0Validation, Map<String, Map<String, Double>> bestValidation,
                 Map<String, Map<String, Double>> bestTest, Map<String, Map<String, Double>> lastTest, int fallbacks,
                 double[] scheduler, Map<String, double[]> strategyState, double[] trainableValues) {
    }

    /** A checkpoint read back. */
    record Loaded(State state, Map<String, Object> record, Map<String, INDArray> arrays) {
    }

    static void write(Path file, State state, Map<String, INDArray> arrays, Map<String, Object> record) {
        ObjectMapper om = Json.mapper();
        AtomicFiles.write(file, os -> {
            DataOutputStream out = new DataOutputStream(os);
            out.writeUTF(MAGIC);
            writeString(out, om.writeValueAsString(state));
            writeString(out, om.writeValueAsString(record));
            out.writeInt(arrays.size());
            for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
                out.writeUTF(e.getKey());
                Nd4j.write(e.getValue(), out);
            }
            out.flush();
        });
    }

    @SuppressWarnings("unchecked")
    static Loaded read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("checkpoint file not found: " + file);
        }
        ObjectMapper om = Json.mapper();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            String magic = in.readUTF();
            if (!MAGIC.equals(magic)) {
                throw new IllegalArgumentException(file + " is not an MTL4J checkpoint (header '" + magic + "')");
            }
            State s = om.readValue(readString(in), State.class);
            Map<String, Object> rec = om.readValue(readString(in), Map.class);
            int n = in.readInt();
            Map<String, INDArray> arrays = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String k = in.readUTF();
                arrays.put(k, Nd4j.read(in));
            }
            return new Loaded(s, rec, arrays);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file + " (truncated or corrupt?)", e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > (1 << 30)) {
            throw new IOException("bad string length " + n);
        }
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new IOException("truncated: expected " + n + " bytes, found " + b.length);
        }
        return new String(b, StandardCharsets.UTF_8);
    }
}
