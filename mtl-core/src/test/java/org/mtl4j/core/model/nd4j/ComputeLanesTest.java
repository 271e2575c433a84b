package org.mtl4j.core.model.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ComputeLanesTest {

    @Test
    void oneLaneRunsBothPiecesInOrderOnTheCallingThread() {
        ComputeLanes lanes = ComputeLanes.single();
        StringBuilder order = new StringBuilder();
        AtomicReference<Thread> second = new AtomicReference<>();
        lanes.run(() -> order.append('a'), () -> {
            order.append('b');
            second.set(Thread.currentThread());
        });
        assertEquals("ab", order.toString());
        assertSame(Thread.currentThread(), second.get());
        assertEquals(1, lanes.lanes());
    }

    @Test
    void twoLanesRunEveryPieceExactlyOnceAndTheSecondMostlyOnTheWorker() {
        try (ComputeLanes lanes = ComputeLanes.two()) {
            assertEquals(2, lanes.lanes());
            int calls = 20_000;
            int[] firsts = new int[1];
            AtomicInteger seconds = new AtomicInteger();
            AtomicInteger onWorker = new AtomicInteger();
            Thread caller = Thread.currentThread();
            long[] sink = new long[2];
            for (int i = 0; i < calls; i++) {
                lanes.run(() -> {
                    firsts[0]++;
                    sink[0] += busyWork(200);
                }, () -> {
                    seconds.incrementAndGet();
                    sink[1] += busyWork(200);
                    if (Thread.currentThread() != caller) {
                        onWorker.incrementAndGet();
                    }
                });
                // the second piece has finished when run returns: its effects are visible here
                assertEquals(i + 1, seconds.get());
            }
            assertEquals(calls, firsts[0]);
            assertEquals(sink[0], sink[1], "both pieces did the same work");
            // a piece the worker has not started when the caller's piece ends is run by the caller
            assertNotEquals(0, onWorker.get(), "the worker ran none of " + calls + " pieces");
        }
    }

    static long busyWork(int n) {
        long h = 1;
        for (int i = 0; i < n; i++) {
            h = h * 31 + i;
        }
        return h;
    }

    @Test
    void aPieceThatThrowsIsRethrownOnTheCallingThreadAndTheLanesStayUsable() {
        try (ComputeLanes lanes = ComputeLanes.two()) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> lanes.run(() -> { }, () -> {
                        throw new IllegalStateException("second failed");
                    }));
            assertEquals("second failed", e.getMessage());
            IllegalArgumentException first = assertThrows(IllegalArgumentException.class,
                    () -> lanes.run(() -> {
                        throw new IllegalArgumentException("first failed");
                    }, () -> {
                        throw new IllegalStateException("second failed");
                    }));
            assertEquals("first failed", first.getMessage(), "the first piece's failure wins");
            AssertionError err = assertThrows(AssertionError.class, () -> lanes.run(() -> { }, () -> {
                throw new AssertionError("an error");
            }));
            assertEquals("an error", err.getMessage());
            int[] ran = new int[2];
            lanes.run(() -> ran[0]++, () -> ran[1]++);
            assertEquals(1, ran[0]);
            assertEquals(1, ran[1]);
        }
    }

    @Test
    void nestedCallsRunSequentiallyWithoutDeadlock() {
        try (ComputeLanes lanes = ComputeLanes.two()) {
            AtomicInteger count = new AtomicInteger();
            Runnable inner = () -> lanes.run(count::incrementAndGet, count::incrementAndGet);
            lanes.run(inner, inner);
            assertEquals(4, count.get());
        }
    }

    @Test
    void afterCloseEverythingRunsOnTheCallingThread() throws InterruptedException {
        ComputeLanes lanes = ComputeLanes.two();
        lanes.close();
        assertEquals(1, lanes.lanes());
        AtomicReference<Thread> where = new AtomicReference<>();
        lanes.run(() -> { }, () -> where.set(Thread.currentThread()));
        assertSame(Thread.currentThread(), where.get());
        lanes.close();
    }

    @Test
    void autoFollowsMtl4jLanesThenOneOpenMpThreadOnSeveralCores() {
        assertEquals(1, ComputeLanes.lanesFor("1", "1", 8), "the user's setting wins");
        assertEquals(2, ComputeLanes.lanesFor(" 2 ", null, 1));
        assertEquals(2, ComputeLanes.lanesFor(null, "1", 2));
        assertEquals(2, ComputeLanes.lanesFor("", "1", 16));
        assertEquals(1, ComputeLanes.lanesFor(null, "1", 1), "one core");
        assertEquals(1, ComputeLanes.lanesFor(null, "4", 8), "ops already use several OpenMP threads");
        assertEquals(1, ComputeLanes.lanesFor(null, null, 8), "OpenMP's default: all cores per op");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ComputeLanes.lanesFor("3", "1", 2));
        assertEquals("MTL4J_LANES must be 1 or 2, found '3'", e.getMessage());
    }

    @Test
    void nullPiecesAreRejected() {
        try (ComputeLanes lanes = ComputeLanes.two()) {
            assertThrows(NullPointerException.class, () -> lanes.run(null, () -> { }));
            assertThrows(NullPointerException.class, () -> lanes.run(() -> { }, null));
        }
    }
}
