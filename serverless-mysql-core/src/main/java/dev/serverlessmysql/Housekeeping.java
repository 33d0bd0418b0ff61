package dev.serverlessmysql;

import java.sql.Connection;
import java.sql.SQLException;
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
 * <li>Under it: kills this user's threads asleep longer than {@code zombie.max-timeout}; it lists
 * them only when the usage query, which also reports the oldest sleeper, says there is one.</li>
 * </ul>
 *
 * <p>A warm container whose caches are fresh and under the threshold sends no statement at all.
 */
final class Housekeeping {

    private final double utilization;
    private final Counters counters;
    private final Events events;
    private final UsageProbe probe;
    private final ZombieReaper reaper;

    Housekeeping(ServerlessMySqlConfig config, Counters counters, Events events, LongSupplier nanoClock) {
        this.utilization = config.connectionUtilization();
        this.counters = counters;
        this.events = events;
        this.probe = new UsageProbe(config, counters, nanoClock);
        this.reaper = new ZombieReaper(config, counters, events);
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
        Usage usage = probe.sample(own);
        counters.lastUsed.set(usage.used());
        counters.lastLimit.set(usage.limit());
        events.onUsageSampled(usage.used(), usage.limit());
        if (usage.isOver(utilization)) {
            int gone = 0;
            // No sleeper can be old enough yet: spare the listing.
            if (usage.oldestSleepSeconds() >= reaper.minSeconds()) {
                gone = reaper.killForCapacity(own, usage.excessOver(utilization), otherOwn);
            }
            if (gone == 0) {
                // The DataSource closes the own connection now.
                probe.connectionsGone(1);
                return true;
            }
            probe.connectionsGone(gone);
            return false;
        }
        if (usage.fresh() && usage.oldestSleepSeconds() > reaper.maxSeconds()) {
            probe.connectionsGone(reaper.killExpired(own, otherOwn));
        }
        return false;
    }

    /** Forgets cached limit and usage (after a CRaC restore). */
    void clearCaches() {
        probe.clear();
        reaper.clear();
    }

    /** The session {@code wait_timeout} in seconds as last read from the server, or -1 when unknown. */
    long sessionWaitTimeoutSeconds() {
        return probe.sessionWaitTimeoutSeconds();
    }
}
