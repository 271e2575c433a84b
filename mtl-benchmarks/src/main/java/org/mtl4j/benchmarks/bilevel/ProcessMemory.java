package org.mtl4j.benchmarks.bilevel;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Memory figures of the current process: resident set size now and its high-water mark
 * ({@code VmRSS}, {@code VmHWM} of {@code /proc/self/status}; they include the JVM heap and
 * ND4J's native buffers, which no Java-side counter sees), and the peak used JVM heap (sum of
 * the heap pools' peak usage since {@link #resetHeapPeak()}).
 */
final class ProcessMemory {
    private ProcessMemory() {
    }

    /** @return VmRSS in bytes (−1 if unavailable) */
    static long rssBytes() {
        return statusKb("VmRSS:") * 1024;
    }

    /** @return VmHWM (peak resident set size) in bytes (−1 if unavailable) */
    static long peakRssBytes() {
        return statusKb("VmHWM:") * 1024;
    }

    static void resetHeapPeak() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    /** @return the summed peak usage of the heap pools in bytes */
    static long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static long statusKb(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
