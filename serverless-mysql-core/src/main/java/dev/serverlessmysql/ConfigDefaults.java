package dev.serverlessmysql;

import java.time.Duration;

/**
 * Every default of {@link ServerlessMySqlConfig}, written once, with the reason for each; the
 * bounds the validation holds settings to; and the defaults that follow other settings. The
 * starter leaves an unset property unset, so these are the defaults of the Spring Boot properties
 * too (its configuration metadata is checked against them).
 */
final class ConfigDefaults {

    static final double CONNECTION_UTILIZATION = 0.8;
    static final Duration MAX_CONNECTIONS_CACHE_TTL = Duration.ofSeconds(15);
    /**
     * The count of connections changes with every cold start, so it is cached briefly: within 1 s
     * a warm container re-uses its last count, which bounds housekeeping to about one usage query
     * per container per second however fast it is invoked, while a burst is still seen within a
     * second.
     */
    static final Duration USED_CONNECTIONS_CACHE_TTL = Duration.ofSeconds(1);
    /**
     * The lifetime of a usage sample that showed the server at most half as full as the threshold,
     * as a multiple of {@code usedConnectionsCacheTtl}: its connections would have to double before
     * the threshold mattered, and a container invoked every second or two (a real rate) would
     * otherwise replace its thaw ping with the dearer usage query at every invocation.
     */
    static final int UNDER_HALF_TTL_FACTOR = 5;
    static final boolean HOUSEKEEPING_ENABLED = true;
    /** Above the pause of a function between two statements; lower only with the PROCESS privilege. */
    static final Duration ZOMBIE_MIN_TIMEOUT = Duration.ofSeconds(3);
    /** A Lambda invocation lasts at most 15 minutes: a connection asleep longer serves nobody. */
    static final Duration ZOMBIE_MAX_TIMEOUT = Duration.ofMinutes(15);
    static final int ZOMBIE_MAX_KILLS_PER_INVOCATION = 10;
    /**
     * Listing the processlist costs the server work for every connection in it, so a container
     * sweeps for threads asleep past {@code zombieMaxTimeout} once a minute at most rather than at
     * every invocation (less often still in a crowded server: {@link UsageLifetime#sweepSpacing}):
     * such a thread goes a little late, while the session {@code wait_timeout}
     * (= {@code zombieMaxTimeout} by default) reaps this library's own connections on time anyway.
     */
    static final Duration ZOMBIE_SWEEP_INTERVAL = Duration.ofMinutes(1);
    /**
     * The retry budget is time ({@code leaseTimeout}); the count only bounds it when a user asks:
     * with the default backoff cap (100 ms) 10000 retries take minutes, far past the default 30 s
     * lease timeout, so an outage is never cut short by it.
     */
    static final int MAX_RETRIES = 10_000;
    static final Backoff.Policy BACKOFF_POLICY = Backoff.Policy.FULL_JITTER;
    static final Duration RETRY_BASE = Duration.ofMillis(2);
    static final Duration RETRY_CAP = Duration.ofMillis(100);
    /**
     * A peer may kill our connection once the processlist shows it asleep for
     * {@code zombieMinTimeout}; the server counts that sleep from our last statement, which is a
     * little before we returned the lease, so we validate well before that point: after 1 s idle
     * (or {@link #TIME_RESOLUTION} below {@code zombieMinTimeout}, when that is shorter). A
     * steadily busy container (more than one invocation a second) never pays for the ping.
     */
    static final Duration THAW_THRESHOLD = Duration.ofSeconds(1);
    static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(1);
    /** Rides out a restart, failover or resuming Aurora Serverless; well inside a Lambda timeout. */
    static final Duration LEASE_TIMEOUT = Duration.ofSeconds(30);
    /** A handshake takes milliseconds; 5 s is a server that will not answer. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final boolean REGISTER_CHECKPOINT_HOOK = true;
    static final boolean CAPTURE_LEASE_STACK_TRACES = false;
    static final boolean LAMBDA_SHUTDOWN_ENABLED = true;

    /** The smallest zombie timeout: a peer between two statements also shows as Sleep for 0 s. */
    static final Duration MIN_ZOMBIE_TIMEOUT = Duration.ofSeconds(1);
    /** The server's largest {@code wait_timeout}. */
    static final Duration MAX_WAIT_TIMEOUT = Duration.ofSeconds(31_536_000);
    /**
     * The longest {@code leaseTimeout}: far beyond any use (a Lambda invocation lasts at most 15
     * minutes), and far below where a deadline in nanoseconds would overflow a {@code long}.
     */
    static final Duration MAX_LEASE_TIMEOUT = Duration.ofDays(1);
    /**
     * The longest cache TTL kept: about 292 years, the most nanoseconds a {@code long} holds. A
     * longer one ("never refresh") means the same and is saturated to it, so that no TTL
     * arithmetic in nanoseconds can overflow.
     */
    static final Duration LONGEST_TTL = Duration.ofNanos(Long.MAX_VALUE);
    /**
     * How much earlier than {@code zombieMinTimeout} a peer may kill: the processlist's TIME is
     * whole seconds, and MySQL computes it as the current second less the second the statement
     * started (both truncated), so TIME 1 can mean a few milliseconds of sleep. MariaDB truncates
     * the exact microsecond difference, so there TIME n means at least n seconds; the rule is the
     * same for both because the server is not known when the configuration is checked.
     */
    static final Duration TIME_RESOLUTION = Duration.ofSeconds(1);

    private ConfigDefaults() {
    }

    /**
     * The shortest sleep after which a peer with {@code zombieMinTimeout} may kill a connection:
     * {@link #TIME_RESOLUTION} less, never below 0.
     */
    static Duration killableAfter(Duration zombieMinTimeout) {
        Duration earlier = zombieMinTimeout.minus(TIME_RESOLUTION);
        return earlier.isNegative() ? Duration.ZERO : earlier;
    }

    /** {@code thawThreshold} when unset: {@link #THAW_THRESHOLD}, or less when a peer may kill sooner. */
    static Duration thawThreshold(Duration zombieMinTimeout) {
        return min(THAW_THRESHOLD, killableAfter(zombieMinTimeout));
    }

    /** {@code usedConnectionsCacheTtlUnderHalf} when unset: five times {@code usedConnectionsCacheTtl}. */
    static Duration underHalf(Duration usedConnectionsCacheTtl) {
        // Called once usedConnectionsCacheTtl is validated (set, not negative). A lifetime of
        // centuries is "never expires" already: no need to multiply it (or overflow).
        return usedConnectionsCacheTtl.getSeconds() > Long.MAX_VALUE / (2L * UNDER_HALF_TTL_FACTOR)
                ? usedConnectionsCacheTtl : usedConnectionsCacheTtl.multipliedBy(UNDER_HALF_TTL_FACTOR);
    }

    /**
     * {@code maxConnectionsPerEnvironment} when unset: {@code AWS_LAMBDA_MAX_CONCURRENCY} (Lambda
     * Managed Instances) when set, else 1; -1 for a value that is not a number.
     */
    static int connectionsPerEnvironment(String lambdaMaxConcurrency) {
        if (lambdaMaxConcurrency == null || lambdaMaxConcurrency.isBlank()) {
            return 1;
        }
        try {
            return Integer.parseInt(lambdaMaxConcurrency.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A TTL no longer than {@link #LONGEST_TTL}, which means the same: never refresh. */
    static Duration saturated(Duration ttl) {
        return min(ttl, LONGEST_TTL);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
