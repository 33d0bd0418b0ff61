package dev.serverlessmysql;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The base and cap shared by the built-in backoff policies, validated once, with the
 * nanosecond arithmetic both need.
 */
record JitterWindow(Duration base, Duration cap, long baseNanos, long capNanos) {

    JitterWindow(Duration base, Duration cap) {
        this(requireBase(base), requireCap(base, cap), saturatedNanos(base), saturatedNanos(cap));
    }

    private static Duration requireBase(Duration base) {
        if (base == null || base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("Backoff base must be more than 0, was " + base);
        }
        return base;
    }

    private static Duration requireCap(Duration base, Duration cap) {
        if (cap == null || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("Backoff cap must be at least the base (" + base + "), was " + cap);
        }
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
    public String toString() {
        return "base " + base + ", cap " + cap;
    }
}
