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
final class FullJitterBackoff implements Backoff {

    private final Duration base;
    private final Duration cap;
    private final long baseNanos;
    private final long capNanos;

    FullJitterBackoff(Duration base, Duration cap) {
        if (base == null || base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("Backoff base must be more than 0, was " + base);
        }
        if (cap == null || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("Backoff cap must be at least the base (" + base + "), was " + cap);
        }
        this.base = base;
        this.cap = cap;
        this.baseNanos = saturatedNanos(base);
        this.capNanos = saturatedNanos(cap);
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
        return Duration.ofNanos(drawInclusive(random, 0, ceilingNanos(attempt)));
    }

    /** {@code min(cap, base × 2^attempt)} without overflowing, however large the attempt. */
    long ceilingNanos(int attempt) {
        // Shifts in Java take the distance modulo 64, so large attempts must not reach the shift.
        if (attempt >= Long.SIZE - 1 || baseNanos > (capNanos >> attempt)) {
            return capNanos;
        }
        return baseNanos << attempt;
    }

    Duration base() {
        return base;
    }

    Duration cap() {
        return cap;
    }

    /** A Duration too long for a {@code long} of nanoseconds (about 292 years) counts as that long. */
    static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** A uniform draw from {@code [low, high]}, both ends included (low ≤ high). */
    static long drawInclusive(RandomGenerator random, long low, long high) {
        // nextLong(origin, bound) excludes the bound; at Long.MAX_VALUE the missing top value
        // is one nanosecond out of 292 years and cannot matter.
        return high == Long.MAX_VALUE ? random.nextLong(low, high) : random.nextLong(low, high + 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FullJitterBackoff other && base.equals(other.base) && cap.equals(other.cap);
    }

    @Override
    public int hashCode() {
        return Objects.hash(FullJitterBackoff.class, base, cap);
    }

    @Override
    public String toString() {
        return "full-jitter backoff (base " + base + ", cap " + cap + ")";
    }
}
