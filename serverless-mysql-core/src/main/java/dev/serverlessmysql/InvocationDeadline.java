package dev.serverlessmysql;

import java.time.Duration;

/**
 * The current invocation's deadline, as {@code beginInvocation} set it on the invocation's thread:
 * every wait of {@code getConnection()} ends {@link #reserve} before it, so that the function still
 * has time to answer (a 503, a message left for a retry) before Lambda times it out, which would
 * end the execution environment without a Shutdown phase and leave its connection open as a zombie.
 *
 * @param endNanos when waits must end, on the DataSource's {@link Clock}: the deadline less the reserve
 * @param reserve the time kept back for the function
 */
record InvocationDeadline(long endNanos, Duration reserve) {

    /** The smallest default reserve: time to log and answer. */
    static final Duration MIN_DEFAULT_RESERVE = Duration.ofMillis(100);
    /** The largest default reserve: a long function need not keep more back. */
    static final Duration MAX_DEFAULT_RESERVE = Duration.ofSeconds(1);
    /**
     * From this much time left on, the default reserve is its maximum. A constant: the reserve is
     * worked out at every invocation's start, and {@code Duration.multipliedBy} goes through
     * {@code BigDecimal} (about 40 µs of a C1-only JVM's CPU per call in lambda-sim's profile).
     */
    private static final Duration MAX_RESERVE_FROM = MAX_DEFAULT_RESERVE.multipliedBy(10);
    private static final Duration SATURATED = Duration.ofNanos(Long.MAX_VALUE / 4);
    private static final Duration SATURATED_NEGATIVE = SATURATED.negated();

    /**
     * The deadline {@code remaining} from now ({@code nowNanos} on the DataSource's clock), with the
     * configured reserve, or the default one when {@code configuredReserve} is null.
     */
    static InvocationDeadline in(Duration remaining, long nowNanos, Duration configuredReserve) {
        Duration reserve = configuredReserve != null ? configuredReserve : defaultReserve(remaining);
        return new InvocationDeadline(nowNanos + saturatedNanos(remaining.minus(reserve)), reserve);
    }

    /**
     * The default reserve: 10 % of the time the invocation has left, at least 100 ms and at most 1 s
     * (a 3 s function keeps 300 ms, a 30 s one 1 s; one with 500 ms left keeps 100 ms).
     */
    static Duration defaultReserve(Duration remaining) {
        if (remaining.isNegative()) {
            return MIN_DEFAULT_RESERVE;
        }
        if (remaining.compareTo(MAX_RESERVE_FROM) >= 0) {
            return MAX_DEFAULT_RESERVE;
        }
        // Whole milliseconds: the reserve is printed in messages.
        Duration tenth = Duration.ofMillis(remaining.toMillis() / 10);
        return tenth.compareTo(MIN_DEFAULT_RESERVE) < 0 ? MIN_DEFAULT_RESERVE : tenth;
    }

    /** Nanoseconds, saturated: an Instant far away (or long gone) must not overflow the clock's arithmetic. */
    private static long saturatedNanos(Duration duration) {
        if (duration.compareTo(SATURATED) > 0) {
            return SATURATED.toNanos();
        }
        return duration.compareTo(SATURATED_NEGATIVE) < 0 ? SATURATED_NEGATIVE.toNanos() : duration.toNanos();
    }
}
