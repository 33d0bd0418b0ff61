package dev.serverlessmysql;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * The environment's connection slots, one per connection it may hold
 * ({@code max-connections-per-environment}), each with one state word changed only by
 * compare-and-set, and a fair semaphore whose permits are the free slots callers may wait for.
 *
 * <h2>The invariant</h2>
 * <ul>
 * <li>Every slot is in exactly one {@link State}. Only these moves exist:
 * <ul>
 * <li>{@code FREE -> LEASED | RESERVED}: by a thread holding a permit not yet turned into a slot;
 * the permit now belongs to the slot. The thread becomes the slot's holder.</li>
 * <li>{@code LEASED | RESERVED -> FREE}: by the holder only ({@link #free}), releasing the slot's
 * permit right after.</li>
 * <li>{@code LEASED | RESERVED -> WITHHELD}: by the holder only ({@link #withhold}), after it won
 * one unit of the withheld budget; the permit stays with the slot, so no caller can take it.</li>
 * <li>{@code WITHHELD -> FREE}: by whoever took one unit back from the withheld budget
 * ({@link #restoreOne}), releasing the slot's permit right after.</li>
 * </ul></li>
 * <li>Hence available permits plus permits in transit equal the FREE slots: a thread that got a
 * permit always finds a FREE slot, and a FREE slot is never taken without a permit.</li>
 * <li>The withheld budget ({@code withheld}) is at most {@code size - 1}, enforced by
 * compare-and-set, so at least one slot always serves callers; after every move it equals the
 * WITHHELD slots (in between, a withholder has won the budget and not yet moved its slot).</li>
 * <li>The fields of a {@link Slot} other than its state are written only by its holder (the thread
 * that moved it out of FREE) while it holds it; they are volatile because any thread reads them
 * (stats, toString, housekeeping listing the own connection ids).</li>
 * </ul>
 */
final class Slots {

    /** A slot's state word. */
    enum State {
        /** No holder; its connection, if any, is idle. */
        FREE,
        /** Handed out to a caller as a lease. */
        LEASED,
        /** Taken by housekeeping, close() or a checkpoint: not a caller's. */
        RESERVED,
        /** Given up to other clients of a full server: empty, its permit held back. */
        WITHHELD
    }

    /** One physical connection and its lease state. */
    static final class Slot {
        private final AtomicReference<State> state = new AtomicReference<>(State.FREE);
        /** The open connection, or null. Written by the holder. */
        volatile Connection physical;
        /** The thread that moved the slot out of FREE; null when FREE or WITHHELD. */
        volatile Thread holder;
        /** The lease handed out and not yet returned; null unless LEASED. Written by the holder. */
        volatile Lease lease;
        /** Whether the holder thread has ended invocations (an invocation thread, not a worker it started). */
        volatile boolean holderEndsInvocations;
        volatile long lastReturnedNanos;
        volatile long openedAtNanos;
        /**
         * Set on every slot by afterRestore() (any thread), cleared by the next holder after it
         * validated the connection: a lost clear only costs one more validation.
         */
        volatile boolean restoredSinceLastLease;
        /**
         * Whether the connection still owes the check of a thaw: its last lease came back without a
         * call that reached the server (the check is left to a lease's first such call). Written by the holder.
         */
        volatile boolean thawOwed;
        /** How long the connection sat idle when its thaw's check was left to the lease's first call; null when it was not. The holder's. */
        Duration thawDeferredIdle;
        /**
         * The lease the invocation's end took back from another thread (which may still be using the
         * socket): when that lease comes back, its connection is closed rather than reset and reused.
         * Compared by identity, so a later lease of the slot is not affected.
         */
        volatile Lease reclaimedFromAnotherThread;

        State state() {
            return state.get();
        }
    }

    private final Slot[] slots;
    /** The slots as an unmodifiable list, made once: the slots never change, only their state. */
    private final List<Slot> all;
    /** One permit per FREE slot (see the invariant); fair, so waiters are served in turn. */
    private final Semaphore permits;
    /** Slots held back while the server is full; at most {@code size - 1}. */
    private final AtomicInteger withheld = new AtomicInteger();

    Slots(int size) {
        slots = new Slot[size];
        for (int i = 0; i < size; i++) {
            slots[i] = new Slot();
        }
        permits = new Semaphore(size, true);
        all = List.of(slots);
    }

    int size() {
        return slots.length;
    }

    /**
     * Waits up to {@code timeoutNanos} for a permit and takes a FREE slot as LEASED: the open one
     * returned last (the warmest; the others stay idle, to be released first), else an empty one.
     *
     * @return null when no slot came free in time
     */
    Slot lease(long timeoutNanos, boolean invocationThread) throws InterruptedException {
        if (!permits.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS)) {
            return null;
        }
        Slot slot = take(State.LEASED, false);
        slot.holderEndsInvocations = invocationThread;
        return slot;
    }

    /**
     * An idle open connection's slot RESERVED for housekeeping, or null: none idle, every permit
     * taken, or callers waiting. A permit just given back belongs to the caller waiting for it (a
     * plain tryAcquire would barge in ahead of it); while callers wait, every connection is needed.
     */
    Slot reserveIdle() {
        if (permits.hasQueuedThreads() || !permits.tryAcquire()) {
            return null;
        }
        Slot slot = take(State.RESERVED, true);
        if (slot == null) {
            permits.release();
        }
        return slot;
    }

    /**
     * Takes as many permits as come within {@code timeoutNanos} (all once every lease is back) and
     * RESERVES a FREE slot for each; stops early when interrupted, keeping the interrupt flag.
     */
    List<Slot> reserveAll(long timeoutNanos, Clock clock) {
        long deadline = clock.nanoTime() + timeoutNanos;
        List<Slot> taken = new ArrayList<>();
        try {
            while (taken.size() < slots.length - withheld.get()
                    && (permits.tryAcquire() || permits.tryAcquire(deadline - clock.nanoTime(), TimeUnit.NANOSECONDS))) {
                taken.add(take(State.RESERVED, false));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return taken;
    }

    /**
     * Under a permit this thread holds: a FREE slot moved to {@code to}; with {@code openOnly}, an
     * open one or null.
     */
    private Slot take(State to, boolean openOnly) {
        while (true) {
            Slot best = null;
            for (Slot slot : slots) {
                if (slot.state() != State.FREE) {
                    continue;
                }
                if (slot.physical != null) {
                    if (best == null || best.physical == null || slot.lastReturnedNanos - best.lastReturnedNanos > 0) {
                        best = slot;
                    }
                } else if (best == null && !openOnly) {
                    best = slot;
                }
            }
            if (best == null && openOnly) {
                return null;
            }
            // best is null only while another thread is between its permit and its slot; a FREE one is there for us.
            if (best != null && best.state.compareAndSet(State.FREE, to)) {
                best.holder = Thread.currentThread();
                return best;
            }
            Thread.onSpinWait();
        }
    }

    /**
     * The holder is done with the slot at {@code nowNanos}: it is withheld when {@code withhold}
     * and the budget allows, else FREE again.
     */
    void release(Slot slot, boolean withhold, long nowNanos) {
        slot.lastReturnedNanos = nowNanos;
        if (!withhold || !withhold(slot)) {
            free(slot);
        }
    }

    /** The holder is done with the slot: it becomes FREE and its permit is given back. */
    void free(Slot slot) {
        slot.lease = null;
        slot.holder = null;
        move(slot, State.FREE);
        permits.release();
    }

    /**
     * The holder gave the slot's connection up to other clients of a full server: the slot becomes
     * WITHHELD, its permit kept back, so that the environment's callers share the rest. Refused
     * (false, the slot still held) when it would leave no slot to serve callers.
     */
    boolean withhold(Slot slot) {
        int before = withheld.getAndUpdate(n -> n < slots.length - 1 ? n + 1 : n);
        if (before >= slots.length - 1) {
            return false;
        }
        slot.lease = null;
        slot.holder = null;
        move(slot, State.WITHHELD);
        return true;
    }

    /** Whether one more slot could be withheld now. */
    boolean canWithhold() {
        return withheld.get() < slots.length - 1;
    }

    /** Gives one withheld slot back to the callers; false when none was withheld. */
    boolean restoreOne() {
        if (withheld.getAndUpdate(n -> Math.max(0, n - 1)) == 0) {
            return false;
        }
        while (true) {
            for (Slot slot : slots) {
                if (slot.state.compareAndSet(State.WITHHELD, State.FREE)) {
                    permits.release();
                    return true;
                }
            }
            // The withholder won the budget and is about to move its slot.
            Thread.onSpinWait();
        }
    }

    /** Gives every withheld slot back (close, checkpoint). */
    void restoreAll() {
        while (restoreOne()) {
            // one at a time, each by compare-and-set
        }
    }

    int withheld() {
        return withheld.get();
    }

    /** Whether callers are waiting for a slot. */
    boolean callersWaiting() {
        return permits.hasQueuedThreads();
    }

    /** The LEASED slot whose holder is {@code thread}, or null. */
    Slot leasedBy(Thread thread) {
        for (Slot slot : slots) {
            if (slot.holder == thread && slot.state() == State.LEASED) {
                return slot;
            }
        }
        return null;
    }

    int count(Predicate<Slot> which) {
        int count = 0;
        for (Slot slot : slots) {
            if (which.test(slot)) {
                count++;
            }
        }
        return count;
    }

    /** Every slot, for reading (what a slot's state allows its holder only). */
    List<Slot> all() {
        return all;
    }

    private static void move(Slot slot, State to) {
        State from = slot.state();
        if (from != State.LEASED && from != State.RESERVED || !slot.state.compareAndSet(from, to)) {
            throw new IllegalStateException("Slot moved from " + from + " to " + to + " by a thread that does not hold it");
        }
    }
}
