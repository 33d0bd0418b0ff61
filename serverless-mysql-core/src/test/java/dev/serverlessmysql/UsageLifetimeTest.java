package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The usage sample's lifetime: pure arithmetic, so the fleet-wide read rate can be shown without a fleet. */
class UsageLifetimeTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();
    private static final UsageLifetime ONE_PER_ENVIRONMENT = new UsageLifetime(0.8, SECOND, 5 * SECOND, true);

    @Test
    void nearOrOverTheThresholdEveryRunSamplesWithOneConnectionPerEnvironment() {
        // Threshold 0.8 x 100 = 80; near is 90 % of it: 72.
        assertThat(ONE_PER_ENVIRONMENT.nanos(72, 100, 0.5)).isZero();
        assertThat(ONE_PER_ENVIRONMENT.nanos(100, 100, 0.5)).isZero();
        assertThat(new UsageLifetime(0.8, SECOND, 5 * SECOND, false).nanos(100, 100, 0.5))
                .as("several per environment: their runs share a sample, as before").isEqualTo(SECOND);
    }

    @Test
    void aFewConnectionsKeepTheConfiguredLifetimes() {
        assertThat(ONE_PER_ENVIRONMENT.nanos(1, 100, 0.99)).as("under half the threshold").isEqualTo(5 * SECOND);
        assertThat(ONE_PER_ENVIRONMENT.nanos(1, 2, 0.0)).as("over half of it").isEqualTo(SECOND);
        assertThat(ONE_PER_ENVIRONMENT.nanos(-1, 100, 0.5)).as("unknown").isEqualTo(SECOND);
    }

    @Test
    void withHeadroomTheLifetimeGrowsWithTheConnectionsCountedAndIsJittered() {
        long low = ONE_PER_ENVIRONMENT.nanos(2_000, 10_000, 0.0);
        long high = ONE_PER_ENVIRONMENT.nanos(2_000, 10_000, 0.999);
        assertThat(low).isGreaterThan(5 * SECOND);
        assertThat(high).isGreaterThan(low);
        assertThat((double) high / low).isBetween(1.9, 2.0);
    }

    /**
     * N environments each hold one connection (so at least N are counted) on a server with room for
     * four times as many, and each reads the usage once per lifetime. The fleet's reads per second
     * stay under one bound from 10 to a million environments, where a fixed lifetime would grow
     * them with N.
     */
    @Test
    void theFleetsUsageReadsPerSecondStayBoundedAsTheFleetGrows() {
        SplittableRandom random = new SplittableRandom(42);
        double boundUnderHalf = 2.0 / (UsageLifetime.FLEET_SPACING.toNanos() / 1e9 * 0.5);
        for (int environments : new int[] {10, 100, 1_000, 10_000, 100_000, 1_000_000}) {
            long used = environments + environments / 10; // other clients too
            long limit = 4L * environments;
            double readsPerSecond = 0;
            for (int i = 0; i < environments; i++) {
                readsPerSecond += (double) SECOND / ONE_PER_ENVIRONMENT.nanos(used, limit, random.nextDouble());
            }
            assertThat(readsPerSecond).as("%d environments", environments).isLessThanOrEqualTo(boundUnderHalf);
        }
    }

    /**
     * lambda-sim's spaced-100: 200 connections of 300, 83 % of the threshold. Each environment's
     * sample lives at least 50 s there (at 1 s per connection counted it lived 17-34 s, a read at
     * every 4th to 8th invocation of a container invoked every 4 s), and a fleet of any size
     * reads at most 4 times a second.
     */
    @Test
    void atFiveSixthsOfTheThresholdAFleetReadsAtMostFourTimesASecond() {
        assertThat(ONE_PER_ENVIRONMENT.nanos(200, 300, 0.0)).isGreaterThanOrEqualTo(49 * SECOND);
        SplittableRandom random = new SplittableRandom(11);
        for (int environments : new int[] {10, 100, 1_000, 100_000}) {
            long used = 2L * environments; // as many connections of other clients
            long limit = Math.round(used / (0.8 * 5 / 6));
            double readsPerSecond = 0;
            for (int i = 0; i < environments; i++) {
                readsPerSecond += (double) SECOND / ONE_PER_ENVIRONMENT.nanos(used, limit, random.nextDouble());
            }
            assertThat(readsPerSecond).as("%d environments", environments).isLessThanOrEqualTo(4.0);
        }
    }

    @Test
    void theSweepComesEveryIntervalInAQuietServerAndLessOftenInACrowdedOne() {
        long minute = 60 * SECOND;
        assertThat(UsageLifetime.sweepSpacing(minute, 10, 0.99)).as("10 connections").isEqualTo(minute);
        assertThat(UsageLifetime.sweepSpacing(minute, -1, 0.5)).as("count unknown").isEqualTo(minute);
        assertThat(UsageLifetime.sweepSpacing(0, 1_000, 0.5)).as("interval 0: every run, as configured").isZero();
        long low = UsageLifetime.sweepSpacing(minute, 300, 0.0);
        long high = UsageLifetime.sweepSpacing(minute, 300, 0.999);
        assertThat(low).as("300 connections, the least jitter").isEqualTo(150 * SECOND);
        assertThat(high).isBetween(299 * SECOND, 300 * SECOND);
        assertThat(UsageLifetime.sweepSpacing(minute, Long.MAX_VALUE, 0.999)).as("saturated").isEqualTo(Long.MAX_VALUE);
    }

    /**
     * N environments each hold one connection and sweep once per spacing: the fleet's processlist
     * listings per second stay under one bound from 10 to a million environments, where a fixed
     * interval of a minute would grow them with N (a million environments: 16,667 a second).
     */
    @Test
    void theFleetsSweepsPerSecondStayBoundedAsTheFleetGrows() {
        SplittableRandom random = new SplittableRandom(7);
        long minute = 60 * SECOND;
        double bound = 1.0 / (UsageLifetime.SWEEP_SPACING.toNanos() / 1e9 * 0.5);
        for (int environments : new int[] {10, 100, 1_000, 10_000, 100_000, 1_000_000}) {
            long used = environments + environments / 10;
            double sweepsPerSecond = 0;
            for (int i = 0; i < environments; i++) {
                sweepsPerSecond += (double) SECOND / UsageLifetime.sweepSpacing(minute, used, random.nextDouble());
            }
            assertThat(sweepsPerSecond).as("%d environments", environments).isLessThanOrEqualTo(bound);
        }
    }
}
