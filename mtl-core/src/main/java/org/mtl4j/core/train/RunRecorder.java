package org.mtl4j.core.train;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtl4j.core.data.MtlDataSource;
import org.mtl4j.core.io.AtomicFiles;
import org.mtl4j.core.listener.EpochEvent;
import org.mtl4j.core.model.HpsModel;
import org.mtl4j.core.weighting.WeightingConfig;
import org.mtl4j.core.weighting.WeightingRegistry;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Builds the run record (JSON) and rewrites it atomically after every epoch, so a crash never
 * loses what was already measured: versions, backend, dtype, seed, resolved configuration, data
 * checksums, per-epoch losses, metrics and mean task weights, the best epoch, Δp.
 */
final class RunRecorder {
    private final Path path;
    private final Map<String, Object> record = new LinkedHashMap<>();
    private final List<Object> epochs = new ArrayList<>();

    RunRecorder(Path path, HpsModel model, WeightingConfig weighting, TrainerConfig config) {
        this.path = path;
        record.put("format", "mtl4j-run-record/1");
        record.put("library", "mtl4j");
        record.put("version", version());
        record.put("commit", System.getProperty("mtl4j.commit", "unknown"));
        record.put("started", Instant.now().toString());
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("java", System.getProperty("java.version"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        env.put("arch", System.getProperty("os.arch"));
        env.put("nd4jBackend", Nd4j.getBackend().getClass().getSimpleName());
        env.put("ompNumThreads", System.getenv("OMP_NUM_THREADS"));
        record.put("environment", env);
        record.put("dataType", model.dataType().name());
        record.put("seed", config.seed());
        record.put("tasks", model.tasks().names());
        record.put("sharedParameters", model.numSharedParams());
        record.put("totalParameters", model.numParams());
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("type", weighting.getClass().getName());
        w.put("params", WeightingRegistry.resolvedParams(weighting));
        record.put("weighting", w);
        Map<String, Object> tc = new LinkedHashMap<>();
        tc.put("epochs", config.epochs());
        tc.put("optimizer", describe(config.optimizer()));
        tc.put("schedule", describe(config.schedule()));
        tc.put("clipNorm", config.clipNorm());
        tc.put("headPolicy", config.headPolicy().name());
        tc.put("jacobianMode", config.jacobianMode().name());
        tc.put("nonFiniteGuard", config.nonFiniteGuard());
        tc.put("maxStepsPerEpoch", config.maxStepsPerEpoch());
        tc.put("baselines", config.baselines());
        record.put("trainer", tc);
        record.put("epochs", epochs);
    }

    private static Object describe(Object r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", r.getClass().getSimpleName());
        for (var rc : r.getClass().getRecordComponents()) {
            try {
                out.put(rc.getName(), rc.getAccessor().invoke(r));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    static String version() {
        Package p = RunRecorder.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "dev" : v;
    }

    Path path() {
        return path;
    }

    void dataChecksums(MtlDataSource train, MtlDataSource val, MtlDataSource test) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("train", train.checksum());
        d.put("validation", val == null ? null : val.checksum());
        d.put("test", test == null ? null : test.checksum());
        record.put("dataChecksums", d);
        write();
    }

    void epoch(EpochEvent e, double nextLr) {
        Map<String, Object> ep = new LinkedHashMap<>();
        ep.put("epoch", e.epoch());
        ep.put("trainLosses", e.trainLosses());
        ep.put("meanWeights", e.meanWeights());
        ep.put("validation", e.validation());
        ep.put("test", e.test());
        ep.put("selectionScore", e.selectionScore());
        ep.put("seconds", e.seconds());
        ep.put("nextLearningRate", nextLr);
        epochs.add(ep);
        record.put("bestEpoch", e.bestEpoch());
        write();
    }

    void finish(int bestEpoch, Map<String, Map<String, Double>> bestVal, Map<String, Map<String, Double>> bestTest, double deltaP,
                String stopReason, int fallbacks, double seconds) {
        record.put("bestEpoch", bestEpoch);
        record.put("bestValidation", bestVal);
        record.put("bestTest", bestTest);
        record.put("deltaPTest", deltaP);
        record.put("stopReason", stopReason);
        record.put("solverFallbacks", fallbacks);
        record.put("seconds", seconds);
        record.put("finished", Instant.now().toString());
        write();
    }

    /** Adds free-form entries (e.g. benchmark data description) to the record. */
    void put(String key, Object value) {
        record.put(key, value);
    }

    Map<String, Object> snapshot() {
        return new LinkedHashMap<>(record);
    }

    @SuppressWarnings("unchecked")
    void restore(Map<String, Object> saved) {
        if (saved == null) {
            return;
        }
        Object eps = saved.get("epochs");
        epochs.clear();
        if (eps instanceof List<?> l) {
            epochs.addAll((List<Object>) l);
        }
        saved.forEach((k, v) -> {
            if (!k.equals("epochs")) {
                record.putIfAbsent(k, v);
            }
        });
        record.put("resumed", true);
    }

    private void write() {
        if (path != null) {
            AtomicFiles.writeJson(path, record);
        }
    }
}
