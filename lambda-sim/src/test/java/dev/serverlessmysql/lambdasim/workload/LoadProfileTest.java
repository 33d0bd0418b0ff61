package dev.serverlessmysql.lambdasim.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class LoadProfileTest {

    private static final LoadProfile SPACED = LoadProfile.spaced(100, Duration.ofSeconds(2), 700, 14);

    @Test
    void onlyTheTimeoutProfilesWarmTheirFleetFirstWithAColdWaveAndAWarmOne() {
        LoadProfile timeout = LoadProfile.timeout(10, 10, 3, LoadProfile.LAMBDA_DEFAULT_TIMEOUT);
        assertThat(timeout.warmsUpFirst()).isTrue();
        assertThat(timeout.warmUpWaves()).isEqualTo(2);
        assertThat(SPACED.warmsUpFirst()).isFalse();
        assertThat(SPACED.warmUpWaves()).isZero();
    }

    @Test
    void eachRepetitionHasTheInvocationsOfTheProfileInTimeOrderOverEveryContainer() {
        for (int repetition = 1; repetition <= 3; repetition++) {
            List<LoadProfile.Arrival> arrivals = SPACED.arrivals(100, repetition);

            assertThat(arrivals).hasSize(700);
            assertThat(arrivals).isSortedAccordingTo((a, b) -> Long.compare(a.atNanos(), b.atNanos()));
            assertThat(arrivals).allSatisfy(arrival -> assertThat(arrival.container()).isBetween(0, 99));
            // 700 arrivals at 100 containers x 0.5/s take about 14 s; every container gets some.
            assertThat(arrivals.get(699).atNanos()).isBetween(Duration.ofSeconds(10).toNanos(), Duration.ofSeconds(18).toNanos());
            assertThat(arrivals.stream().map(LoadProfile.Arrival::container).distinct().count()).isGreaterThan(95);
        }
    }

    @Test
    void theArrivalsAreSeededSoARepetitionIsTheSameEveryRunAndDiffersFromTheOthers() {
        assertThat(SPACED.arrivals(100, 2)).isEqualTo(SPACED.arrivals(100, 2));
        assertThat(SPACED.arrivals(100, 2)).isNotEqualTo(SPACED.arrivals(100, 1));
        // Repetition 1 is the profile's seed itself: the same arrivals as a profile seeded one higher gives at repetition 0 + 1.
        assertThat(LoadProfile.spaced(100, Duration.ofSeconds(2), 700, 15).arrivals(100, 1))
                .isEqualTo(SPACED.arrivals(100, 2));
    }

    @Test
    void theContainersFirstArrivalsAreSpreadOutNotOneBurst() {
        List<Long> firsts = SPACED.arrivals(100, 1).stream().collect(Collectors.groupingBy(LoadProfile.Arrival::container,
                Collectors.mapping(LoadProfile.Arrival::atNanos, Collectors.minBy(Long::compare)))).values().stream()
                .map(first -> first.orElseThrow()).sorted().toList();
        // Exponential with a mean of 2 s: about 10 % come within 0.2 s, about half after 1.4 s.
        long within = firsts.stream().filter(at -> at < Duration.ofMillis(200).toNanos()).count();
        long late = firsts.stream().filter(at -> at > Duration.ofMillis(1400).toNanos()).count();
        assertThat(within).isBetween(2L, 25L);
        assertThat(late).isBetween(30L, 70L);
    }

    @Test
    void eachContainersArrivalsAverageTheMeanInterval() {
        LoadProfile profile = LoadProfile.spaced(10, Duration.ofSeconds(2), 5000, 14);
        Map<Integer, List<Long>> byContainer = profile.arrivals(10, 1).stream().collect(Collectors.groupingBy(
                LoadProfile.Arrival::container, Collectors.mapping(LoadProfile.Arrival::atNanos, Collectors.toList())));
        for (List<Long> times : byContainer.values()) {
            double meanSeconds = times.get(times.size() - 1) / 1e9 / times.size();
            assertThat(meanSeconds).isBetween(1.7, 2.3);
        }
    }

    @Test
    void spacedDoesNotRunOnOneSharedFleet() {
        assertThatThrownBy(() -> SPACED.run(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FleetRun.runSpaced");
    }

    @Test
    void aTimeoutProfileIsLabelledByItsMultipleOfMaxConnectionsAndCarriesItsFunctionTimeout() {
        LoadProfile profile = LoadProfile.timeout(10, 10, 3, LoadProfile.LAMBDA_DEFAULT_TIMEOUT);

        assertThat(profile.label()).isEqualTo("timeout-10x");
        assertThat(profile.width()).isEqualTo(100);
        assertThat(profile.functionTimeoutOr(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(3));
        assertThat(LoadProfile.burst(50, 3, Duration.ofSeconds(1)).functionTimeoutOr(Duration.ofSeconds(30)))
                .as("the older profiles keep the run's default").isEqualTo(Duration.ofSeconds(30));
    }
}
