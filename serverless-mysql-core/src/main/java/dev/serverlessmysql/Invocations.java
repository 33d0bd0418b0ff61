package dev.serverlessmysql;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The invocations a DataSource serves now, as {@code beginInvocation} and {@code endInvocation}
 * mark them: each thread's deadline, and how many have begun and not ended on any thread.
 *
 * <p>Guards: {@link #deadlines} is per thread (on Lambda Managed Instances concurrent requests run
 * on their own threads, each with its own deadline); {@link #open} is changed only by a thread
 * setting or removing its own entry, so it counts the threads that hold one.
 */
final class Invocations {

    private final Clock clock;
    /** The configured reserve, or null for the default (10 % of the time left, 100 ms to 1 s). */
    private final Duration reserve;
    /** Each thread's invocation deadline; no entry: none known, lease-timeout alone bounds the waits. */
    private final ThreadLocal<InvocationDeadline> deadlines = new ThreadLocal<>();
    /** Threads that began an invocation and have not ended it. */
    private final AtomicInteger open = new AtomicInteger();

    Invocations(Clock clock, Duration reserve) {
        this.clock = clock;
        this.reserve = reserve;
    }

    /** The calling thread's invocation runs until {@code deadline}; null: no deadline known. */
    void begin(Instant deadline) {
        if (deadline == null) {
            end();
            return;
        }
        if (deadlines.get() == null) {
            open.incrementAndGet();
        }
        deadlines.set(InvocationDeadline.in(Duration.between(Instant.now(), deadline), clock.nanoTime(), reserve));
    }

    /** The calling thread's invocation deadline, or null when none is known. */
    InvocationDeadline current() {
        return deadlines.get();
    }

    /** The calling thread's invocation ended: its deadline is forgotten. */
    void end() {
        if (deadlines.get() != null) {
            deadlines.remove();
            open.decrementAndGet();
        }
    }

    /** Whether an invocation began on some thread and has not ended. */
    boolean anyOpen() {
        return open.get() > 0;
    }
}
