package org.mtl4j.benchmarks.multidigit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtl4j.benchmarks.data.DatasetFormatException;
import org.mtl4j.core.train.RunResult;

class ExperimentSummaryTest {
    @TempDir
    Path tmp;

    @Test
    void meanAndSampleStandardDeviation() {
        MeanStd m = MeanStd.of(0.80, 0.82, 0.84);
        assertEquals(0.82, m.mean(), 1e-12);
        assertEquals(0.02, m.std(), 1e-12); // sqrt((0.0004 + 0 + 0.0004) / 2)
        assertEquals(3, m.n());
        assertEquals(0, MeanStd.of(0.5).std());
        assertThrows(IllegalArgumentException.class, MeanStd::of);
    }

    private static RunOutcome outcome(long seed, double a, double b) {
        Map<String, Map<String, Double>> test = Map.of("top-left", Map.of("accuracy", a), "bottom-right", Map.of("accuracy", b));
        Map<String, Map<String, Double>> val = Map.of("top-left", Map.of("accuracy", a - 0.01), "bottom-right",
                Map.of("accuracy", b - 0.01));
        RunResult r = new RunResult(2, 1, val, test, test, Double.NaN, List.of(), List.of(), "", 1.5, null);
        return new RunOutcome("x", List.of("top-left", "bottom-right"), seed, r, Path.of("runs", "x", "seed-" + seed));
    }

    @Test
    void deltaPIsTheMeanRelativeGainInPercent() {
        // (0.90 − 0.80)/0.80 = +12.5 %, (0.76 − 0.80)/0.80 = −5 %  → Δp = +3.75 %
        double dp = ExperimentSummary.deltaP(outcome(1, 0.90, 0.76), Map.of("top-left", 0.80, "bottom-right", 0.80));
        assertEquals(3.75, dp, 1e-9);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExperimentSummary.deltaP(outcome(1, 0.9, 0.8), Map.of("top-left", 0.8)));
        assertTrue(e.getMessage().contains("bottom-right"), e.getMessage());
    }

    @Test
    void summaryRoundTripsAsBaselineAndMeanDeltaPEqualsDeltaPOfMeans() throws IOException {
        List<String> tasks = List.of("top-left", "bottom-right");
        List<RunOutcome> stlRuns = List.of(
                new RunOutcome("stl", List.of("top-left"), 1, outcome(1, 0.80, 0).result(), Path.of("a")),
                new RunOutcome("stl", List.of("top-left"), 2, outcome(2, 0.82, 0).result(), Path.of("b")),
                new RunOutcome("stl", List.of("bottom-right"), 1, outcome(1, 0, 0.70).result(), Path.of("c")),
                new RunOutcome("stl", List.of("bottom-right"), 2, outcome(2, 0, 0.74).result(), Path.of("d")));
        Map<String, Object> data = Map.of("checksums", Map.of("train", "abc", "test", "def"));
        Map<String, Object> stl = ExperimentSummary.build("multi-fashion", "stl", Map.of(), tasks, stlRuns,
                TrainProtocol.adam(2), data, null);
        Path file = ExperimentSummary.write(stl, tmp.resolve("stl"));
        ExperimentSummary.StlBaseline base = ExperimentSummary.StlBaseline.read(file);
        assertEquals(0.81, base.test().get("top-left"), 1e-12);
        assertEquals(0.72, base.test().get("bottom-right"), 1e-12);
        assertEquals(0.80, base.validation().get("top-left"), 1e-12);
        assertEquals("abc", base.checksums().get("train"));
        assertEquals("multi-fashion", base.benchmark());
        assertEquals(Map.of("accuracy", 0.71), base.selectionBaselines().get("bottom-right"));

        List<RunOutcome> mtl = List.of(outcome(1, 0.83, 0.70), outcome(2, 0.85, 0.76));
        Map<String, Object> s = ExperimentSummary.build("multi-fashion", "ew", Map.of(), tasks, mtl, TrainProtocol.adam(2), data, base);
        MeanStd dp = (MeanStd) s.get("deltaP");
        double meanA = 0.84;
        double meanB = 0.73;
        assertEquals(100 * ((meanA - 0.81) / 0.81 + (meanB - 0.72) / 0.72) / 2, dp.mean(), 1e-9);
        double dp1 = 100 * ((0.83 - 0.81) / 0.81 + (0.70 - 0.72) / 0.72) / 2;
        double dp2 = 100 * ((0.85 - 0.81) / 0.81 + (0.76 - 0.72) / 0.72) / 2;
        assertArrayEquals(new double[] {dp1, dp2}, dp.values(), 1e-9);
        ExperimentSummary.write(s, tmp.resolve("ew"));
        List<String> csv = Files.readAllLines(tmp.resolve("ew").resolve("summary.csv"));
        assertEquals("method,task,metric,mean,std,n,values", csv.get(0));
        assertTrue(csv.contains("ew,top-left,testAccuracy,0.840000,0.0141421,2,0.830000;0.850000"), csv.toString());
        assertTrue(csv.get(csv.size() - 1).startsWith("ew,all,deltaP,"), csv.toString());
    }

    @Test
    void aFileThatIsNotAnStlSummaryIsRefusedByName() throws IOException {
        Path bad = Files.writeString(tmp.resolve("bad.json"), "{\"format\": \"mtl4j-summary/1\", \"method\": \"ew\"}");
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> ExperimentSummary.StlBaseline.read(bad));
        assertTrue(e.getMessage().contains("bad.json") && e.getMessage().contains("not an STL summary"), e.getMessage());
        Path broken = Files.writeString(tmp.resolve("broken.json"), "{\"format\": ");
        e = assertThrows(DatasetFormatException.class, () -> ExperimentSummary.StlBaseline.read(broken));
        assertTrue(e.getMessage().contains("broken.json"), e.getMessage());
    }
}
