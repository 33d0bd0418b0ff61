package dev.serverlessmysql;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DataSource's life beyond its leases: {@code close()} and the CRaC / SnapStart checkpoint and
 * restore. Both close and a checkpoint empty the slots: every withheld slot taken back, every slot
 * reserved, waiting up to a bound for leases in use, the reserved slots' connections closed and the
 * slots freed again. A connection still leased then is never closed under its user: after
 * {@code close()} its return discards it; a checkpoint leaves every connection open. A restore
 * reseeds the jitter, forgets what was cached about the server and has every connection validated.
 *
 * <p>Guards: {@link #closeStarted} lets one {@code close()} run; {@link #closed} is volatile,
 * written once by it and read by every caller. The slots it reserved are held by the calling thread
 * (the slot invariant, {@link Slots}) until it frees them. Close runs on the caller's thread or
 * the JVM shutdown hook's, checkpoint and restore on CRaC's.
 */
final class Lifecycle {

    /** The DataSource's logger: operators configure one name. */
    private static final Logger log = LoggerFactory.getLogger(ServerlessMySqlDataSource.class);

    private final ServerlessMySqlConfig config;
    private final Slots slots;
    private final Steward steward;
    private final Leftovers leftovers;
    private final Clock clock;
    private final Jitter jitter;
    /** Won by the one close() that runs. */
    private final AtomicBoolean closeStarted = new AtomicBoolean();
    /** Kept strongly: the CRaC context holds its resources through weak references. */
    @SuppressWarnings("unused")
    private final Object checkpointHook;

    /** Written once by close(); read by every caller. */
    private volatile boolean closed;

    /** Registers {@code dataSource}'s CRaC resource when configured and {@code org.crac} is present. */
    Lifecycle(ServerlessMySqlDataSource dataSource, ServerlessMySqlConfig config, Slots slots, Steward steward,
            Leftovers leftovers, Clock clock, Jitter jitter) {
        this.config = config;
        this.slots = slots;
        this.steward = steward;
        this.leftovers = leftovers;
        this.clock = clock;
        this.jitter = jitter;
        this.checkpointHook = config.registerCheckpointHook() && isCracPresent()
                ? CheckpointHook.register(dataSource) : null;
    }

    /** Whether {@link #close} was called. */
    boolean isClosed() {
        return closed;
    }

    /**
     * The first call marks the DataSource closed, takes the calling thread's lease back, then
     * closes every connection that comes back within {@code wait}, and every nested one; later
     * calls do nothing.
     */
    void close(Duration wait) {
        if (!closeStarted.compareAndSet(false, true)) {
            return;
        }
        closed = true;
        leftovers.atClose();
        slots.restoreAll();
        List<Slots.Slot> reserved = slots.reserveAll(wait.toNanos(), clock);
        try {
            reserved.forEach(slot -> steward.discard(slot, ReleaseReason.CLOSED));
            leftovers.closeNested(true);
            if (reserved.size() < slots.size()) {
                log.warn("Closing: a connection is still leased by another thread; it is closed when that lease comes back");
            }
        } finally {
            reserved.forEach(slots::free);
        }
    }

    /**
     * Before a checkpoint: every connection closed once all leases came back within
     * {@code lease-timeout}, none when one did not; the cached credentials forgotten either way.
     */
    void beforeCheckpoint() {
        slots.restoreAll();
        List<Slots.Slot> reserved = slots.reserveAll(config.leaseTimeout().toNanos(), clock);
        try {
            if (reserved.size() < slots.size()) {
                if (!Thread.currentThread().isInterrupted()) {
                    log.warn("Checkpoint: a connection is still leased after {}; the connections are left open",
                            config.leaseTimeout());
                }
                return;
            }
            reserved.forEach(slot -> steward.discard(slot, ReleaseReason.CHECKPOINT));
        } finally {
            // While the slots are still reserved, so that no connect caches them again.
            config.credentialsProvider().forget();
            reserved.forEach(slots::free);
        }
    }

    /** After a restore: new jitter, cached server state forgotten, every connection validated at its next lease. */
    void afterRestore() {
        LambdaShutdown.afterRestore();
        jitter.reseed();
        steward.clearCaches();
        for (Slots.Slot slot : slots.all()) {
            slot.restoredSinceLastLease = true;
        }
    }

    /** Checked here, not in CheckpointHook: loading that class needs org.crac. */
    private static boolean isCracPresent() {
        try {
            Class.forName("org.crac.Core", false, ServerlessMySqlDataSource.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
