package org.mtl4j.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** What a strategy produced over a run of scenario steps, for bit-exact comparisons. */
final class Trace {
    /** Outputs of one step (arrays may be null when not produced). */
    record Entry(long t, double[] weights, double[] direction, double[] trainableGradient, double[] trainableValues) {
    }

    private final List<Entry> entries = new ArrayList<>();

    void add(Entry e) {
        entries.add(e);
    }

    List<Entry> entries() {
        return entries;
    }

    /** @return null if bit-identical, else a description of the first difference */
    static String firstDifference(Trace a, Trace b) {
        if (a.entries.size() != b.entries.size()) {
            return "different number of steps: " + a.entries.size() + " vs " + b.entries.size();
        }
        for (int k = 0; k < a.entries.size(); k++) {
            Entry x = a.entries.get(k);
            Entry y = b.entries.get(k);
            String d = diff("weights", x.weights(), y.weights());
            if (d == null) {
                d = diff("direction", x.direction(), y.direction());
            }
            if (d == null) {
                d = diff("trainable gradient", x.trainableGradient(), y.trainableGradient());
            }
            if (d == null) {
                d = diff("trainable values", x.trainableValues(), y.trainableValues());
            }
            if (d != null) {
                return "step t=" + x.t() + ": " + d;
            }
        }
        return null;
    }

    private static String diff(String what, double[] x, double[] y) {
        if (Arrays.equals(x, y)) {
            return null;
        }
        return what + " differ: " + Arrays.toString(x) + " vs " + Arrays.toString(y);
    }
}
