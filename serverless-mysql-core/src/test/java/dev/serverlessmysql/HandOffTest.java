package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/**
 * When housekeeping handed off starts: once the thread that ended the invocation stopped using
 * CPU (its response sent). The CPU clock is given, so the looks are counted, not timed.
 */
class HandOffTest {

    private static final long FAR = Long.MAX_VALUE;

    @Test
    void housekeepingWaitsWhileTheThreadComputesAndStartsOnceItsCpuTimeStandsStill() {
        AtomicInteger reads = new AtomicInteger();
        // Computing for the first 6 reads (the response being serialized and posted), then blocked in /next.
        HandOff handOff = HandOff.here(left -> { });
        int looks = handOff.awaitStill(id -> Math.min(reads.incrementAndGet(), 6) * 1_000_000L, FAR);
        assertThat(looks).isEqualTo(5 + HandOff.STILL_LOOKS);
    }

    @Test
    void aThreadThatStopsBrieflyAndComputesAgainIsWaitedFor() {
        long[] cpu = {1, 2, 2, 2, 3, 4, 4, 4, 4, 4, 4};
        AtomicInteger reads = new AtomicInteger();
        HandOff handOff = HandOff.here(left -> { });
        int looks = handOff.awaitStill(id -> cpu[Math.min(reads.getAndIncrement(), cpu.length - 1)], FAR);
        // Still since the read at index 5 (value 4): four unchanged looks after it.
        assertThat(looks).isEqualTo(5 + HandOff.STILL_LOOKS);
    }

    @Test
    void withoutACpuClockOrOnceTheThreadEndedHousekeepingStartsAtOnce() {
        HandOff handOff = HandOff.here(left -> { });
        assertThat(handOff.awaitStill(id -> -1, FAR)).isZero();
        AtomicInteger reads = new AtomicInteger();
        assertThat(handOff.awaitStill(id -> reads.incrementAndGet() < 3 ? reads.get() : -1, FAR)).isEqualTo(2);
    }

    @Test
    void aThreadThatNeverStopsComputingIsWaitedForAtMostTheResponseWaitOrUntilGivingUp() {
        AtomicLong cpu = new AtomicLong();
        HandOff handOff = HandOff.here(left -> { });
        assertThat(handOff.awaitStill(id -> cpu.incrementAndGet(), FAR)).isPositive();
        // Past the give-up time already: no look at all.
        assertThat(handOff.awaitStill(id -> cpu.incrementAndGet(), System.currentTimeMillis() - 1)).isZero();
    }

    @Test
    void theJvmsOwnClockTellsAParkedThreadStillAndAnEndedOneGone() throws Exception {
        CountDownLatch parked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread waiting = new Thread(() -> {
            parked.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiting.start();
        try {
            assertThat(parked.await(30, TimeUnit.SECONDS)).isTrue();
            // Parked for good before the first look (its CPU time moves while it gets there).
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (waiting.getState() != Thread.State.WAITING && System.nanoTime() < until) {
                Thread.sleep(1);
            }
            assertThat(waiting.getState()).isEqualTo(Thread.State.WAITING);
            HandOff handOff = new HandOff(left -> { }, waiting.getId(), System.currentTimeMillis());
            // Parked, its CPU time stands still: the wait ends after the still looks (fewer only
            // when RESPONSE_WAIT ends it first, on a machine too busy to look every half
            // millisecond); none at all would mean the JVM's clock is not read.
            assertThat(handOff.awaitResponseSent(FAR)).isBetween(1, HandOff.STILL_LOOKS);
        } finally {
            release.countDown();
            waiting.join();
        }
        HandOff ended = new HandOff(left -> { }, waiting.getId(), System.currentTimeMillis());
        assertThat(ended.awaitResponseSent(FAR)).as("a thread that ended has no CPU time: no wait").isZero();
    }
}
