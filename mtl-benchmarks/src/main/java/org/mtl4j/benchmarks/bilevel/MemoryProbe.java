package org.mtl4j.benchmarks.bilevel;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import org.bytedeco.javacpp.Pointer;

/**
 * Peak memory of a stretch of work: the JVM heap (sum of the heap pools' peak usage, reset at
 * {@link #start()}) and ND4J's off-heap memory (JavaCPP's {@link Pointer#totalBytes()}, the bytes
 * of all live native allocations, sampled by a daemon thread every millisecond). {@link #start()}
 * first runs a full GC so that garbage of earlier work is not counted; the off-heap figure is the
 * peak above the level at the start (what the work allocated and still held, including garbage
 * not yet collected inside the stretch).
 */
final class MemoryProbe implements AutoCloseable {
    private final List<MemoryPoolMXBean> heapPools;
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile long peakOffHeap;
    private long baseOffHeap;

    MemoryProbe() {
        heapPools = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
        sampler = new Thread(() -> {
            while (running) {
                long b = Pointer.totalBytes();
                if (b > peakOffHeap) {
                    peakOffHeap = b;
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }, "memory-probe");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Full GC, then resets the peaks. */
    void start() {
        System.gc();
        System.runFinalization();
        System.gc();
        for (MemoryPoolMXBean p : heapPools) {
            p.resetPeakUsage();
        }
        baseOffHeap = Pointer.totalBytes();
        peakOffHeap = baseOffHeap;
    }

    /** @return bytes: {peak heap used, peak off-heap above the start level, off-heap at the start} */
    long[] stop() {
        long heap = 0;
        for (MemoryPoolMXBean p : heapPools) {
            heap += p.getPeakUsage().getUsed();
        }
        long off = Math.max(peakOffHeap, Pointer.totalBytes());
        return new long[] {heap, off - baseOffHeap, baseOffHeap};
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
