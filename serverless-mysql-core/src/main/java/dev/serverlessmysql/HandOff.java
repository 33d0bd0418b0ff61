package dev.serverlessmysql;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongUnaryOperator;

/**
 * Housekeeping handed off by {@code endInvocation()}, with the thread that called it: the
 * extension starts it once that thread has sent the response, so that the response does not
 * share the CPU with it (a Lambda environment has a fraction of a core).
 *
 * <p>"Sent" is read from the thread's CPU time, which the operating system keeps per thread and
 * the JVM reads without stopping the thread: after {@code endInvocation()} the runtime's thread
 * computes (leaves the handler, serializes, posts the response) and then blocks in its
 * {@code /next} call (or, briefly, for the answer to its POST), where its CPU time stands still.
 * An earlier version sampled the thread's stack instead; each sample stopped the thread in a
 * handshake and cost tens of microseconds of the environment's CPU, on the response's path.
 *
 * <p>Immutable: made on the thread in {@code endInvocation()}, queued under the {@link InvokePhase}'s
 * monitor, and read by the extension's thread, which alone waits in {@link #awaitResponseSent}.
 */
record HandOff(Consumer<Duration> housekeeping, long threadId, long atMs) {

    /**
     * The thread has sent the response once its CPU time stood still over this many consecutive
     * looks ({@link #LOOK_EVERY} apart, so about 2 ms). Counted in looks, not in elapsed time: a
     * pause that stops every thread of the environment (its CPU quota spent, a freeze) stops the
     * looks too, and the thread's CPU time must then stand still over the looks after it.
     */
    static final int STILL_LOOKS = 4;
    /** How often the extension's thread reads the other thread's CPU time. */
    static final Duration LOOK_EVERY = Duration.ofNanos(500_000);
    /** Housekeeping starts at the latest this long after the hand-off, whatever the runtime thread does. */
    static final Duration RESPONSE_WAIT = Duration.ofMillis(50);

    /** Called on the thread in {@code endInvocation()}. */
    static HandOff here(Consumer<Duration> housekeeping) {
        return new HandOff(housekeeping, Thread.currentThread().getId(), System.currentTimeMillis());
    }

    /**
     * Loads the JVM's thread management during init, on the extension's thread, rather than at
     * the first hand-off, after the first invocation.
     */
    static void prepare() {
        CpuTime.of(Thread.currentThread().getId());
    }

    /**
     * Waits, at most {@link #RESPONSE_WAIT} and not past {@code giveUpAtMs}, until the thread's CPU
     * time has stood still over {@link #STILL_LOOKS} looks: the response is sent. Returns at once
     * when the JVM cannot tell a thread's CPU time, or the thread has ended. Returns the number of
     * looks taken.
     */
    int awaitResponseSent(long giveUpAtMs) {
        return awaitStill(CpuTime::of, giveUpAtMs);
    }

    /**
     * {@link #awaitResponseSent} with the CPU clock given: {@code cpuTimeOf} answers the thread's
     * CPU time in nanoseconds, negative when it cannot. Returns the number of looks taken.
     */
    int awaitStill(LongUnaryOperator cpuTimeOf, long giveUpAtMs) {
        long last = cpuTimeOf.applyAsLong(threadId);
        int looks = 0;
        if (last < 0) {
            return looks;
        }
        long start = System.nanoTime();
        int still = 0;
        while (still < STILL_LOOKS && System.nanoTime() - start < RESPONSE_WAIT.toNanos()
                && System.currentTimeMillis() < giveUpAtMs) {
            LockSupport.parkNanos(LOOK_EVERY.toNanos());
            long now = cpuTimeOf.applyAsLong(threadId);
            looks++;
            if (now < 0) {
                return looks;
            }
            still = now == last ? still + 1 : 0;
            last = now;
        }
        return looks;
    }

    /**
     * The JVM's per-thread CPU clock, loaded on first use; absent where the runtime image leaves
     * out {@code java.management} (a jlink'ed custom runtime) or the JVM cannot read it.
     */
    private static final class CpuTime {
        static final ThreadMXBean THREADS = load();

        private static ThreadMXBean load() {
            try {
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                return threads.isThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled() ? threads : null;
            } catch (LinkageError | RuntimeException e) {
                return null;
            }
        }

        /** The thread's CPU time in nanoseconds; -1 when it ended or the JVM cannot tell. */
        static long of(long threadId) {
            return THREADS == null ? -1 : THREADS.getThreadCpuTime(threadId);
        }
    }
}
