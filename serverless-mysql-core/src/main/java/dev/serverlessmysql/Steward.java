package dev.serverlessmysql;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks after the environment's connections between leases: runs {@link Housekeeping} on one of
 * them, one run at a time, hands its {@link Verdict} to the {@link SharingPolicy} and carries the
 * decision out on the {@link Slots} (closing connections, holding slots back, giving them back).
 * It also closes connections for the DataSource, so that every close is counted and reported in
 * one place.
 *
 * <p>Guards: {@link #lock} serialises every housekeeping run and cache clear, and so guards the state of {@link Housekeeping}, its probe and reaper; a second
 * caller skips rather than waits (an invocation end never blocks on another's). Two runs can
 * therefore never both decide on the same picture of the environment (the race where each gives
 * up a connection and holds a slot back until none is left).
 */
final class Steward {

    /** The DataSource's logger: operators configure one name. */
    private static final Logger log = LoggerFactory.getLogger(ServerlessMySqlDataSource.class);

    private final ServerlessMySqlConfig config;
    private final Counters counters;
    private final Events events;
    private final Housekeeping housekeeping;
    private final SharingPolicy policy;
    private final Slots slots;
    private final Clock clock;
    private final Supplier<RandomGenerator> random;
    /** The server thread ids of every own connection but the given one (leased, nested or idle). */
    private final Function<Connection, Set<Long>> ownIdsExcept;
    /** Told when housekeeping found room: the next connect is worth trying. */
    private final Runnable roomFound;
    private final ReentrantLock lock = new ReentrantLock();
    /**
     * The most leases held at once since the last fresh usage sample: what the environment's
     * concurrency needed over that sample's life. Raised by leasing callers (atomic max), reset
     * under {@link #lock}.
     */
    private final AtomicInteger peakLeased = new AtomicInteger();
    /** After the last connection went to refused clients: no connect before this. Written under {@link #lock}. */
    private volatile long reconnectNotBeforeNanos;
    private final AtomicBoolean failureLogged = new AtomicBoolean();
    private final AtomicBoolean giveUpLogged = new AtomicBoolean();

    Steward(ServerlessMySqlConfig config, Counters counters, Events events, Slots slots, Clock clock,
            Supplier<RandomGenerator> random, Function<Connection, Set<Long>> ownIdsExcept, Runnable roomFound) {
        this.config = config;
        this.counters = counters;
        this.events = events;
        this.housekeeping = new Housekeeping(config, counters, events, clock, () -> random.get().nextDouble());
        this.policy = new SharingPolicy(slots.size(), config.usedConnectionsCacheTtl().toNanos(),
                JitterWindow.saturatedNanos(config.retryCap()));
        this.slots = slots;
        this.clock = clock;
        this.random = random;
        this.ownIdsExcept = ownIdsExcept;
        this.roomFound = roomFound;
        this.reconnectNotBeforeNanos = clock.nanoTime();
    }

    /** A caller took a lease; {@code inUse} leases are out now. */
    void leased(int inUse) {
        peakLeased.accumulateAndGet(inUse, Math::max);
    }

    long reconnectNotBeforeNanos() {
        return reconnectNotBeforeNanos;
    }

    /**
     * Housekeeping on an idle own connection (invocation end, start-up); skipped when none is idle or
     * a run is on. Each statement is bounded by {@code timeout}: {@code validation-timeout}, or less
     * when the invocation's deadline is nearer (after the response, on the Lambda extension's thread).
     */
    void onIdleConnection(Duration timeout) {
        if (housekeeping.nothingDue()) {
            return;
        }
        if (!lock.tryLock()) {
            log.debug("Housekeeping skipped: another thread's run is on");
            return;
        }
        try {
            Slots.Slot slot = slots.reserveIdle();
            if (slot == null) {
                log.debug("Housekeeping skipped: no own connection is open and idle (callers waiting for one, or a lease"
                        + " not closed before endInvocation())");
                return;
            }
            boolean withhold = false;
            try {
                withhold = runOn(slot, true, timeout);
            } finally {
                slots.release(slot, withhold, clock.nanoTime());
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether an invocation end's housekeeping run may send a statement or change something ({@link Housekeeping#nothingDue}). */
    boolean housekeepingDue() {
        return !housekeeping.nothingDue();
    }

    /**
     * With several connections per environment, a lease returned while other callers wait for one
     * is where a saturated environment reads a stale usage sample (it has no idle connection at
     * invocation ends), to see the server get room or another environment starve. Runs on the
     * returned lease's slot, which the caller still holds; returns whether to hold the slot back.
     */
    boolean onReturnWhileCallersWait(Slots.Slot slot) {
        if (!housekeeping.usageStale() || !lock.tryLock()) {
            return false;
        }
        try {
            return runOn(slot, false, config.validationTimeout());
        } finally {
            lock.unlock();
        }
    }

    /** Forgets cached limit and usage (after a restore); waits for a run that is on. */
    void clearCaches() {
        lock.lock();
        try {
            housekeeping.clearCaches();
        } finally {
            lock.unlock();
        }
    }

    long sessionWaitTimeoutSeconds() {
        return housekeeping.sessionWaitTimeoutSeconds();
    }

    /** Closes the slot's connection, if any; called by its holder. */
    void discard(Slots.Slot slot, ReleaseReason reason) {
        Connection connection = slot.physical;
        if (connection == null) {
            return;
        }
        slot.physical = null;
        closeQuietly(connection);
        events.onReleased(reason);
    }

    static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // A dead connection cannot be closed cleanly; its socket is gone either way.
        }
    }

    /**
     * One run on a slot this thread holds, under {@link #lock}; never throws. Returns whether to hold
     * the slot back.
     */
    private boolean runOn(Slots.Slot slot, boolean idle, Duration timeout) {
        try {
            Connection own = slot.physical;
            if (own == null || own.isClosed()) {
                return false;
            }
            Verdict verdict = Housekeeping.withNetworkTimeout(own, timeout,
                    () -> housekeeping.run(own, ownIdsExcept.apply(own)));
            // What the concurrency needed over the sample that ends now; the next one counts afresh.
            int needed = peakLeased.get();
            if (verdict.sampled()) {
                peakLeased.set(slots.count(s -> s.state() == Slots.State.LEASED));
            }
            SharingPolicy.Decision decision = policy.decide(verdict, new SharingPolicy.Situation(open(), needed, idle,
                    slot.openedAtNanos, slots.canWithhold()), clock.nanoTime());
            if (decision.restoreOne()) {
                restoreOne();
            }
            if (decision.close() > 0) {
                closeUnderPressure(slot, decision.close());
                return false;
            }
            return giveUp(slot, decision.giveUp());
        } catch (SQLException | RuntimeException e) {
            counters.housekeepingFailures.incrementAndGet();
            logFailure(e);
            if (e instanceof SQLException sql && ErrorClassifier.isConnectionBroken(sql)) {
                counters.brokenConnections.incrementAndGet();
                discard(slot, ReleaseReason.BROKEN);
            }
            return false;
        }
    }

    private void restoreOne() {
        roomFound.run();
        if (slots.restoreOne()) {
            log.debug("The server has room again: one more of this environment's callers may open a connection ({} still"
                    + " share the open ones)", slots.withheld());
        }
    }

    /**
     * Closes the connection the run was on and idle others up to {@code count} (a connection in
     * use is never closed).
     */
    private void closeUnderPressure(Slots.Slot first, int count) {
        List<Slots.Slot> taken = new ArrayList<>(List.of(first));
        try {
            for (Slots.Slot idle; taken.size() < count && (idle = slots.reserveIdle()) != null; ) {
                taken.add(idle);
            }
            for (Slots.Slot slot : taken) {
                discard(slot, ReleaseReason.SERVER_BUSY);
            }
            counters.releasedUnderPressure.addAndGet(taken.size());
            housekeeping.released(taken.size());
            log.info("Closed {} of this environment's MySQL connections: the server stays over {}% of its connection"
                    + " limit and no zombie connection of user '{}' could be killed. The next invocation reconnects.",
                    taken.size(), Math.round(config.connectionUtilization() * 100), config.username());
        } finally {
            // The one the run was on is released by its caller.
            taken.remove(first);
            taken.forEach(slots::free);
        }
    }

    private boolean giveUp(Slots.Slot slot, SharingPolicy.GiveUp what) {
        if (what == SharingPolicy.GiveUp.NONE) {
            return false;
        }
        int open = open();
        discard(slot, ReleaseReason.SERVER_BUSY);
        counters.releasedUnderPressure.incrementAndGet();
        housekeeping.released(1);
        boolean last = what == SharingPolicy.GiveUp.LAST;
        String gave = last ? "its one connection; its callers reconnect after a pause"
                : "one of its " + open + " connections; its callers share the rest";
        if (giveUpLogged.compareAndSet(false, true)) {
            log.info("Other clients failed to connect to the MySQL server while it is full (max_connections; its"
                    + " counter Aborted_connects grew), while this environment held {}: it gave up {}. This"
                    + " repeats while they are refused (logged at DEBUG from now on, counted in"
                    + " stats().releasedUnderPressure()); if it goes on, more environments or clients want"
                    + " connections than the server allows: raise max_connections or lower"
                    + " maxConnectionsPerEnvironment (serverless.mysql.max-connections-per-environment).", open == 1 ? "one connection" : open
                    + " connections", gave);
        } else {
            log.debug("Other clients of the server were refused: this environment gave up {}", gave);
        }
        if (last) {
            reconnectNotBeforeNanos = clock.nanoTime() + policy.pauseNanos(random.get());
        }
        return what == SharingPolicy.GiveUp.ONE_AND_WITHHOLD;
    }

    private int open() {
        return slots.count(s -> s.physical != null);
    }

    private void logFailure(Exception e) {
        if (failureLogged.compareAndSet(false, true)) {
            log.warn("Invocation-end housekeeping failed; the invocation is not affected, but zombie connections may"
                    + " not be cleaned up. Further failures are logged at DEBUG and counted in stats(). Cause: {}",
                    e.toString(), e);
        } else {
            log.debug("Invocation-end housekeeping failed again: {}", e.toString());
        }
    }
}
