package dev.serverlessmysql;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.function.DoubleSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * counter) a sweep lists them at most once per {@code zombie.sweep-interval}, or less often in a
 * crowded server ({@link UsageLifetime#sweepSpacing}: a fleet's sweeps per second stay bounded),
 * the first one that long after this container's first run, "that long" by the latest count (a
 * fleet that grew since then spaces it further). (The first run, before the limit is known, counts
 * this user's threads too, and acts on what that count shows.)</li>
 * </ul>
 *
 * <p>A warm container whose caches are fresh and under the threshold sends no statement at all.
 */
final class Housekeeping {

    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

    private final double utilization;
    private final Counters counters;
    private final Events events;
    private final UsageProbe probe;
    private final ZombieReaper reaper;
    private final Clock clock;
    private final long sweepIntervalNanos;
    private final DoubleSupplier jitter;
    /** Several connections per environment: their invocation ends share one usage sample. */
    private final boolean sharedSample;
    // The mutable state below, the probe's and the reaper's: one run at a time. The DataSource
    // calls run(), released() and clearCaches() only under its Steward's lock, whichever thread runs
    // housekeeping (a caller's, or the Lambda extension's after the response); tests call them from
    // one thread. sessionWaitTimeoutSeconds(), usageStale() and nothingDue() read volatile fields.
    private boolean sweepScheduled;
    /** When the sweep spacing counts from: this container's first run, then its last sweep. */
    private long sweepFromNanos;
    /** The jitter of the spacing from {@link #sweepFromNanos}: drawn once, so a later count moves the next sweep consistently. */
    private double sweepJitter;
    /** {@link #sweepFromNanos} plus the spacing of the latest count: recomputed at every run. */
    private volatile long nextSweepNanos;
    /** What the last run saw (null before the first run and after clearCaches()): what nothingDue() judges by. */
    private volatile Usage lastSeen;
    /** Fresh samples in a row that showed other clients refused. */
    private int othersRefusedInARow;
    /** The server's failed-connect counter and the own one at the previous fresh sample. */
    private long serverRefusedBefore = -1;
    private long ownRefusedBefore;

    /** @param jitter uniform in [0, 1): spreads the long usage lifetimes of a fleet (see {@link UsageLifetime}) */
    Housekeeping(ServerlessMySqlConfig config, Counters counters, Events events, Clock clock, DoubleSupplier jitter) {
        this.utilization = config.connectionUtilization();
        this.counters = counters;
        this.events = events;
        this.probe = new UsageProbe(config, counters, clock, jitter);
        this.reaper = new ZombieReaper(config, counters, events);
        this.clock = clock;
        this.sweepIntervalNanos = config.zombieSweepInterval().toNanos();
        this.jitter = jitter;
        this.sharedSample = config.maxConnectionsPerEnvironment() > 1;
    }

    /** Whether the usage is stale: the next run reads it from the server. */
    boolean usageStale() {
        return probe.usageStale();
    }

    /**
     * Whether a run now would send no statement and change nothing: one connection per
     * environment, the last run under the threshold on a sample that is still fresh, and no sweep
     * due. The DataSource then skips the run, and on Lambda its extension calls {@code /next} at
     * once instead of waiting for the response to be sent first: at real rates (a container
     * invoked every few seconds, a sample living tens of seconds) most invocation ends.
     * Read without the housekeeping lock (volatile fields): a run that ends meanwhile only makes
     * the answer one run late.
     */
    boolean nothingDue() {
        Usage last = lastSeen;
        if (sharedSample || last == null || last.isOver(utilization) || probe.usageStale()) {
            return false;
        }
        // A sample that counted this user's threads needs no sweep; a server-wide count has sweeps instead.
        return last.oldestSleepSeconds() >= 0 || clock.nanoTime() - nextSweepNanos < 0;
    }

    /** A statement sequence on a connection. */
    interface SqlWork<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} with the connection's network timeout set to {@code timeout}, so that a
     * stalled server cannot hang it, and restores the connection's own timeout after.
     */
    static <T> T withNetworkTimeout(Connection connection, Duration timeout, SqlWork<T> work) throws SQLException {
        int previous = connection.getNetworkTimeout();
        connection.setNetworkTimeout(DirectExecutor.INSTANCE, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        try {
            return work.run();
        } finally {
            if (!connection.isClosed()) {
                connection.setNetworkTimeout(DirectExecutor.INSTANCE, previous);
            }
        }
    }

    /**
     * One invocation-end run on an own (idle, autocommit) connection. Never called when
     * {@code zombie.enabled=false}.
     *
     * @param ownIds the server thread ids of every other connection the DataSource has open
     *        (leased, nested or idle): never zombie candidates
     * @return what the run found and did
     * @throws SQLException only when a statement on the own connection failed
     */
    Verdict run(Connection own, Set<Long> ownIds) throws SQLException {
        long startNanos = clock.nanoTime();
        Usage usage = probe.sample(own);
        if (!sweepScheduled) {
            spaceSweepsFrom(startNanos, usage);
            sweepScheduled = true;
        } else {
            // The spacing follows the latest count, not the one when the spacing began: a container
            // that started with a small fleet (its first run counted a few connections) sweeps as
            // seldom as the fleet it is in by the time the sweep comes due. In lambda-sim's spaced
            // profile every container of the kind started first made its first sweep a minute after
            // its cold start, spaced by a count of under 100, while 300 connections were open.
            nextSweepNanos = sweepFromNanos + sweepSpacing(usage);
        }
        reaper.knowDialect(probe.dialect());
        counters.lastUsed.set(usage.used());
        counters.lastLimit.set(usage.limit());
        events.onUsageSampled(usage.used(), usage.limit());
        boolean over = usage.isOver(utilization);
        if (log.isDebugEnabled()) {
            log.debug("Housekeeping: {} of {} connections in use{} ({}), {} the threshold of {}%", usage.used(),
                    usage.limit(), usage.userLimit() ? " by this user" : "", usage.fresh() ? "read now" : "cached",
                    over ? "over" : "under", Math.round(utilization * 100));
        }
        // Other clients failed to connect while the server is over the threshold: refused, as a rule.
        boolean othersRefused = sharedSample && usage.fresh() && othersFailedSincePreviousSample() && over;
        if (usage.fresh()) {
            othersRefusedInARow = othersRefused ? othersRefusedInARow + 1 : 0;
        }
        // -1 when the usage came from the status counter, without the processlist.
        long oldest = usage.oldestSleepSeconds();
        lastSeen = usage;
        if (over) {
            if (sharedSample && !usage.fresh()) {
                // The environment's invocation ends share one sample, and the run that read it acted
                // on it: another listing and release now would only repeat that work on every
                // invocation end until the sample is stale, each closed connection reopened.
                return new Verdict(usage, false, false, othersRefused, othersRefusedInARow, 0);
            }
            int gone = 0;
            // No sleeper can be old enough yet: spare the listing.
            if (oldest < 0 || oldest >= reaper.minSeconds()) {
                gone = reaper.killForCapacity(own, usage.excessOver(utilization), ownIds);
            }
            if (gone == 0) {
                // The DataSource closes own connections now, and says how many (released).
                return new Verdict(usage, false, true, othersRefused, othersRefusedInARow, 0);
            }
            probe.connectionsGone(gone);
            // The kills made room for whoever was refused.
            othersRefusedInARow = 0;
            return new Verdict(usage, false, false, false, 0, gone);
        }
        int gone = 0;
        if (oldest >= 0 ? usage.fresh() && oldest > reaper.maxSeconds() : sweepDue(usage)) {
            gone = reaper.killExpired(own, ownIds);
            probe.connectionsGone(gone);
        }
        return new Verdict(usage, true, false, othersRefused, othersRefusedInARow, gone);
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
    private boolean othersFailedSincePreviousSample() {
        long server = probe.failedConnects();
        long own = counters.failedConnectAttempts.get();
        boolean grew = server >= 0 && serverRefusedBefore >= 0
                && (server - serverRefusedBefore) - (own - ownRefusedBefore) > 0;
        serverRefusedBefore = server;
        ownRefusedBefore = own;
        return grew;
    }

    /** At most once per sweep spacing ({@link #sweepSpacing}), counted from this container's first run. */
    private boolean sweepDue(Usage usage) {
        long now = clock.nanoTime();
        if (now - nextSweepNanos < 0) {
            return false;
        }
        spaceSweepsFrom(now, usage);
        return true;
    }

    /** The sweep spacing starts at {@code fromNanos} (the first run, or a sweep), with a new jitter. */
    private void spaceSweepsFrom(long fromNanos, Usage usage) {
        sweepFromNanos = fromNanos;
        sweepJitter = jitter.getAsDouble();
        nextSweepNanos = fromNanos + sweepSpacing(usage);
    }

    /**
     * The time from {@link #sweepFromNanos} to the next sweep: the sweep interval, or longer in a
     * crowded server ({@link UsageLifetime#sweepSpacing}), by {@code usage}'s count.
     */
    private long sweepSpacing(Usage usage) {
        return UsageLifetime.sweepSpacing(sweepIntervalNanos, usage.used(), sweepJitter);
    }

    /** Forgets cached limit and usage (after a CRaC restore). */
    void clearCaches() {
        lastSeen = null;
        probe.clear();
        reaper.clear();
        sweepScheduled = false;
        othersRefusedInARow = 0;
        serverRefusedBefore = -1;
    }

    /** The session {@code wait_timeout} in seconds as last read from the server, or -1 when unknown. */
    long sessionWaitTimeoutSeconds() {
        return probe.sessionWaitTimeoutSeconds();
    }
}
