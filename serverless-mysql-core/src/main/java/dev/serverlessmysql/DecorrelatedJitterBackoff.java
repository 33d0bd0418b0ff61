package dev.serverlessmysql;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Decorrelated jitter: sleep {@code min(cap, uniform in [base, 3 × previous])}, where previous is
 * the delay returned last time, or {@code base} when there was none (zero) or it was shorter than
 * {@code base}. Both ends of the draw are included; the resolution is one nanosecond.
 *
 * <p>Each sleep grows from the last one rather than from the attempt number, so callers that
 * started together drift apart faster, at the price of one value of state the caller carries
 * between attempts (the previous delay).
 *
 * @see Backoff#decorrelatedJitter(Duration, Duration)
 */
final class DecorrelatedJitterBackoff implements Backoff {

    private final Duration base;
    private final Duration cap;
    private final long baseNanos;
    private final long capNanos;

    DecorrelatedJitterBackoff(Duration base, Duration cap) {
        if (base == null || base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("Backoff base must be more than 0, was " + base);
        }
        if (cap == null || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("Backoff cap must be at least the base (" + base + "), was " + cap);
        }
        this.base = base;
        this.cap = cap;
        this.baseNanos = FullJitterBackoff.saturatedNanos(base);
        this.capNanos = FullJitterBackoff.saturatedNanos(cap);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The attempt number is not used: the growth comes from {@code previousDelay}.
     */
    @Override
    public Duration nextDelay(int attempt, Duration previousDelay, RandomGenerator random) {
        Objects.requireNonNull(previousDelay, "previousDelay");
        Objects.requireNonNull(random, "random");
        return Duration.ofNanos(Math.min(capNanos, FullJitterBackoff.drawInclusive(random, baseNanos, upperNanos(previousDelay))));
    }

    /** {@code 3 × previous}, with previous at least base, saturating instead of overflowing. */
    long upperNanos(Duration previousDelay) {
        long previous = Math.max(baseNanos, FullJitterBackoff.saturatedNanos(previousDelay));
        return previous > Long.MAX_VALUE / 3 ? Long.MAX_VALUE : previous * 3;
    }

    Duration base() {
        return base;
    }

    Duration cap() {
        return cap;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DecorrelatedJitterBackoff other && base.equals(other.base) && cap.equals(other.cap);
    }

    @Override
    public int hashCode() {
        return Objects.hash(DecorrelatedJitterBackoff.class, base, cap);
    }

    @Override
    public String toString() {
        return "decorrelated-jitter backoff (base " + base + ", cap " + cap + ")";
    }
}
