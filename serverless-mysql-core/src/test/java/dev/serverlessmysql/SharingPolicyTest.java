package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.serverlessmysql.SharingPolicy.Decision;
import dev.serverlessmysql.SharingPolicy.GiveUp;
import dev.serverlessmysql.SharingPolicy.Situation;

/** The sharing policy alone: a clock the test sets, no server, no sleeps. */
class SharingPolicyTest {

    private static final long TTL = Duration.ofSeconds(1).toNanos();
    private static final long CAP = Duration.ofMillis(200).toNanos();
    private static final long NOW = 1_000_000_000_000L;

    private static Verdict room() {
        return new Verdict(usage(5), true, false, false, 0, 0);
    }

    private static Verdict overNothingKilled() {
        return new Verdict(usage(95), false, true, false, 0, 0);
    }

    private static Verdict othersRefused(int inARow) {
        return new Verdict(usage(95), false, false, true, inARow, 0);
    }

    private static Usage usage(int used) {
        return new Usage(used, 100, false, -1, true);
    }

    private static Situation situation(int open, int needed, boolean idle) {
        return new Situation(open, needed, idle, NOW - 10 * TTL, true);
    }

    @Test
    void roomGivesOneWithheldSlotBack() {
        Decision decision = new SharingPolicy(4, TTL, CAP).decide(room(), situation(2, 2, true), NOW);
        assertThat(decision).isEqualTo(new Decision(true, 0, GiveUp.NONE));
    }

    @Test
    void overWithNothingKilledClosesTheOneConnectionOfAClassicEnvironment() {
        Decision decision = new SharingPolicy(1, TTL, CAP).decide(overNothingKilled(), situation(1, 1, true), NOW);
        assertThat(decision.close()).isEqualTo(1);
        assertThat(decision.restoreOne()).isFalse();
    }

    @Test
    void overWithNothingKilledKeepsWhatTheConcurrencyNeeded() {
        SharingPolicy policy = new SharingPolicy(8, TTL, CAP);
        assertThat(policy.decide(overNothingKilled(), situation(6, 2, true), NOW).close()).isEqualTo(4);
        assertThat(policy.decide(overNothingKilled(), situation(6, 0, true), NOW).close()).as("at least one kept").isEqualTo(5);
        assertThat(policy.decide(overNothingKilled(), situation(6, 6, true), NOW).close()).isZero();
    }

    @Test
    void oneRefusedSampleIsAProbeNotSomeoneStarving() {
        Decision decision = new SharingPolicy(4, TTL, CAP).decide(othersRefused(1), situation(3, 3, false), NOW);
        assertThat(decision.giveUp()).isEqualTo(GiveUp.NONE);
    }

    @Test
    void refusalsTwoSamplesInARowCostOneConnectionAndItsSlot() {
        SharingPolicy policy = new SharingPolicy(4, TTL, CAP);
        assertThat(policy.decide(othersRefused(2), situation(3, 3, false), NOW).giveUp()).isEqualTo(GiveUp.ONE_AND_WITHHOLD);
        assertThat(policy.decide(othersRefused(2), new Situation(3, 3, false, 0, false), NOW).giveUp())
                .as("no slot may be held back: the connection goes, the slot serves callers").isEqualTo(GiveUp.ONE);
    }

    @Test
    void anIdleConnectionGoesOnACachedSampleThatSaidOthersKeepBeingRefused() {
        Verdict cached = new Verdict(new Usage(95, 100, false, -1, false), false, false, false, 2, 0);
        SharingPolicy policy = new SharingPolicy(4, TTL, CAP);
        assertThat(policy.decide(cached, situation(2, 2, true), NOW).giveUp()).isEqualTo(GiveUp.ONE_AND_WITHHOLD);
        assertThat(policy.decide(cached, situation(2, 2, false), NOW).giveUp()).as("a returned lease: once per sample")
                .isEqualTo(GiveUp.NONE);
    }

    @Test
    void theLastConnectionServesATurnBeforeItGoes() {
        SharingPolicy policy = new SharingPolicy(4, TTL, CAP);
        long opened = NOW;
        assertThat(policy.decide(othersRefused(2), new Situation(1, 1, false, opened, true), NOW + 2 * TTL - 1).giveUp())
                .isEqualTo(GiveUp.NONE);
        assertThat(policy.decide(othersRefused(2), new Situation(1, 1, false, opened, true), NOW + 2 * TTL).giveUp())
                .isEqualTo(GiveUp.LAST);
        assertThat(policy.decide(othersRefused(2), new Situation(1, 1, true, opened, true), NOW).giveUp())
                .as("idle: at once").isEqualTo(GiveUp.LAST);
    }

    @Test
    void thePauseAfterGivingTheLastUpIsTwoToFourRetryCaps() {
        SharingPolicy policy = new SharingPolicy(4, TTL, CAP);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1000; i++) {
            assertThat(policy.pauseNanos(random)).isBetween(2 * CAP, 4 * CAP);
        }
    }

    @Test
    void hugeSettingsSaturateRatherThanOverflow() {
        SharingPolicy policy = new SharingPolicy(4, Long.MAX_VALUE, Long.MAX_VALUE);
        assertThat(policy.decide(othersRefused(2), new Situation(1, 1, false, NOW, true), NOW + TTL).giveUp())
                .isEqualTo(GiveUp.NONE);
        assertThat(policy.pauseNanos(new SplittableRandom(1))).isPositive();
    }
}
