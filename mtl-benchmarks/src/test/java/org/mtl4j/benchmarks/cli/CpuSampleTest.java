package org.mtl4j.benchmarks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mtl4j.benchmarks.cli.BenchStepCommand.CpuSample;

/** The CPU shares of {@code bench step}: other processes (steal included), the hypervisor's steal, sums of windows. */
class CpuSampleTest {

    @Test
    void sharesOfOneWindowAndOfASumOfWindows() {
        // 100 ticks = 1 s of capacity: 60 ticks busy of which our process 300 ms and the hypervisor 20 ticks
        CpuSample a = new CpuSample(100, 200, 0, 10);
        CpuSample b = new CpuSample(160, 300, 300_000_000L, 30);
        assertEquals(0.3, CpuSample.otherShare(a, b), 1e-12);
        assertEquals(0.2, CpuSample.stealShare(a, b), 1e-12);
        assertEquals(0.1, CpuSample.otherShare(a, b, 200_000_000L), 1e-12, "the torch sessions' 200 ms are not other");
        CpuSample sum = CpuSample.ZERO.plus(a, b).plus(a, b);
        assertEquals(0.3, CpuSample.otherShare(CpuSample.ZERO, sum), 1e-12);
        assertEquals(0.2, CpuSample.stealShare(CpuSample.ZERO, sum), 1e-12);
        assertTrue(Double.isNaN(CpuSample.stealShare(a, a)), "an empty window has no share");
        assertTrue(Double.isNaN(CpuSample.otherShare(CpuSample.ZERO, CpuSample.ZERO.plus(new CpuSample(-1, -1, 0, -1), b))),
                "an unreadable /proc/stat makes the sum unknown");
    }
}
