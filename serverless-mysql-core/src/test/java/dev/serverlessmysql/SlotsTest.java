package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.serverlessmysql.SharingPolicy.GiveUp;
import dev.serverlessmysql.SharingPolicy.Situation;
import dev.serverlessmysql.Slots.Slot;
import dev.serverlessmysql.Slots.State;

/** The slot states and their invariant, without a server: threads race for slots, no sleeps. */
class SlotsTest {

    @Test
    void eachSlotGoesToOneCallerAndAFullEnvironmentTimesOut() throws Exception {
        Slots slots = new Slots(2);
        Slot a = slots.lease(0, false);
        Slot b = slots.lease(0, false);
        assertThat(a).isNotSameAs(b);
        assertThat(slots.lease(0, false)).isNull();
        slots.free(a);
        assertThat(slots.lease(0, false)).isSameAs(a);
    }

    @Test
    void atLeastOneSlotAlwaysServesCallers() throws Exception {
        Slots slots = new Slots(3);
        List<Slot> held = List.of(slots.lease(0, false), slots.lease(0, false), slots.lease(0, false));
        held.forEach(slot -> slots.release(slot, true, 0));
        assertThat(slots.withheld()).isEqualTo(2);
        assertThat(slots.count(slot -> slot.state() == State.WITHHELD)).isEqualTo(2);
        assertThat(slots.lease(0, false)).as("the third was freed, not withheld").isNotNull();
        assertThat(slots.restoreOne()).isTrue();
        assertThat(slots.lease(0, false)).isNotNull();
        assertThat(slots.lease(0, false)).isNull();
    }

    /**
     * The race of issue 30 item 10: two housekeeping runs that each decided, on the same picture of
     * the environment, to give up a connection and hold its slot back. Whatever the interleaving,
     * one slot keeps serving the callers.
     */
    @Test
    void twoRunsGivingUpTheLastConnectionsAtOnceLeaveOneSlot() throws Exception {
        SharingPolicy policy = new SharingPolicy(2, 1_000, 1_000);
        Verdict refused = new Verdict(new Usage(99, 100, false, -1, true), false, false, true, 2, 0);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 2_000; round++) {
                Slots slots = new Slots(2);
                Slot first = slots.lease(0, false);
                Slot second = slots.lease(0, false);
                // Both runs see two open connections and room to hold one back: both decide to.
                Situation seen = new Situation(2, 2, true, 0, slots.canWithhold());
                assertThat(policy.decide(refused, seen, 10_000).giveUp()).isEqualTo(GiveUp.ONE_AND_WITHHOLD);
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<?>> runs = new ArrayList<>();
                for (Slot slot : List.of(first, second)) {
                    runs.add(threads.submit(() -> {
                        start.await();
                        slots.release(slot, true, 1);
                        return null;
                    }));
                }
                for (Future<?> run : runs) {
                    run.get(30, TimeUnit.SECONDS);
                }
                assertThat(slots.withheld()).isEqualTo(1);
                assertThat(slots.lease(0, false)).as("a caller still gets a slot").isNotNull();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** Many threads lease, free, withhold and restore at random: no slot held twice, no permit lost. */
    @Test
    void theInvariantHoldsUnderContention() throws Exception {
        int size = 4;
        Slots slots = new Slots(size);
        AtomicInteger[] holders = new AtomicInteger[size];
        List<Slot> all = slots.all();
        for (int i = 0; i < size; i++) {
            holders[i] = new AtomicInteger();
        }
        AtomicInteger doubleLeases = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                workers.add(threads.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    for (int i = 0; i < 20_000; i++) {
                        Slot slot = slots.lease(TimeUnit.MILLISECONDS.toNanos(50), false);
                        if (slot == null) {
                            slots.restoreOne();
                            continue;
                        }
                        AtomicInteger holder = holders[all.indexOf(slot)];
                        if (holder.incrementAndGet() != 1) {
                            doubleLeases.incrementAndGet();
                        }
                        holder.decrementAndGet();
                        int move = random.nextInt(10);
                        slots.release(slot, move == 0, i);
                        if (move == 1) {
                            slots.restoreOne();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(5, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(doubleLeases).hasValue(0);
        assertThat(slots.withheld()).isLessThan(size).isEqualTo(slots.count(slot -> slot.state() == State.WITHHELD));
        assertThat(slots.count(slot -> slot.state() == State.LEASED || slot.state() == State.RESERVED)).isZero();
        slots.restoreAll();
        List<Slot> leased = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            leased.add(slots.lease(0, false));
        }
        assertThat(leased).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(slots.lease(0, false)).as("no permit made up either").isNull();
    }
}
