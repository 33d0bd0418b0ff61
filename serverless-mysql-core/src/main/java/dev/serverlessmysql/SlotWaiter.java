package dev.serverlessmysql;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;

/**
 * One {@code getConnection()}'s wait for a slot, within its {@link Wait}; when none came, the error
 * that says why every slot stayed taken (another thread held the one connection, the server had
 * room for only some of the environment's connections, other threads held them all) and what to
 * do, whether {@code lease-timeout} or the invocation's deadline ended the wait.
 *
 * <p>Guards: none of its own. It waits on the {@link Slots} (their fair semaphore and state words)
 * on the calling thread; its fields are final.
 */
final class SlotWaiter {

    private final Slots slots;
    private final Counters counters;
    private final Duration leaseTimeout;

    SlotWaiter(Slots slots, Counters counters, Duration leaseTimeout) {
        this.slots = slots;
        this.counters = counters;
        this.leaseTimeout = leaseTimeout;
    }

    /** Waits for a slot until the wait's end; the error says why none came. */
    Slots.Slot await(Wait wait) throws SQLException {
        Slots.Slot slot;
        try {
            slot = slots.lease(wait.nanosLeft(), Leftovers.onInvocationThread());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("Interrupted while waiting for the connection lease", "08001", e);
        }
        if (slot != null) {
            return slot;
        }
        counters.leaseTimeouts.incrementAndGet();
        int size = slots.size();
        int sharing = size - slots.withheld();
        if (wait.endedByDeadline()) {
            throw busyUntilDeadline(wait, size, sharing);
        }
        String held = size == 1 ? "another thread held the one connection that long. A serverless"
                + " DataSource serves one caller at a time; close each connection promptly, or raise"
                + " leaseTimeout (serverless.mysql.lease-timeout)."
                : sharing < size
                ? "the server had room for only " + sharing + " of this environment's " + size
                        + " connections (maxConnectionsPerEnvironment, serverless.mysql.max-connections-per-environment), and other threads held"
                        + " them that long; raise the server's max_connections, lower"
                        + " max-connections-per-environment, or close each connection promptly."
                : "other threads held all " + size + " connections that long"
                        + " (maxConnectionsPerEnvironment, serverless.mysql.max-connections-per-environment); close each connection promptly,"
                        + " or raise leaseTimeout (serverless.mysql.lease-timeout).";
        throw new SQLTransientConnectionException("serverless-mysql - connection lease not available, request timed out"
                + " after " + leaseTimeout.toMillis() + " ms: " + held, "08001");
    }

    /** Why every slot stayed taken until the invocation's deadline, and what to do. */
    private static SQLTransientConnectionException busyUntilDeadline(Wait wait, int size, int sharing) {
        if (size == 1) {
            return wait.deadlineReached("another thread held this environment's one connection all that time",
                    "Close each connection promptly: a serverless DataSource serves one caller at a time.", null);
        }
        if (sharing < size) {
            return wait.deadlineReached("the server had room for only " + sharing + " of this environment's " + size
                    + " connections (maxConnectionsPerEnvironment, serverless.mysql.max-connections-per-environment), and other requests held them all"
                    + " that time", "Raise the server's max_connections, lower max-connections-per-environment, or close"
                    + " each connection promptly.", null);
        }
        return wait.deadlineReached("other requests held all " + size + " connections of this environment"
                + " (maxConnectionsPerEnvironment, serverless.mysql.max-connections-per-environment) all that time",
                "Close each connection promptly, or raise max-connections-per-environment.", null);
    }
}
