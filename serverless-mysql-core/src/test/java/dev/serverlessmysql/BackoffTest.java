package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The built-in backoff policies: their bounds, their spread and their reproducibility. */
class BackoffTest {

    private static final Duration BASE = Duration.ofMillis(2);
    private static final Duration CAP = Duration.ofMillis(100);
    private static final int DRAWS = 10_000;

    @Test
    void fullJitterStaysWithinZeroAndTheExponentialCeilingForEveryAttempt() {
        Backoff backoff = Backoff.fullJitter(BASE, CAP);
        RandomGenerator random = new SplittableRandom(42);
        for (int attempt = 0; attempt <= 20; attempt++) {
            int current = attempt;
            long ceiling = Math.min(CAP.toNanos(), BASE.toNanos() * (1L << attempt));
            LongSummaryStatistics stats = draw(DRAWS, () -> backoff.nextDelay(current, Duration.ZERO, random));
            assertThat(stats.getMin()).as("attempt %d min", attempt).isGreaterThanOrEqualTo(0);
            assertThat(stats.getMax()).as("attempt %d max", attempt).isLessThanOrEqualTo(ceiling);
            assertSpread(stats, 0, ceiling, "attempt " + attempt);
        }
    }

    @Test
    void fullJitterCeilingDoublesUntilTheCap() {
        FullJitterBackoff backoff = new FullJitterBackoff(BASE, CAP);
        assertThat(backoff.ceilingNanos(0)).isEqualTo(2_000_000);
        assertThat(backoff.ceilingNanos(1)).isEqualTo(4_000_000);
        assertThat(backoff.ceilingNanos(5)).isEqualTo(64_000_000);
        assertThat(backoff.ceilingNanos(6)).isEqualTo(100_000_000);
    }

    @ParameterizedTest
    @ValueSource(ints = {30, 31, 32, 62, 63, 64, 65, 100, 1000, Integer.MAX_VALUE})
    void fullJitterDoesNotOverflowForLargeAttempts(int attempt) {
        FullJitterBackoff backoff = new FullJitterBackoff(BASE, CAP);
        assertThat(backoff.ceilingNanos(attempt)).isEqualTo(CAP.toNanos());
        RandomGenerator random = new SplittableRandom(7);
        LongSummaryStatistics stats = draw(1_000, () -> backoff.nextDelay(attempt, Duration.ZERO, random));
        assertThat(stats.getMin()).isGreaterThanOrEqualTo(0);
        assertThat(stats.getMax()).isLessThanOrEqualTo(CAP.toNanos());
        assertSpread(stats, 0, CAP.toNanos(), "attempt " + attempt);
    }

    @Test
    void fullJitterWithAHugeCapStillNeverGoesNegative() {
        // A cap beyond what nanoseconds can count (about 292 years) must saturate, not wrap.
        FullJitterBackoff backoff = new FullJitterBackoff(Duration.ofNanos(1), Duration.ofDays(365L * 1000));
        assertThat(backoff.ceilingNanos(62)).isEqualTo(1L << 62);
        assertThat(backoff.ceilingNanos(63)).isEqualTo(Long.MAX_VALUE);
        RandomGenerator random = new SplittableRandom(3);
        for (int i = 0; i < 1_000; i++) {
            assertThat(backoff.nextDelay(200, Duration.ZERO, random)).isGreaterThanOrEqualTo(Duration.ZERO);
        }
    }

