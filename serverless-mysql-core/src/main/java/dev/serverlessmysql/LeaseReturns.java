package dev.serverlessmysql;

import java.sql.SQLException;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a slot's lease back, closed by its caller or reclaimed: resets the session the lease
 * leaves behind, or discards the connection (broken, not resettable, left on another thread, the
 * DataSource closed); lets the {@link Steward} decide whether to hold the slot back while other
 * callers wait; then releases the slot.
 *
 * <p>Guards: none of its own; its fields are final. It runs on the one thread that returns the
 * lease ({@link Lease} makes the return happen once), which holds the slot until it releases it,
 * so the slot's fields are that thread's to write (the slot invariant, {@link Slots}).
 */
final class LeaseReturns {

    /** The DataSource's logger: operators configure one name. */
    private static final Logger log = LoggerFactory.getLogger(ServerlessMySqlDataSource.class);

    private final ServerlessMySqlConfig config;
    private final Counters counters;
    private final Slots slots;
    private final Steward steward;
    private final Clock clock;
    /** Whether the DataSource is closed: then the connection is discarded. */
    private final BooleanSupplier closed;

    LeaseReturns(ServerlessMySqlConfig config, Counters counters, Slots slots, Steward steward, Clock clock,
            BooleanSupplier closed) {
        this.config = config;
        this.counters = counters;
        this.slots = slots;
        this.steward = steward;
        this.clock = clock;
        this.closed = closed;
    }

    /** The lease came back (closed by its caller, or reclaimed): reset, maybe housekeeping, then the slot is released. */
    void returned(Slots.Slot slot, Lease lease) {
        slot.lease = null;
        boolean withhold = false;
        try {
            ReleaseReason discardFor = slot.reclaimedFromAnotherThread == lease ? ReleaseReason.LEFT_ON_ANOTHER_THREAD
                    : resetOrDiscard(lease);
            if (discardFor == ReleaseReason.BROKEN) {
                counters.brokenConnections.incrementAndGet();
            }
            if (discardFor != null) {
                steward.discard(slot, discardFor);
            }
            if (closed.getAsBoolean()) {
                steward.discard(slot, ReleaseReason.CLOSED);
            }
            // Nothing reached the server: the next lease checks the thawed connection instead.
            slot.thawOwed = slot.physical != null && lease.thawOwed();
            if (slots.size() > 1 && config.housekeepingEnabled() && !closed.getAsBoolean() && slot.physical != null
                    && slots.callersWaiting()) {
                withhold = steward.onReturnWhileCallersWait(slot);
            }
        } finally {
            slots.release(slot, withhold, clock.nanoTime());
        }
    }

    /** Resets the session the lease leaves behind; what to discard the connection for, or null to keep it. */
    private static ReleaseReason resetOrDiscard(Lease lease) {
        try {
            if (lease.isBroken() || lease.physical().isClosed()) {
                return ReleaseReason.BROKEN;
            }
            return lease.resetSession().releaseReason();
        } catch (SQLException | RuntimeException e) {
            log.debug("Resetting the session on return failed; the connection is replaced: {}", e.toString());
            return ReleaseReason.BROKEN;
        }
    }
}
