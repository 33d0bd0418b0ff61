package dev.serverlessmysql.lambdasim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.serverlessmysql.lambdasim.workload.LoadProfile;

/** The Markdown tables on hand-made runs. */
class ReportTest {

    @Test
    void aKindThatRanFewerWavesOfTheSameProfileIsNamedWithItsOwnForm() {
        LoadProfile compared = LoadProfile.burst(50, 5, Duration.ofSeconds(1));
        LoadProfile beside = LoadProfile.burst(50, 2, Duration.ofSeconds(1));
        Report report = new Report(List.of(TargetsTest.run("light", compared, 10, 1, 2.0, 5.0),
                TargetsTest.run("light-hikari", beside, 10, 1, 1.0, 4.0)), Map.of());

        String tables = report.markdownTables();

        assertThat(tables).contains("### burst-50 — 5 waves of 50 concurrent invocations, 1000 ms apart");
        assertThat(tables).contains("light-hikari: 2 waves of 50 concurrent invocations, 1000 ms apart.");
        assertThat(tables).doesNotContain("light: 2 waves");
    }
}
