package dev.serverlessmysql;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * A DataSource's one random source, for the jitter of connect backoff, usage-sample lifetimes and
 * the sharing policy's pauses: seeded from {@code jitterSeed} when set (reproducible runs), else
 * from {@link SecureRandom}, and reseeded after a CRaC restore, so that restored clones do not share
 * a sequence.
 *
 * <p>Guards: {@link #random} is volatile, replaced by {@link #reseed} only (on the restoring
 * thread); readers (connecting callers, housekeeping) take whichever source is current.
 */
final class Jitter implements Supplier<RandomGenerator> {

    private volatile RandomGenerator random;

    /** Seeded from {@code seed}, or from {@link SecureRandom} when null. */
    Jitter(Long seed) {
        this.random = seed != null ? new SplittableRandom(seed) : fresh();
    }

    @Override
    public RandomGenerator get() {
        return random;
    }

    /** After a restore: a new source from {@link SecureRandom}, whatever the seed was. */
    void reseed() {
        random = fresh();
    }

    private static RandomGenerator fresh() {
        return new SplittableRandom(new SecureRandom().nextLong());
    }
}
