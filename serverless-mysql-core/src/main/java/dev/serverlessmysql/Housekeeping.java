package dev.serverlessmysql;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Invocation-end housekeeping on the own connection: reads the connection usage (cached), kills
 * this user's zombies, and tells the DataSource to give up its own connection when the server
 * stays over the threshold and nothing could be killed.
 *
 * <ul>
 * <li>Over the threshold ({@code used / limit > connection-utilization}): kills just enough
 * sleeping threads of this user, oldest first, to get back to the threshold.</li>
 * <li>Under it: kills this user's threads asleep longer than {@code zombie.max-timeout}. Where the
 * usage query counted this user's threads it also reported the oldest sleeper, and the listing is
 * sent only when that one is past the bound; elsewhere (the server-wide count, read from a status
 * counter) a sweep lists them at most once per {@code zombie.sweep-interval}, the first one an
 * interval after this container's first run. (The first run, before the limit is known, counts
 * this user's threads too, and acts on what that count shows.)</li>
 * </ul>
 *
 * <p>A warm container whose caches are fresh and under the threshold sends no statement at all;
 * one whose usage is stale at a thaw validates with the usage query (one round trip for both).
 */
final class Housekeeping {

    private final double utilization;
    private final Counters counters;
    private final Events events;
    private final UsageProbe probe;
    private final ZombieReaper reaper;
    private final LongSupplier nanoClock;
    private final long sweepIntervalNanos;
    /** Several connections per environment: their invocation ends share one usage sample. */
    private final boolean sharedSample;
    // Under the lease; reset by clearCaches() from any thread.
    private volatile boolean sweepScheduled;
    private volatile long nextSweepNanos;
    /** Whether the last run's usage was at or under the threshold. */
    private volatile boolean roomAtLastRun;
    private volatile boolean sampledAtLastRun;

    Housekeeping(ServerlessMySqlConfig config, Counters counters, Events events, LongSupplier nanoClock) {
        this.utilization = config.connectionUtilization();
        this.counters = counters;
        this.events = events;
        this.probe = new UsageProbe(config, counters, nanoClock);
        this.reaper = new ZombieReaper(config, counters, events);
        this.nanoClock = nanoClock;
        this.sweepIntervalNanos = config.zombieSweepInterval().toNanos();
        this.sharedSample = config.maxConnectionsPerEnvironment() > 1;
    }

    /** Whether the usage is stale, so that a thaw should validate with the usage query rather than a ping. */
    boolean usageStale() {
        return probe.usageStale();
    }

    /**
     * Validates the own connection at a thaw with the usage query, bounded by {@code timeout};
     * the sample is kept for this invocation's end. The connection's network timeout is restored.
     *
     * @throws SQLException when the query failed: the connection is dead, or (not a connection
     *         error) it could not say
     */
    void validate(Connection own, Duration timeout) throws SQLException {
        int previous = own.getNetworkTimeout();
        own.setNetworkTimeout(Runnable::run, (int) timeout.toMillis());
        try {
            probe.sampleForValidation(own);
        } finally {
            if (!own.isClosed()) {
                own.setNetworkTimeout(Runnable::run, previous);
            }
        }
    }

    /**
     * One invocation-end run on the own (leased, idle, autocommit) connection. Never called when
     * {@code zombie.enabled=false}.
     *
     * @return true when the own connection should be closed: the server stays over the threshold
     *         and nothing could be killed
     * @throws SQLException only when a statement on the own connection failed
     */
    boolean run(Connection own) throws SQLException {
        return run(own, Set.of());
    }

    /**
     * The same, with the server thread ids of the environment's other own connections, which are
     * never zombie candidates (with {@code max-connections-per-environment} above 1).
     */
    boolean run(Connection own, Set<Long> otherOwn) throws SQLException {
        if (!sweepScheduled) {
            nextSweepNanos = nanoClock.getAsLong() + sweepIntervalNanos;
            sweepScheduled = true;
        }
        Usage usage = probe.sample(own);
        counters.lastUsed.set(usage.used());
        counters.lastLimit.set(usage.limit());
        events.onUsageSampled(usage.used(), usage.limit());
        roomAtLastRun = !usage.isOver(utilization);
        sampledAtLastRun = usage.fresh();
        // -1 when the usage came from the status counter, without the processlist.
        long oldest = usage.oldestSleepSeconds();
        if (usage.isOver(utilization)) {
            if (sharedSample && !usage.fresh()) {
                // The environment's invocation ends share one sample, and the run that read it acted
                // on it: another listing and release now would only repeat that work on every
                // invocation end until the sample is stale, each closed connection reopened.
                return false;
            }
            int gone = 0;
            // No sleeper can be old enough yet: spare the listing.
            if (oldest < 0 || oldest >= reaper.minSeconds()) {
                gone = reaper.killForCapacity(own, usage.excessOver(utilization), otherOwn);
            }
            if (gone == 0) {
                // The DataSource closes own connections now, and says how many (released).
                return true;
            }
            probe.connectionsGone(gone);
            return false;
        }
        if (oldest >= 0 ? usage.fresh() && oldest > reaper.maxSeconds() : sweepDue()) {
            probe.connectionsGone(reaper.killExpired(own, otherOwn));
        }
        return false;
    }

    /** The DataSource closed {@code count} own connections after a run that asked it to: the sample counts them gone. */
    void released(int count) {
        probe.connectionsGone(count);
    }

    /** At most once per sweep interval, counted from this container's first run. */
    private boolean sweepDue() {
        long now = nanoClock.getAsLong();
        if (now - nextSweepNanos < 0) {
            return false;
        }
        nextSweepNanos = now + sweepIntervalNanos;
        return true;
    }

    /** Whether the last run read the usage from the server (rather than from the cache). */
    boolean sampledAtLastRun() {
        return sampledAtLastRun;
    }

    /** Whether the last run found the usage at or under {@code connection-utilization}. */
    boolean roomAtLastRun() {
        return roomAtLastRun;
    }

    /** Forgets cached limit and usage (after a CRaC restore). */
    void clearCaches() {
        probe.clear();
        reaper.clear();
        sweepScheduled = false;
    }

    /** The session {@code wait_timeout} in seconds as last read from the server, or -1 when unknown. */
    long sessionWaitTimeoutSeconds() {
        return probe.sessionWaitTimeoutSeconds();
    }
}
