package dev.serverlessmysql;

import java.time.Duration;
import java.util.random.RandomGenerator;

/** Placeholder: see {@link Backoff#fullJitter}. */
final class FullJitterBackoff implements Backoff {
    FullJitterBackoff(Duration base, Duration cap) {
    }

    @Override
    public Duration nextDelay(int attempt, Duration previousDelay, RandomGenerator random) {
        throw new UnsupportedOperationException("not written yet");
    }
}
