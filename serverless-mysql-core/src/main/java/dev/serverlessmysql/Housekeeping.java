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
    /** Whether the last run's fresh sample showed other clients refused since the one before. */
    private volatile boolean othersRefusedAtLastRun;
    /** Fresh samples in a row that showed it: one refused attempt is a probe, refusals sample after sample someone starving. */
    private volatile int othersRefusedSamplesInARow;
    /** The server's failed-connect counter and the own one at the previous fresh sample; guarded by this. */
    private long serverRefusedBefore = -1;
    private long ownRefusedBefore;

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
        // Other clients failed to connect while the server is over the threshold: refused, as a rule.
        othersRefusedAtLastRun = sharedSample && usage.fresh() && othersFailedSincePreviousSample()
                && usage.isOver(utilization);
        if (usage.fresh()) {
            othersRefusedSamplesInARow = othersRefusedAtLastRun ? othersRefusedSamplesInARow + 1 : 0;
        }
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
            // The kills made room for whoever was refused.
            othersRefusedAtLastRun = false;
            othersRefusedSamplesInARow = 0;
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

    /**
     * Whether connect attempts of other clients (other environments, other applications) failed
     * since the previous fresh sample: the server's {@code Aborted_connects} grew by more than this
     * DataSource's own failed attempts.
     */
    private synchronized boolean othersFailedSincePreviousSample() {
        long server = probe.failedConnects();
        long own = counters.failedConnectAttempts.get();
        boolean grew = server >= 0 && serverRefusedBefore >= 0
                && (server - serverRefusedBefore) - (own - ownRefusedBefore) > 0;
        serverRefusedBefore = server;
        ownRefusedBefore = own;
        return grew;
    }

    /**
     * Whether the last run read a fresh sample that showed the server over the threshold and other
     * clients' connect attempts failing since the previous one (refused, as a rule): with several connections per environment, one of this environment's should go to
     * them. False after a run whose kills made room.
     */
    boolean othersRefusedAtLastRun() {
        return othersRefusedAtLastRun;
    }

    /** How many fresh samples in a row, up to the last run's, showed other clients refused. */
    int othersRefusedSamplesInARow() {
        return othersRefusedSamplesInARow;
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
        synchronized (this) {
            serverRefusedBefore = -1;
        }
    }

    /** The session {@code wait_timeout} in seconds as last read from the server, or -1 when unknown. */
    long sessionWaitTimeoutSeconds() {
        return probe.sessionWaitTimeoutSeconds();
    }
}
