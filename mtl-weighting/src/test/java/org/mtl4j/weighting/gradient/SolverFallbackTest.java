package org.mtl4j.weighting.gradient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mtl4j.core.weighting.Diagnostics;
import org.mtl4j.core.weighting.FallbackPolicy;

class SolverFallbackTest {

    @Test
    void policies() {
        SolverFallback fail = new SolverFallback("X", FallbackPolicy.FAIL, new double[] {1, 1});
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> fail.fail(7, 3, "diverged"));
        assertTrue(e.getMessage().contains("step 7") && e.getMessage().contains("diverged"), e.getMessage());

        SolverFallback previous = new SolverFallback("X", FallbackPolicy.USE_PREVIOUS, new double[] {1, 1});
        SolverFallback.Outcome first = previous.fail(1, 0, "no");
        assertArrayEquals(new double[] {1, 1}, first.weights(), 0.0);
        assertEquals(Diagnostics.Outcome.FAILED, first.diagnostics().outcome());
        assertTrue(first.diagnostics().fallbackUsed());
        previous.accept(new double[] {0.2, 0.8});
        assertArrayEquals(new double[] {0.2, 0.8}, previous.fail(2, 5, "no").weights(), 0.0);
        assertEquals(5, previous.fail(3, 5, "no").diagnostics().iterations());

        SolverFallback uniform = new SolverFallback("X", FallbackPolicy.USE_UNIFORM, new double[] {1, 1, 1, 1});
        uniform.accept(new double[] {1, 0, 0, 0});
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, uniform.fail(1, 0, "no").weights(), 0.0);
    }

    @Test
    void stateRoundTrip() {
        SolverFallback a = new SolverFallback("X", FallbackPolicy.USE_PREVIOUS, new double[] {1, 1});
        assertTrue(a.save().isEmpty());
        a.accept(new double[] {0.3, 0.7});
        Map<String, double[]> s = a.save();
        SolverFallback b = new SolverFallback("X", FallbackPolicy.USE_PREVIOUS, new double[] {1, 1});
        b.load(s);
        assertArrayEquals(new double[] {0.3, 0.7}, b.previous(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> b.load(Map.of(SolverFallback.STATE_KEY, new double[3])));
        assertThrows(IllegalArgumentException.class, () -> b.load(Map.of(SolverFallback.STATE_KEY, new double[] {1, Double.NaN})));
        a.reset();
        assertEquals(null, a.previous());
    }
}
