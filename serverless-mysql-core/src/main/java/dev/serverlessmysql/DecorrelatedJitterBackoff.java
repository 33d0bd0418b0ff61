package dev.serverlessmysql;

import java.time.Duration;
import java.util.random.RandomGenerator;

/** Placeholder: see {@link Backoff#decorrelatedJitter}. */
final class DecorrelatedJitterBackoff implements Backoff {
    DecorrelatedJitterBackoff(Duration base, Duration cap) {
    }

    @Override
    public Duration nextDelay(int attempt, Duration previousDelay, RandomGenerator random) {
        throw new UnsupportedOperationException("not written yet");
    }
}
