package dev.serverlessmysql;

import java.time.Duration;

/**
 * How long a usage sample lives: pure arithmetic on the sample, the limit and a random number.
 *
 * <ul>
 * <li>At or past {@link #NEAR} of the threshold ({@code connection-utilization} of the limit), with
 * one connection per environment: not at all. Every run reads the usage: that is when a read pays
 * (zombies to kill, a connection to give up), and on Lambda the run comes after the response.</li>
 * <li>Otherwise at least {@code used-connections-cache-ttl}, or {@code ...-under-half} when the
 * count was at most half the threshold (as before); both 0: every run reads.</li>
 * <li>With headroom, longer as the count grows: {@code used x} {@link #FLEET_SPACING} {@code x (1 -
 * fraction of the threshold)}, jittered down to half. Every environment that holds a connection is
 * one of the {@code used} connections, so a fleet of N environments reads at most
 * {@code N / (used x 1.5 s x (1 - fraction))} times a second: at most 1.3 a second under half the
 * threshold, 4 at 83 % of it (about 1 ms of server CPU a second at ~250 us each), whatever the
 * fleet's size; every run from 90 %. The fleet as a whole still sees a change within a few tenths of
 * a second to a few seconds: what housekeeping needs, as the environment that meets a full server
 * acts at once anyway. The jitter keeps environments started together from reading together.</li>
 * </ul>
 */
final class UsageLifetime {

    /** From this fraction of the threshold on, every run samples (one connection per environment). */
    static final double NEAR = 0.9;
    /**
     * Per connection counted: the fleet's usage reads are spread over {@code used x} this. 50 ms at
     * first (a fleet read about 120 times a second at 83 % of the threshold, nearly every invocation
     * of an environment invoked every 2 s: the spaced benchmark's server CPU 1.7x HikariCP's), then
     * 1 s (12 a second at 83 %: lambda-sim's spaced-100 read at every 4th to 8th invocation, each
     * read about 1.2 ms of the extension thread's CPU and 0.25 ms of the server's; MariaDB's
     * per-user statistics had this DataSource's user cost the server 1.1-1.55x HikariCP's per
     * invocation with 0.12-0.26 extra SELECTs per invocation, those reads and zombie sweeps, a
     * sweep costing the server about eight reads: HousekeepingCostIT).
     */
    static final Duration FLEET_SPACING = Duration.ofSeconds(3);
    /**
     * Per connection counted: the fleet's zombie sweeps are spread over {@code used x} this, so that
     * a thread asleep past {@code zombie.max-timeout} is still killed within a second or two.
     */
    static final Duration SWEEP_SPACING = Duration.ofSeconds(1);

    private final double utilization;
    private final long baseNanos;
    private final long underHalfNanos;
    private final boolean everyRunNear;

    /**
     * @param everyRunNear whether a sample near or over the threshold lives not at all (one
     *        connection per environment); with several, the environment's runs share one sample for
     *        {@code used-connections-cache-ttl} (they act once on it)
     */
    UsageLifetime(double utilization, long baseNanos, long underHalfNanos, boolean everyRunNear) {
        this.utilization = utilization;
        this.baseNanos = baseNanos;
        this.underHalfNanos = underHalfNanos;
        this.everyRunNear = everyRunNear;
    }

    /**
     * @param used the count read against {@code limit}; negative when unknown
     * @param limit the limit that applies; 0 or less when unknown
     * @param random uniform in [0, 1)
     */
    long nanos(long used, long limit, double random) {
        if (underHalfNanos == 0) {
            // Both lifetimes set to 0: every run reads, as configured.
            return 0;
        }
        if (used < 0 || limit <= 0) {
            return baseNanos;
        }
        double ofThreshold = used / (utilization * limit);
        if (ofThreshold >= NEAR) {
            return everyRunNear ? 0 : baseNanos;
        }
        long tier = new Usage((int) Math.min(Integer.MAX_VALUE, used), (int) Math.min(Integer.MAX_VALUE, limit), false,
                -1, true).isOver(utilization / 2) ? baseNanos : underHalfNanos;
        return Math.max(tier, spread(FLEET_SPACING, used, 1 - ofThreshold, random));
    }

    /**
     * The time from one zombie sweep (the processlist listing of this user's threads asleep past
     * {@code zombie.max-timeout}, sent under the threshold where the usage is the server-wide
     * count) to the next: {@code zombie.sweep-interval}, or {@code used x} {@link #SWEEP_SPACING},
     * jittered down to half, when that is longer. A listing costs the server work for every thread
     * it holds, and every environment of a fleet sweeps: at one a minute each, 100 environments
     * listed a processlist of 300 threads 1.7 times a second (a listing at every 30th invocation
     * of a container invoked every 2 s). With the spacing a fleet of N environments, each one of
     * the {@code used} connections, sweeps at most {@code N / (used x 0.5 s)}: 2 a second, whatever
     * its size; a thread past the bound is still killed within a second or two by whichever
     * environment sweeps next. An interval of 0 (every run sweeps, as configured) is kept.
     *
     * @param intervalNanos {@code zombie.sweep-interval}
     * @param used the count of the last sample (server-wide); 0 or less when unknown
     * @param random uniform in [0, 1)
     */
    static long sweepSpacing(long intervalNanos, long used, double random) {
        if (intervalNanos == 0 || used <= 0) {
            return intervalNanos;
        }
        return Math.max(intervalNanos, spread(SWEEP_SPACING, used, 1, random));
    }

    /** {@code used x spacing x share}, jittered down to half, in nanoseconds (saturated). */
    private static long spread(Duration spacing, long used, double share, double random) {
        double nanos = used * (double) spacing.toNanos() * share * (0.5 + 0.5 * random);
        return nanos >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) nanos;
    }
}
