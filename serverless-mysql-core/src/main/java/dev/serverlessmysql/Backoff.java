package dev.serverlessmysql;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long to sleep before the next connect attempt after a capacity error
 * ("too many connections"). Implementations must be stateless: the state they need (the attempt
 * number and the previous delay) is passed in, so one instance can serve every acquisition.
 *
 * <p>The built-in policies follow the AWS Architecture Blog's "Exponential Backoff And Jitter":
 * {@link #fullJitter(Duration, Duration)} (the default) and
 * {@link #decorrelatedJitter(Duration, Duration)}.
 */
@FunctionalInterface
public interface Backoff {

    /**
     * The delay before retry number {@code attempt + 1}.
     *
     * @param attempt how many retries came before this one: 0 for the first retry
     * @param previousDelay the delay returned for the previous retry, or {@link Duration#ZERO}
     *        for the first
     * @param random the DataSource's random source (reseeded after a CRaC restore)
     * @return a non-negative delay
     */
    Duration nextDelay(int attempt, Duration previousDelay, RandomGenerator random);

    /** The built-in policies, by name, for configuration files. */
    enum Policy {
        /** {@link Backoff#fullJitter(Duration, Duration)}: the default. */
        FULL_JITTER,
        /** {@link Backoff#decorrelatedJitter(Duration, Duration)}. */
        DECORRELATED_JITTER;

        /** This policy with the given base and cap. */
        public Backoff with(Duration base, Duration cap) {
            return this == FULL_JITTER ? fullJitter(base, cap) : decorrelatedJitter(base, cap);
        }
    }

    /**
     * Full jitter: a delay drawn uniformly from {@code [0, min(cap, base × 2^attempt)]}.
     *
     * @throws IllegalArgumentException when base is not positive or cap is less than base
     */
    static Backoff fullJitter(Duration base, Duration cap) {
        return new FullJitterBackoff(base, cap);
    }

    /**
     * Decorrelated jitter: {@code min(cap, random in [base, 3 × previous delay])}, with the
     * first delay drawn from {@code [base, 3 × base]}.
     *
     * @throws IllegalArgumentException when base is not positive or cap is less than base
     */
    static Backoff decorrelatedJitter(Duration base, Duration cap) {
        return new DecorrelatedJitterBackoff(base, cap);
    }
}
