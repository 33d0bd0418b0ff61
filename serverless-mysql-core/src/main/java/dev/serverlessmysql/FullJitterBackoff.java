package dev.serverlessmysql;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Full jitter: before retry {@code attempt + 1} sleep a time drawn uniformly from
 * {@code [0, min(cap, base × 2^attempt)]}, both ends included, at nanosecond resolution.
 *
 * <p>Spreading every sleep over the whole window, down to zero, is what lets hundreds of
 * containers that all hit "too many connections" in the same instant come back at different
 * times instead of in synchronised waves. Stateless: the previous delay is ignored.
 *
 * @see Backoff#fullJitter(Duration, Duration)
 */
record FullJitterBackoff(JitterWindow window) implements Backoff {

    FullJitterBackoff(Duration base, Duration cap) {
        this(new JitterWindow(base, cap));
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when {@code attempt} is negative
     */
    @Override
    public Duration nextDelay(int attempt, Duration previousDelay, RandomGenerator random) {
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must be 0 or more, was " + attempt);
        }
        Objects.requireNonNull(random, "random");
        return Duration.ofNanos(JitterWindow.drawInclusive(random, 0, ceilingNanos(attempt)));
    }

    /** {@code min(cap, base × 2^attempt)} without overflowing, however large the attempt. */
    long ceilingNanos(int attempt) {
        // Shifts in Java take the distance modulo 64, so large attempts must not reach the shift.
        if (attempt >= Long.SIZE - 1 || window.baseNanos() > (window.capNanos() >> attempt)) {
            return window.capNanos();
        }
        return window.baseNanos() << attempt;
    }

    Duration base() {
        return window.base();
    }

    Duration cap() {
        return window.cap();
    }

    @Override
    public String toString() {
        return "full-jitter backoff (" + window + ")";
    }
}
