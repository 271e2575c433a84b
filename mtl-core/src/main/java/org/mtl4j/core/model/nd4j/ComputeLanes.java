package org.mtl4j.core.model.nd4j;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * One or two lanes of execution for the native modules' hot loops: {@link #run(Runnable, Runnable)}
 * runs two independent pieces of a computation (the two halves of a batch, or of a GEMM's output
 * rows, or two groups of tasks) one after the other on a single lane, or at the same time on the
 * calling thread and one worker thread on two lanes.
 *
 * <p>Why: on small machines one OpenMP thread per ND4J op is fastest (libnd4j's OpenMP pool and
 * OpenBLAS's threads contend, and a parallel region costs more than a small op), so every op runs
 * on one core and the second core idles. Splitting only the large pieces of a step across two
 * Java threads, each issuing single-threaded ops on disjoint views, uses both cores where it
 * pays: a {@code [100, 784] × [784, 512]} GEMM takes 0.88 ms on one lane and 0.52 ms on two here.
 *
 * <p>The hand-off is an atomic slot: the worker spins for {@link #SPIN} after each piece
 * (waking a parked thread costs about 40 µs on these machines, spinning about 5), then parks until
 * the next piece. When its own piece is done, the caller takes the other one back if the worker
 * has not started it (a descheduled or parked worker then costs nothing but the parallelism),
 * else spins until the worker finishes. A piece that throws is rethrown on the calling thread.
 * Nested calls (from inside a piece) run sequentially. The worker is a daemon thread, stopped by
 * {@link #close()} or when the lanes become unreachable. Meant for one calling thread at a time
 * (the model's), like the modules themselves.
 *
 * <p>Results do not depend on the lane count when the pieces write disjoint outputs (each
 * element is computed by the same ops either way), which is how the modules use it.
 */
public final class ComputeLanes implements AutoCloseable {

    /** How long the worker spins for the next piece before parking. */
    public static final Duration SPIN = Duration.ofMillis(1);

    private static final Cleaner CLEANER = Cleaner.create();

    private final Worker worker;
    private final Cleaner.Cleanable cleanable;
    private boolean running;
    private long handOffs;
    private long takenBack;
    private long waitNanos;

    /**
     * What the two-lane hand-offs cost so far (all zero on one lane).
     *
     * @param handOffs  calls of {@link #run} that posted a piece to the worker
     * @param takenBack pieces the caller ran itself because the worker had not started them
     * @param waitNanos time the caller spent waiting for the worker to finish its piece
     */
    public record Stats(long handOffs, long takenBack, long waitNanos) {
    }

    private ComputeLanes(boolean twoLanes) {
        if (twoLanes) {
            this.worker = new Worker(SPIN.toNanos());
            this.cleanable = CLEANER.register(this, worker::stop);
            worker.thread.start();
        } else {
            this.worker = null;
            this.cleanable = null;
        }
    }

    /** @return lanes that run everything on the calling thread */
    public static ComputeLanes single() {
        return new ComputeLanes(false);
    }

    /** @return two lanes: the calling thread and one worker thread */
    public static ComputeLanes two() {
        return new ComputeLanes(true);
    }

    /**
     * Lanes for this process: what the environment variable {@code MTL4J_LANES} says ({@code 1} or
     * {@code 2}; e.g. {@code 1} when several training runs share the machine), else two lanes when
     * the machine has at least two cores and ND4J's ops run on one OpenMP thread each
     * ({@code OMP_NUM_THREADS=1}, as the launcher and the build set it on small machines), else one
     * lane (ops that already use several OpenMP threads would be oversubscribed).
     *
     * @return lanes suited to this process
     * @throws IllegalArgumentException if {@code MTL4J_LANES} is set to something else than 1 or 2
     */
    public static ComputeLanes auto() {
        return autoLanes() == 2 ? two() : single();
    }

    /**
     * @return the number of lanes {@link #auto()} would run (1 or 2), without starting a thread
     * @throws IllegalArgumentException if {@code MTL4J_LANES} is set to something else than 1 or 2
     */
    public static int autoLanes() {
        return lanesFor(System.getenv("MTL4J_LANES"), System.getenv("OMP_NUM_THREADS"), Runtime.getRuntime().availableProcessors());
    }

    /**
     * The rule of {@link #auto()}.
     *
     * @param requested  the value of {@code MTL4J_LANES}, or null
     * @param ompThreads the value of {@code OMP_NUM_THREADS}, or null
     * @param cores      available processors
     * @return 1 or 2
     */
    static int lanesFor(String requested, String ompThreads, int cores) {
        if (requested != null && !requested.isBlank()) {
            return switch (requested.trim()) {
                case "1" -> 1;
                case "2" -> 2;
                default -> throw new IllegalArgumentException("MTL4J_LANES must be 1 or 2, found '" + requested + "'");
            };
        }
        return cores >= 2 && ompThreads != null && "1".equals(ompThreads.trim()) ? 2 : 1;
    }

    /** @return 1 or 2 */
    public int lanes() {
        return worker == null || worker.stopped ? 1 : 2;
    }

    /**
     * Runs both pieces, on two lanes at the same time when there are two; returns when both have
     * finished.
     *
     * @param first  runs on the calling thread
     * @param second runs on the worker (or after {@code first} on one lane)
     * @throws RuntimeException or Error what a piece threw (the first piece's failure wins)
     */
    public void run(Runnable first, Runnable second) {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        if (worker == null || worker.stopped || running || Thread.currentThread() == worker.thread) {
            first.run();
            second.run();
            return;
        }
        running = true;
        try {
            worker.post(second);
            Throwable firstFailure = runCatching(first);
            handOffs++;
            long waitStart = System.nanoTime();
            Throwable secondFailure;
            if (worker.takeBack(second)) {
                takenBack++;
                secondFailure = runCatching(second);
            } else {
                secondFailure = worker.await();
                waitNanos += System.nanoTime() - waitStart;
            }
            Throwable failure = firstFailure != null ? firstFailure : secondFailure;
            if (failure instanceof RuntimeException re) {
                throw re;
            }
            if (failure instanceof Error err) {
                throw err;
            }
        } finally {
            running = false;
            Reference.reachabilityFence(this);
        }
    }

    private static Throwable runCatching(Runnable r) {
        try {
            r.run();
            return null;
        } catch (RuntimeException | Error e) {
            return e;
        }
    }

    /** @return the hand-off counters of this object's calls so far (read on the calling thread) */
    public Stats stats() {
        return new Stats(handOffs, takenBack, waitNanos);
    }

    /** Stops the worker thread (further calls run on one lane). */
    @Override
    public void close() {
        if (cleanable != null) {
            cleanable.clean();
        }
    }

    @Override
    public String toString() {
        return "ComputeLanes[" + lanes() + "]";
    }

    /**
     * The worker: single producer (the caller), single consumer; no reference to the lanes object.
     * The slot holds a posted piece until one side claims it: the worker by swapping in
     * {@link #CLAIMED} (and back to null when done), the caller by taking it back when the worker
     * has not started it by the time the caller's own piece is done (a descheduled or parked
     * worker then costs nothing).
     */
    private static final class Worker implements Runnable {
        static final Runnable CLAIMED = () -> { };
        final Thread thread;
        final long spinNanos;
        final AtomicReference<Runnable> slot = new AtomicReference<>();
        volatile boolean stopped;
        Throwable failure;

        Worker(long spinNanos) {
            this.spinNanos = spinNanos;
            this.thread = new Thread(this, "mtl4j-compute-lane");
            thread.setDaemon(true);
        }

        void post(Runnable r) {
            failure = null;
            slot.set(r);
            LockSupport.unpark(thread);
        }

        /** @return whether the caller took the posted piece back (the worker had not started it) */
        boolean takeBack(Runnable posted) {
            return slot.compareAndSet(posted, null);
        }

        /** Waits for the worker's piece; @return what it threw */
        Throwable await() {
            int spins = 0;
            while (slot.get() != null) {
                if (++spins < 1 << 14) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
            return failure;
        }

        void stop() {
            stopped = true;
            LockSupport.unpark(thread);
        }

        @Override
        public void run() {
            while (true) {
                Runnable r;
                long start = System.nanoTime();
                while ((r = slot.get()) == null || r == CLAIMED || !slot.compareAndSet(r, CLAIMED)) {
                    if (stopped) {
                        return;
                    }
                    if (System.nanoTime() - start < spinNanos) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                }
                try {
                    r.run();
                } catch (Throwable t) {
                    failure = t;
                }
                slot.set(null);
            }
        }
    }
}
