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
record DecorrelatedJitterBackoff(JitterWindow window) implements Backoff {

    DecorrelatedJitterBackoff(Duration base, Duration cap) {
        this(new JitterWindow(base, cap));
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
        return Duration.ofNanos(Math.min(window.capNanos(), JitterWindow.drawInclusive(random, window.baseNanos(), upperNanos(previousDelay))));
    }

    /** {@code 3 × previous}, with previous at least base, saturating instead of overflowing. */
    long upperNanos(Duration previousDelay) {
        long previous = Math.max(window.baseNanos(), JitterWindow.saturatedNanos(previousDelay));
        return previous > Long.MAX_VALUE / 3 ? Long.MAX_VALUE : previous * 3;
    }

    Duration base() {
        return window.base();
    }

    Duration cap() {
        return window.cap();
    }

    @Override
    public String toString() {
        return "decorrelated-jitter backoff (" + window + ")";
    }
}
