package dev.serverlessmysql;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;

/**
 * One {@code getConnection()}'s time budget: it ends at {@code lease-timeout}, or earlier at the
 * invocation's deadline less its reserve ({@link InvocationDeadline}). Every wait of the call (for a
 * slot, for the caller connecting, between connect attempts, an attempt itself, a thaw's validation)
 * ends by {@link #endNanos}. Used by the calling thread only.
 */
final class Wait {

    private final Clock clock;
    private final long startedNanos;
    private final long endNanos;
    private final Duration leaseTimeout;
    /** The invocation's deadline when it ends this wait before {@code lease-timeout} does; else null. */
    private final InvocationDeadline deadline;
    /** Whether this wait logged its WARN about a full server: once per wait. */
    private boolean warnedFull;

    private Wait(Clock clock, Duration leaseTimeout, InvocationDeadline deadline) {
        this.clock = clock;
        this.startedNanos = clock.nanoTime();
        this.leaseTimeout = leaseTimeout;
        long leaseEnd = startedNanos + leaseTimeout.toNanos();
        boolean deadlineFirst = deadline != null && deadline.endNanos() - leaseEnd < 0;
        this.deadline = deadlineFirst ? deadline : null;
        this.endNanos = deadlineFirst ? deadline.endNanos() : leaseEnd;
    }

    /** A wait starting now, ended by {@code lease-timeout} or by {@code deadline} (null: none known), whichever comes first. */
    static Wait starting(Clock clock, Duration leaseTimeout, InvocationDeadline deadline) {
        return new Wait(clock, leaseTimeout, deadline);
    }

    /** When every wait must end, on the clock. */
    long endNanos() {
        return endNanos;
    }

    long nanosLeft() {
        return endNanos - clock.nanoTime();
    }

    /** Whether the invocation's deadline, not {@code lease-timeout}, ends this wait. */
    boolean endedByDeadline() {
        return deadline != null;
    }

    /** The time the deadline keeps back for the function to answer; zero when no deadline ends this wait. */
    Duration reserve() {
        return deadline == null ? Duration.ZERO : deadline.reserve();
    }

    Duration waited() {
        return Duration.ofNanos(clock.nanoTime() - startedNanos);
    }

    /** What ends the wait, for log lines: "... until " + this. */
    String end() {
        return deadline != null
                ? "the invocation's deadline (in " + Durations.formatElapsed(Duration.ofNanos(Math.max(0, nanosLeft())))
                        + ", keeping deadlineReserve, serverless.mysql.deadline-reserve, " + Durations.format(deadline.reserve())
                        + " for the function to answer)"
                : "leaseTimeout, serverless.mysql.lease-timeout (" + Durations.format(leaseTimeout) + ") runs out";
    }

    /** True the first time only: whether to log the WARN about a full server now. */
    boolean firstFullRefusal() {
        boolean first = !warnedFull;
        warnedFull = true;
        return first;
    }

    /**
     * The failure when the invocation's deadline ended the wait: says so, how long it waited, why
     * and what to do.
     *
     * @param why why no connection came, such as "the server at host:3306 is full (...)"
     * @param advice how to make it come next time, a sentence
     * @param cause the last driver error, or null
     */
    SQLTransientConnectionException deadlineReached(String why, String advice, SQLException cause) {
        String message = "serverless-mysql - the invocation's deadline was reached: no connection after waiting "
                + Durations.formatElapsed(waited()) + ", because " + why + ". The wait stopped "
                + Durations.format(deadline.reserve()) + " before the function's timeout"
                + " (deadlineReserve, serverless.mysql.deadline-reserve) so that the function can still answer: fail this invocation"
                + " fast (answer 503 Service Unavailable with Retry-After, or let the event be retried later) rather"
                + " than let Lambda time it out. " + advice + " To wait longer, raise the function's timeout.";
        return cause == null ? new SQLTransientConnectionException(message, "08001")
                : new SQLTransientConnectionException(message, "08001", cause.getErrorCode(), cause);
    }
}