    @Test
    void fullJitterRejectsANegativeAttempt() {
        Backoff backoff = Backoff.fullJitter(BASE, CAP);
        assertThatThrownBy(() -> backoff.nextDelay(-1, Duration.ZERO, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void decorrelatedJitterFirstDelayIsBetweenBaseAndThreeTimesBase() {
        Backoff backoff = Backoff.decorrelatedJitter(BASE, CAP);
        RandomGenerator random = new SplittableRandom(42);
        long low = BASE.toNanos();
        long high = 3 * BASE.toNanos();
        LongSummaryStatistics stats = draw(DRAWS, () -> backoff.nextDelay(0, Duration.ZERO, random));
        assertThat(stats.getMin()).isGreaterThanOrEqualTo(low);
        assertThat(stats.getMax()).isLessThanOrEqualTo(high);
        assertSpread(stats, low, high, "first delay");
    }

    @Test
    void decorrelatedJitterTreatsAPreviousDelayBelowBaseAsBase() {
        Backoff backoff = Backoff.decorrelatedJitter(BASE, CAP);
        RandomGenerator random = new SplittableRandom(5);
        for (Duration previous : List.of(Duration.ofNanos(1), Duration.ofMillis(1), Duration.ofMillis(-5))) {
            LongSummaryStatistics stats = draw(DRAWS, () -> backoff.nextDelay(3, previous, random));
            assertThat(stats.getMin()).as("previous %s", previous).isGreaterThanOrEqualTo(BASE.toNanos());
            assertThat(stats.getMax()).as("previous %s", previous).isLessThanOrEqualTo(3 * BASE.toNanos());
        }
    }

    @Test
    void decorrelatedJitterStaysWithinBaseAndThreeTimesPreviousCappedAlongARetrySequence() {
        Backoff backoff = Backoff.decorrelatedJitter(BASE, CAP);
        RandomGenerator random = new SplittableRandom(42);
        boolean reachedCap = false;
        for (int sequence = 0; sequence < 500; sequence++) {
            Duration previous = Duration.ZERO;
            for (int attempt = 0; attempt <= 20; attempt++) {
                Duration delay = backoff.nextDelay(attempt, previous, random);
                long upper = Math.min(CAP.toNanos(), 3 * Math.max(BASE.toNanos(), previous.toNanos()));
                assertThat(delay.toNanos()).as("attempt %d after %s", attempt, previous)
                        .isBetween(BASE.toNanos(), upper);
                reachedCap |= delay.equals(CAP);
                previous = delay;
            }
        }
        assertThat(reachedCap).as("a long sequence grows until the cap").isTrue();
    }

    @Test
    void decorrelatedJitterSpreadsOverTheWholeWindowBelowTheCap() {
        Backoff backoff = Backoff.decorrelatedJitter(BASE, CAP);
        RandomGenerator random = new SplittableRandom(11);
        Duration previous = Duration.ofMillis(20);
        LongSummaryStatistics stats = draw(DRAWS, () -> backoff.nextDelay(4, previous, random));
        assertThat(stats.getMin()).isGreaterThanOrEqualTo(BASE.toNanos());
        assertThat(stats.getMax()).isLessThanOrEqualTo(60_000_000);
        assertSpread(stats, BASE.toNanos(), 60_000_000, "previous 20ms");
    }

    @Test
    void decorrelatedJitterSaturatesForAHugePreviousDelay() {
        Backoff backoff = Backoff.decorrelatedJitter(BASE, CAP);
        RandomGenerator random = new SplittableRandom(9);
        for (Duration previous : List.of(Duration.ofNanos(Long.MAX_VALUE / 2), Duration.ofDays(365L * 1000))) {
            assertThat(backoff.nextDelay(0, previous, random)).isBetween(BASE, CAP);
        }
    }

    @Test
    void sameSeedGivesTheSameSequence() {
        for (Backoff backoff : List.of(Backoff.fullJitter(BASE, CAP), Backoff.decorrelatedJitter(BASE, CAP))) {
            assertThat(sequence(backoff, new SplittableRandom(1234)))
                    .as(backoff.toString())
                    .isEqualTo(sequence(backoff, new SplittableRandom(1234)));
        }
    }

    @Test
    void differentSeedsGiveDifferentSequences() {
        for (Backoff backoff : List.of(Backoff.fullJitter(BASE, CAP), Backoff.decorrelatedJitter(BASE, CAP))) {
            assertThat(sequence(backoff, new SplittableRandom(1)))
                    .as(backoff.toString())
                    .isNotEqualTo(sequence(backoff, new SplittableRandom(2)));
        }
    }

    @Test
    void baseEqualToCapIsAccepted() {
        Duration same = Duration.ofMillis(5);
        RandomGenerator random = new SplittableRandom(8);
        assertThat(Backoff.fullJitter(same, same).nextDelay(10, Duration.ZERO, random)).isBetween(Duration.ZERO, same);
        assertThat(Backoff.decorrelatedJitter(same, same).nextDelay(10, same, random)).isEqualTo(same);
    }

    @Test
    void invalidBaseOrCapIsRejectedNamingTheValue() {
        List<BiFunction<Duration, Duration, Backoff>> factories = List.of(Backoff::fullJitter, Backoff::decorrelatedJitter);
        for (BiFunction<Duration, Duration, Backoff> factory : factories) {
            assertThatThrownBy(() -> factory.apply(Duration.ZERO, CAP))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("base").hasMessageContaining("PT0S");
            assertThatThrownBy(() -> factory.apply(Duration.ofMillis(-1), CAP))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("base").hasMessageContaining("PT-0.001S");
            assertThatThrownBy(() -> factory.apply(null, CAP))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("base").hasMessageContaining("null");
            assertThatThrownBy(() -> factory.apply(Duration.ofMillis(10), Duration.ofMillis(9)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cap").hasMessageContaining("PT0.009S").hasMessageContaining("PT0.01S");
            assertThatThrownBy(() -> factory.apply(BASE, null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cap").hasMessageContaining("null");
        }
    }

    @Test
    void toStringNamesThePolicyBaseAndCap() {
        assertThat(Backoff.fullJitter(BASE, CAP)).hasToString("full-jitter backoff (base PT0.002S, cap PT0.1S)");
        assertThat(Backoff.decorrelatedJitter(BASE, CAP))
                .hasToString("decorrelated-jitter backoff (base PT0.002S, cap PT0.1S)");
    }

    @Test
    void policiesWithTheSameSettingsAreEqual() {
        assertThat(Backoff.fullJitter(BASE, CAP)).isEqualTo(Backoff.fullJitter(BASE, CAP))
                .hasSameHashCodeAs(Backoff.fullJitter(BASE, CAP))
                .isNotEqualTo(Backoff.fullJitter(BASE, Duration.ofMillis(50)))
                .isNotEqualTo(Backoff.decorrelatedJitter(BASE, CAP));
        assertThat(Backoff.decorrelatedJitter(BASE, CAP)).isEqualTo(Backoff.decorrelatedJitter(BASE, CAP))
                .isNotEqualTo(Backoff.decorrelatedJitter(Duration.ofMillis(1), CAP));
    }

    private static LongSummaryStatistics draw(int count, Supplier<Duration> next) {
        LongSummaryStatistics stats = new LongSummaryStatistics();
        for (int i = 0; i < count; i++) {
            stats.accept(next.get().toNanos());
        }
        return stats;
    }

    /**
     * A policy that returned a constant, or only a corner of its window, would still pass the
     * bounds checks; over thousands of draws a uniform draw reaches both quarters.
     */
    private static void assertSpread(LongSummaryStatistics stats, long low, long high, String what) {
        long width = high - low;
        assertThat(stats.getMin() - low).as("%s: lowest draw within the bottom quarter", what).isLessThan(width / 4);
        assertThat(stats.getMax() - low).as("%s: highest draw within the top quarter", what).isGreaterThan(width * 3 / 4);
        double mean = stats.getAverage() - low;
        assertThat(mean).as("%s: mean near the middle", what).isBetween(width * 0.4, width * 0.6);
    }

    private static List<Duration> sequence(Backoff backoff, RandomGenerator random) {
        List<Duration> delays = new ArrayList<>();
        Duration previous = Duration.ZERO;
        for (int attempt = 0; attempt < 50; attempt++) {
            previous = backoff.nextDelay(attempt, previous, random);
            delays.add(previous);
        }
        return delays;
    }
}
