package dev.serverlessmysql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a leased slot's connection usable: validates one that sat idle past the thaw threshold
 * (or across a restore) and replaces it when dead, or, with one connection per environment, leaves
 * that check to the lease's first call ({@link #deferredCheck}); opens a missing one. With several connections
 * per environment, one caller at a time opens one, and a caller whose connect the full server
 * would refuse waits for an open connection of its environment instead (no connection: see {@link #usable}).
 */
final class Opener {

    private static final Logger log = LoggerFactory.getLogger(ServerlessMySqlDataSource.class);

    private final ServerlessMySqlConfig config;
    private final Counters counters;
    private final Events events;
    private final Connector connector;
    private final Slots slots;
    private final Steward steward;
    private final Clock clock;
    /**
     * With several connections per environment, one caller at a time opens one (see
     * {@link #openOneAtATime}); fair, so the caller that waited longest connects next.
     */
    private final ReentrantLock opening = new ReentrantLock(true);
    /**
     * Whether the environment's last connect was refused by a full server at least once: written
     * under {@link #opening} by the connecting caller; cleared by housekeeping ({@link #roomFound})
     * from any thread.
     */
    private volatile boolean fullAtLastOpen;

    Opener(ServerlessMySqlConfig config, Counters counters, Events events, Connector connector, Slots slots,
           Steward steward, Clock clock) {
        this.config = config;
        this.counters = counters;
        this.events = events;
        this.connector = connector;
        this.slots = slots;
        this.steward = steward;
        this.clock = clock;
    }

    /** Housekeeping found room: the next connect is worth trying, even though the last one found the server full. */
    void roomFound() {
        fullAtLastOpen = false;
    }

    /**
     * The slot's connection, validated when thawed, opened when missing. Called by the slot's holder.
     *
     * @return the connection; empty when the full server has no room for it and the caller should
     *         wait for another of the environment's open connections instead
     */
    Optional<Connection> usable(Slots.Slot slot, Wait wait) throws SQLException {
        if (slot.physical != null && slot.physical.isClosed()) {
            counters.brokenConnections.incrementAndGet();
            steward.discard(slot, ReleaseReason.BROKEN);
        }
        slot.thawDeferredIdle = null;
        if (slot.physical != null) {
            long idleNanos = clock.nanoTime() - slot.lastReturnedNanos;
            if (thawDue(slot, idleNanos)) {
                Duration idle = Duration.ofNanos(idleNanos);
                if (slots.size() == 1 && !slot.restoredSinceLastLease && !pastWaitTimeout(idle)) {
                    // Checked by the lease's first call that reaches the server ({@link #deferredCheck}).
                    counters.thaws.incrementAndGet();
                    slot.thawDeferredIdle = idle;
                } else {
                    thaw(slot, idle, wait);
                }
            }
        }
        slot.restoredSinceLastLease = false;
        slot.thawOwed = false;
        if (slot.physical == null) {
            if (slots.size() > 1) {
                pauseAfterGivingUp(wait.endNanos());
            }
            if (slots.size() == 1) {
                opened(slot, connector.connect(wait));
            } else if (!openOneAtATime(slot, wait)) {
                return Optional.empty();
            }
        }
        return Optional.of(slot.physical);
    }

    /**
     * Whether a caller refused a new connection because the server is full should wait for an open
     * own one: the slot it connects for is empty, so any open connection is another's.
     */
    private boolean canShareInstead() {
        return config.housekeepingEnabled() && slots.canWithhold() && slots.count(s -> s.physical != null) > 0;
    }

    /**
     * Opens one more connection of an environment with several, one caller at a time: callers that
     * find no open connection free wait for the one connecting rather than each retrying on its
     * own (eight waiting requests of a starving environment would send eight times the refused
     * connects, each costing the full server a login). The next caller then shares what the
     * server had room for: when the previous connect was refused for a full server and the
     * environment has an open connection again, it does not try (a sure refusal) and waits for
     * that one, until housekeeping finds room.
     *
     * @return whether {@code slot} has its new connection; false when the caller should share another
     */
    private boolean openOneAtATime(Slots.Slot slot, Wait wait) throws SQLException {
        boolean locked;
        try {
            locked = opening.tryLock(Math.max(0, wait.nanosLeft()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("Interrupted while waiting to connect", "08001", e);
        }
        if (!locked) {
            counters.leaseTimeouts.incrementAndGet();
            if (wait.endedByDeadline()) {
                throw wait.deadlineReached("another request of this environment was connecting to " + config.serverAddress()
                        + " all that time and no connection of the environment was free",
                        "Raise the server's max_connections, or lower maxConnectionsPerEnvironment (serverless.mysql.max-connections-per-environment).",
                        null);
            }
            throw new SQLTransientConnectionException("serverless-mysql - connection not available, request timed out after "
                    + config.leaseTimeout().toMillis() + " ms: another thread of this environment was connecting to "
                    + config.serverAddress() + " all that time and no connection of the environment was free (its error"
                    + " says why the connect took so long); raise the server's max_connections or"
                    + " leaseTimeout (serverless.mysql.lease-timeout), or lower maxConnectionsPerEnvironment (serverless.mysql.max-connections-per-environment).",
                    "08001");
        }
        try {
            if (fullAtLastOpen && canShareInstead()) {
                // Not tried: the environment's previous connect found the server full.
                return false;
            }
            long refusedBefore = counters.refusedFull.get();
            Optional<Connection> connection = connector.connectOrShare(wait, this::canShareInstead);
            fullAtLastOpen = connection.isEmpty() || counters.refusedFull.get() != refusedBefore;
            if (connection.isEmpty()) {
                return false;
            }
            // In the slot before the next caller connects: it then shares this one
            // (canShareInstead) instead of trying, and being refused, once more.
            opened(slot, connection.get());
            return true;
        } finally {
            opening.unlock();
        }
    }

    /** Waits out the pause after the environment gave its last connection to refused clients, within the deadline. */
    private void pauseAfterGivingUp(long deadline) throws SQLException {
        long now = clock.nanoTime();
        long wait = Math.min(steward.reconnectNotBeforeNanos() - now, deadline - now);
        if (wait <= 0) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("Interrupted while waiting to reconnect", "08001", e);
        }
    }

    /**
     * Whether a connection idle this long (or across a restore, or whose last lease left its
     * thaw's check undone) is validated before it is used.
     */
    private boolean thawDue(Slots.Slot slot, long idleNanos) {
        return slot.restoredSinceLastLease || slot.thawOwed || idleNanos >= config.thawThreshold().toNanos();
    }

    /** Past wait_timeout the server has closed the session already: no need to ask. */
    private boolean pastWaitTimeout(Duration idle) {
        long waitTimeout = config.sessionWaitTimeout().isZero()
                ? steward.sessionWaitTimeoutSeconds() : config.sessionWaitTimeout().toSeconds();
        return waitTimeout > 0 && idle.toSeconds() >= waitTimeout;
    }

    private void thaw(Slots.Slot slot, Duration idle, Wait wait) {
        counters.thaws.incrementAndGet();
        thawChecked(slot, idle, !pastWaitTimeout(idle) && isValid(slot.physical, wait));
    }

    /** What a thaw's check found, before the lease or by its first call: heard, and a dead connection discarded. */
    private void thawChecked(Slots.Slot slot, Duration idle, boolean alive) {
        events.onThaw(idle, alive);
        if (!alive) {
            counters.thawFailures.incrementAndGet();
            log.debug("Connection idle for {} ms was dead on thaw; reconnecting", idle.toMillis());
            steward.discard(slot, ReleaseReason.DEAD_ON_THAW);
        }
    }

    /** A connection opened for the slot's holder: in the slot from now. */
    private Connection opened(Slots.Slot slot, Connection connection) {
        slot.physical = connection;
        slot.openedAtNanos = clock.nanoTime();
        return connection;
    }

    /**
     * The check of a thawed connection that {@link #usable} left to the lease (an environment of
     * one connection, idle less than {@code wait_timeout}); null when none is owed. The lease's
     * first call that reaches the server makes it: {@code setAutoCommit(false)} or SQL that only
     * begins a transaction, which can be run again on a new connection, stand in for the ping;
     * anything else pings first. A dead connection is replaced within {@code waits}' bound, as a
     * connect of {@code getConnection()} would be. Called by the slot's holder.
     */
    Lease.ThawCheck deferredCheck(Slots.Slot slot, Supplier<Wait> waits) {
        Duration idle = slot.thawDeferredIdle;
        slot.thawDeferredIdle = null;
        return idle == null ? null : new DeferredCheck(slot, idle, waits);
    }

    /** One thawed connection's check, made by its lease's first call. */
    private final class DeferredCheck implements Lease.ThawCheck {
        private final Slots.Slot slot;
        private final Duration idle;
        private final Supplier<Wait> waits;

        DeferredCheck(Slots.Slot slot, Duration idle, Supplier<Wait> waits) {
            this.slot = slot;
            this.idle = idle;
            this.waits = waits;
        }

        @Override
        public Connection ping() throws SQLException {
            Wait wait = waits.get();
            Connection current = slot.physical;
            return settle(current != null && isValid(current, wait), wait);
        }

        @Override
        public void alive() {
            thawChecked(slot, idle, true);
        }

        @Override
        public int boundMillis() {
            long left = TimeUnit.NANOSECONDS.toMillis(waits.get().nanosLeft());
            return (int) Math.max(1, Math.min(config.validationTimeout().toMillis(), Math.min(left, Integer.MAX_VALUE)));
        }

        @Override
        public Connection replaceAfter(SQLException failure) throws SQLException {
            // Not a dead connection: the server answered, and the failure is the caller's.
            return settle(!ErrorClassifier.isConnectionBroken(failure), waits.get());
        }

        private Connection settle(boolean alive, Wait wait) throws SQLException {
            thawChecked(slot, idle, alive);
            return alive ? null : opened(slot, connector.connect(wait));
        }
    }

    /**
     * One ping ({@code Connection.isValid}: a {@code COM_PING} round trip on Connector/J and on the
     * MariaDB driver), bounded by {@code validation-timeout}, as HikariCP validates: nothing else on
     * the way to the caller's first statement. The usage read belongs to housekeeping, after the
     * response where the Lambda extension carries it.
     */
    private boolean isValid(Connection connection, Wait wait) {
        // Within the wait, in the whole seconds isValid counts (at least 1: 0 would mean no bound).
        long seconds = Math.max(1, Math.min(config.validationTimeout().toSeconds(),
                TimeUnit.NANOSECONDS.toSeconds(wait.nanosLeft())));
        try {
            return connection.isValid((int) seconds);
        } catch (SQLException e) {
            return false;
        }
    }
}
