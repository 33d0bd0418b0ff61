package dev.serverlessmysql.lambdasim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.serverlessmysql.lambdasim.report.MultiConcurrencyTargets.Figures;

/** Which baseline each Managed Instances target compares with, and what counts as a failure. */
class MultiConcurrencyTargetsTest {

    @Test
    void aFleetThatFitsIsComparedWithHikariSizedToTheConcurrency() {
        Map<String, Figures> kinds = new LinkedHashMap<>();
        kinds.put("light", new Figures(960, 0, 0, 0, 1920));
        kinds.put("light-hikari-pool", new Figures(1000, 0, 0, 0, 1920));
        kinds.put("light-hikari", new Figures(400, 0, 0, 0, 1920));

        List<Targets.Check> checks = MultiConcurrencyTargets.checks("multi-concurrency-4x8", 4, 10, kinds);

        assertThat(checks).singleElement().satisfies(check -> {
            assertThat(check.target()).contains(">= 0.95 x light-hikari-pool");
            assertThat(check.measured()).startsWith("0.96 x");
            assertThat(check.met()).isTrue();
        });
        kinds.put("light", new Figures(940, 0, 0, 0, 1920));
        assertThat(MultiConcurrencyTargets.checks("multi-concurrency-4x8", 4, 10, kinds).get(0).met()).isFalse();
    }

    @Test
    void aFleetThatDoesNotFitAsksForNoFailureAndHikariPoolOfOnesThroughput() {
        Map<String, Figures> kinds = new LinkedHashMap<>();
        kinds.put("light", new Figures(410, 0, 0, 0, 10080));
        kinds.put("light-hikari-pool", new Figures(760, 0, 0, 26, 10080));
        kinds.put("light-hikari", new Figures(405, 0, 81, 0, 10080));

        List<Targets.Check> checks = MultiConcurrencyTargets.checks("multi-concurrency-12x8", 12, 10, kinds);

        assertThat(checks).hasSize(2);
        assertThat(checks.get(0).target()).contains("0 failures");
        assertThat(checks.get(0).met()).isTrue();
        // HikariCP's lost environments and failed warm-up requests are failures in the comparison.
        assertThat(checks.get(0).comparison()).contains("light-hikari-pool: 760 req/s, 26 failures")
                .contains("light-hikari: 405 req/s, 81 failures");
        assertThat(checks.get(1).target()).contains(">= 1.0 x light-hikari's");
        assertThat(checks.get(1).met()).isTrue();

        kinds.put("light", new Figures(500, 0, 1, 0, 10080));
        kinds.put("light-hikari", new Figures(600, 0, 81, 0, 10080));
        checks = MultiConcurrencyTargets.checks("multi-concurrency-12x8", 12, 10, kinds);
        assertThat(checks.get(0).met()).as("a failed warm-up request is a failure").isFalse();
        assertThat(checks.get(1).met()).isFalse();
    }

    @Test
    void figuresCountEnvironmentsLostAtInitAsFailures() {
        assertThat(new Figures(1, 2, 3, 4, 100).failures()).isEqualTo(9);
    }
}
