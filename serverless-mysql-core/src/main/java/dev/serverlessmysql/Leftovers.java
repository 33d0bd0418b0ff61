package dev.serverlessmysql;

import java.sql.Connection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What callers left out when their invocation (or the DataSource) ended: leases never closed and
 * the temporary connections of nested calls. Also keeps the nested connections, so that every
 * connection the DataSource has open is known as its own.
 *
 * <p>Which leases an invocation's end takes back: the invoking thread's; and another thread's when
 * that thread has ended, or when the environment serves one invocation at a time (one connection)
 * and the thread is not one that ends invocations (a worker the function started and forgot). With
 * several connections per environment a live thread's lease may be a concurrent invocation's, and
 * is left alone.
 */
final class Leftovers {

    private static final Logger log = LoggerFactory.getLogger(ServerlessMySqlDataSource.class);
    /** Set on threads that have called endInvocation(): the runtime's invocation threads. */
    private static final ThreadLocal<Boolean> INVOCATION_THREAD = new ThreadLocal<>();

    private final Slots slots;
    private final Counters counters;
    /** Temporary connections of nested getConnection() calls still open: a concurrent set. */
    private final Set<Lease> nested = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean leakLogged = new AtomicBoolean();

    Leftovers(Slots slots, Counters counters) {
        this.slots = slots;
        this.counters = counters;
    }

    /** Whether the calling thread has ended invocations. */
    static boolean onInvocationThread() {
        return Boolean.TRUE.equals(INVOCATION_THREAD.get());
    }

    void nestedOpened(Lease lease) {
        nested.add(lease);
    }

    /** A nested connection is never kept: its work is rolled back by the server as it closes. */
    void nestedReturned(Lease lease) {
        nested.remove(lease);
        lease.closePhysical();
    }

    /** At an invocation's end, on its thread: takes back the leases and nested connections it left out. */
    void atInvocationEnd() {
        INVOCATION_THREAD.set(Boolean.TRUE);
        for (Slots.Slot slot : slots.all()) {
            Lease lease = slot.lease;
            if (lease == null || slot.state() != Slots.State.LEASED) {
                continue;
            }
            Thread holder = lease.holder();
            if (holder == Thread.currentThread()) {
                reclaim(lease, "endInvocation()", false);
            } else if (!holder.isAlive() || slots.size() == 1 && !slot.holderEndsInvocations) {
                // The holder may still use the socket: the connection is closed on return, not reused.
                slot.reclaimedFromAnotherThread = lease;
                reclaim(lease, "endInvocation()", true);
            }
        }
        closeNested(false);
    }

    /** At close(): the calling thread's lease and every nested connection. */
    void atClose() {
        Slots.Slot held = slots.leasedBy(Thread.currentThread());
        Lease lease = held == null ? null : held.lease;
        if (lease != null) {
            // Its return sees the DataSource closed and discards the connection.
            reclaim(lease, "close()", false);
        }
    }

    /** Closes the temporary connections of nested calls left open: this thread's and ended threads', or all. */
    void closeNested(boolean all) {
        // At every invocation end, nearly always with none open: no copy then (an interpreted JVM's
        // few microseconds per invocation).
        if (nested.isEmpty()) {
            return;
        }
        for (Lease lease : List.copyOf(nested)) {
            Thread holder = lease.holder();
            if (all || holder == Thread.currentThread() || !holder.isAlive()) {
                lease.giveBack();
            }
        }
    }

    /** The server thread ids of every own connection but {@code except}: in the slots (any state) or nested. */
    Set<Long> ownThreadIdsExcept(Connection except) {
        Set<Long> ids = new HashSet<>();
        for (Slots.Slot slot : slots.all()) {
            addThreadId(ids, slot.physical, except);
        }
        for (Lease lease : nested) {
            addThreadId(ids, lease.physical(), except);
        }
        return ids;
    }

    private static void addThreadId(Set<Long> ids, Connection connection, Connection except) {
        if (connection != null && connection != except) {
            long id = DriverState.threadId(connection);
            if (id > 0) {
                ids.add(id);
            }
        }
    }

    /**
     * The invocation (or the DataSource) is over while a thread still holds the lease: the lease is
     * made inert and handed back, as if it had been closed.
     */
    private void reclaim(Lease lease, String when, boolean otherThread) {
        counters.leasesReclaimed.incrementAndGet();
        long ageMillis = TimeUnit.NANOSECONDS.toMillis(lease.heldNanos());
        String whose = "thread '" + lease.holder().getName() + "'" + (otherThread ? " (not the invocation's own)" : "");
        if (leakLogged.compareAndSet(false, true)) {
            log.warn("A connection was never closed: {} took it {} ms before {} and still held it. It is taken"
                    + " back now ({}); close every connection, for example with try-with-resources{}. {}Further leaks are"
                    + " logged at DEBUG and counted in stats().leasesReclaimed().", whose, ageMillis, when,
                    otherThread ? "its connection closed; that thread's further use of it fails with 'connection"
                            + " returned'" : "statements closed, uncommitted work rolled back",
                    otherThread ? ", also on threads an invocation starts, before it ends" : "",
                    lease.origin() == null ? "To see where it was taken, build with captureLeaseStackTraces(true)"
                            + " (serverless.mysql.lease-leak-stack-trace=true). " : "",
                    lease.origin());
        } else {
            log.debug("A connection taken {} ms before {} by {} was never closed; taken back", ageMillis, when, whose,
                    lease.origin());
        }
        lease.giveBack();
    }
}
